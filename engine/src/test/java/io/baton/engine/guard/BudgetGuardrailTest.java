package io.baton.engine.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.baton.engine.journal.Limit;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The budget guardrail: spend today = node-hours run today × price + nodes after the decision × hours
 * left today × price, from the RUNNING transitions the guardrails saw.
 */
class BudgetGuardrailTest {
    private static final GuardrailSettings SETTINGS = new GuardrailSettings(Duration.ZERO, Duration.ZERO, 10, false, false);
    private static final long H = 3_600_000L;
    private static final long DAY = Instant.parse("2026-03-10T00:00:00Z").toEpochMilli();
    private final Pool web = new Pool("web", "acme", "web", "nginx", 0, 100, 4);
    private final Map<String, Integer> capacity = new HashMap<>();

    private Guardrails guardrails(Budget budget) {
        CustomerFleet fleet = new CustomerFleet() {
            @Override public Collection<Pool> poolsOf(String customer) { return customer.equals("acme") ? List.of(web) : List.of(); }
            @Override public int capacity(String pool) { return capacity.getOrDefault(pool, 0); }
        };
        return new Guardrails(p -> SETTINGS, null, c -> Long.MAX_VALUE, c -> capacity.getOrDefault("web", 0), pool -> null,
                c -> c.equals("acme") ? budget : null, fleet);
    }

    private void run(Guardrails g, String node, long from, long to) {
        g.lifecycle(LifecycleEvent.of(web, node, NodeState.RUNNING, "", from, ""));
        if (to > 0) g.lifecycle(LifecycleEvent.of(web, node, NodeState.TERMINATED, "", to, ""));
    }

    private static Decision scaleOut(int n, String requester) {
        return new Decision(null, DecisionKind.SCALE_OUT, "web", n, null, "CPU is high", List.of(), requester);
    }

    /**
     * At 06:00 UTC: web-1 ran 23:00 yesterday to 02:00 (2 h of it today), web-2 and web-3 run since 04:00
     * (2 h each): 6 node-hours today at 2 EUR = 12 EUR. The 2 held nodes to midnight (18 h) cost 72 EUR.
     */
    private Guardrails withHistory(Budget budget) {
        Guardrails g = guardrails(budget);
        run(g, "web-1", DAY - H, DAY + 2 * H);
        run(g, "web-2", DAY + 4 * H, 0);
        run(g, "web-3", DAY + 4 * H, 0);
        capacity.put("web", 2);
        return g;
    }

    @Test
    void theSpendTodayCountsOnlyTodaysRunningHoursAndWhatTheHeldNodesCostToMidnight() {
        Guardrails g = withHistory(Budget.perNodeHour(130, "EUR", 2.0));
        BudgetStatus s = g.budget("acme", DAY + 6 * H);
        assertThat(s.day()).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(s.nodeHoursToday()).isCloseTo(6.0, within(1e-9));
        assertThat(s.spentToday()).isCloseTo(12.0, within(1e-9));
        assertThat(s.committed()).isCloseTo(72.0, within(1e-9));
        assertThat(s.remaining()).isCloseTo(118.0, within(1e-9));
        assertThat(s.remainingAfterCommitted()).isCloseTo(46.0, within(1e-9));
        assertThat(s.hoursLeft()).isCloseTo(18.0, within(1e-9));
        assertThat(g.budget("globex", DAY)).isNull();
    }

    @Test
    void aRuleScaleOutIsClampedToTheNodesThatFitAndTheJournalNamesTheBudget() {
        // 46 EUR left after what is committed; one more node to midnight costs 18 h × 2 = 36: one fits of 3
        Guardrails g = withHistory(Budget.perNodeHour(130, "EUR", 2.0));
        Verdict v = g.normalize(scaleOut(3, "rules"), web, 2, DAY + 6 * H, null, PoolHealth.UNKNOWN);
        assertThat(v.outcome()).isEqualTo(Outcome.CLAMPED);
        assertThat(v.approved()).isEqualTo(1);
        assertThat(v.limits()).containsExactly(Limit.BUDGET);
        assertThat(String.join(" ", v.reasons())).contains("budget: customer acme may spend 130.00 EUR a day (2026-03-10, UTC), spent 12.00 today");
    }

    @Test
    void aPriceAPerCoreHourIsChargedForEveryCoreOfTheNode() {
        // 0.5 EUR a core-hour × 4 cores = 2 EUR a node-hour: the same figures as above
        Guardrails g = withHistory(new Budget(130, "EUR", 0, 0.5, ZoneId.of("UTC")));
        assertThat(g.budget("acme", DAY + 6 * H).spentToday()).isCloseTo(12.0, within(1e-9));
        assertThat(g.normalize(scaleOut(3, "rules"), web, 2, DAY + 6 * H, null, PoolHealth.UNKNOWN).approved()).isEqualTo(1);
    }

    @Test
    void whenNothingFitsTheRuleScaleOutIsSuppressedAndAPlannedRequestThatDoesNotFitIsRefusedWhole() {
        Guardrails tight = withHistory(Budget.perNodeHour(100, "EUR", 2.0)); // 16 left, a node costs 36
        Verdict none = tight.normalize(scaleOut(2, "rules"), web, 2, DAY + 6 * H, null, PoolHealth.UNKNOWN);
        assertThat(none.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(none.limits()).contains(Limit.BUDGET);

        Guardrails roomForOne = withHistory(Budget.perNodeHour(130, "EUR", 2.0));
        Verdict planned = roomForOne.normalize(scaleOut(2, "acme"), web, 2, DAY + 6 * H, null, PoolHealth.UNKNOWN);
        assertThat(planned.outcome()).isEqualTo(Outcome.SUPPRESSED);
        assertThat(planned.approved()).isZero();
    }

    @Test
    void growthDispatchedButNotYetReportedCountsAgainstTheBudget() {
        Guardrails g = withHistory(Budget.perNodeHour(170, "EUR", 2.0)); // 86 left: 2 nodes (72) fit, not 3
        Verdict first = g.normalize(scaleOut(1, "rules"), web, 2, DAY + 6 * H, null, PoolHealth.UNKNOWN);
        assertThat(first.approved()).isEqualTo(1);
        g.dispatching(first.decision(), web, DAY + 6 * H);
        Verdict second = g.normalize(scaleOut(5, "rules"), web, 2, DAY + 6 * H, null, PoolHealth.UNKNOWN);
        assertThat(second.approved()).isEqualTo(1);
        assertThat(second.outcome()).isEqualTo(Outcome.CLAMPED);
    }

    @Test
    void replacementsAndARefillToTheMinimumAreNeverHeldBackByTheBudget() {
        Guardrails g = withHistory(Budget.perNodeHour(0, "EUR", 2.0));
        Decision replace = new Decision(null, DecisionKind.REPLACE_NODE, "web", 1, "web-2", "crashed", List.of(), "rules");
        assertThat(g.normalize(replace, web, 2, DAY + 6 * H, NodeState.FAILED, PoolHealth.UNKNOWN).outcome()).isEqualTo(Outcome.EXECUTED);
        Pool min3 = new Pool("web", "acme", "web", "nginx", 3, 100, 4);
        Decision refill = new Decision(null, DecisionKind.SET_CAPACITY, "web", 3, null, "below its minimum", List.of(), "rules");
        Verdict v = g.normalize(refill, min3, 2, DAY + 6 * H, null, PoolHealth.UNKNOWN);
        assertThat(v.approved()).isEqualTo(1);
        assertThat(v.limits()).doesNotContain(Limit.BUDGET);
    }

    @Test
    void theDayOfABudgetInAZoneStartsAtLocalMidnight() {
        // Berlin is UTC+1 in March before DST: its 2026-03-10 began at 2026-03-09T23:00Z; at 06:00Z
        // web-1's 23:00Z-02:00Z is 3 h of that day, web-2 and web-3 2 h each: 7 node-hours; 17 h are left
        Guardrails g = withHistory(new Budget(500, "EUR", 2.0, 0, ZoneId.of("Europe/Berlin")));
        BudgetStatus s = g.budget("acme", DAY + 6 * H);
        assertThat(s.nodeHoursToday()).isCloseTo(7.0, within(1e-9));
        assertThat(s.hoursLeft()).isCloseTo(17.0, within(1e-9));
    }
}
