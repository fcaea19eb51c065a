package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.Node;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.port.Actuator;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.ShippedRules;
import io.baton.engine.scenario.SimulatedFleet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A decision is EXECUTED only once the actuator accepted it; a failed dispatch starts no cooldown. */
class ActThenJournalTest {

    /** A simulated fleet whose first {@code failures} dispatches throw. */
    private static final class FlakyFleet implements Actuator {
        final SimulatedFleet fleet;
        int failures;
        final List<String> journaledBeforeApply = new ArrayList<>();
        DecisionJournal journal;

        FlakyFleet(SimulatedFleet fleet, int failures) {
            this.fleet = fleet;
            this.failures = failures;
        }

        @Override public String type() { return "flaky"; }
        @Override public boolean ready(Pool pool) { return true; }
        @Override public List<Node> status(Pool pool) { return fleet.status(pool); }
        @Override public void apply(Pool pool, Decision d) {
            journal.all().stream().filter(e -> e.decisionId().equals(d.getId()) && e.outcome() != Outcome.FAILED)
                    .forEach(e -> journaledBeforeApply.add(e.describe()));
            if (failures-- > 0) throw new IllegalStateException("backend said no");
            fleet.apply(pool, d);
        }
    }

    @Test
    void aThrowingActuatorIsJournaledFailedStartsNoCooldownAndIsRetried() {
        long start = EngineFixture.START;
        long[] now = {start};
        Pool web = new Pool("web", "acme", "shop", "nginx", 2, 10, 1);
        DecisionJournal journal = new DecisionJournal(1000);
        RuleEngine[] holder = new RuleEngine[1];
        SimulatedFleet sim = new SimulatedFleet(e -> holder[0].lifecycle(e), () -> now[0]);
        FlakyFleet flaky = new FlakyFleet(sim, 1);
        flaky.journal = journal;
        try (RuleEngine engine = new RuleEngine(EngineSettings.defaults().withPseudoClock(true),
                new PolicyManager(ShippedRules.DIR, new RuleCompiler()).load(), List.of(web), p -> flaky,
                p -> GuardrailSettings.DEFAULTS, journal, start)) {
            holder[0] = engine;
            sim.seed(web, 3);
            for (int s = 1; s <= 125; s++) {
                now[0] = start + s * 1000L;
                List<Sample> batch = new ArrayList<>();
                for (String n : sim.running("web")) batch.add(new Sample("web", n, "cpu", 90, now[0]));
                engine.ingest(batch);
                engine.evaluate(now[0]);
            }
        }
        List<JournalEntry> entries = journal.all();
        assertThat(entries).extracting(JournalEntry::outcome).containsExactly(Outcome.FAILED, Outcome.EXECUTED, Outcome.SUPPRESSED);
        assertThat(entries.get(2).limits()).containsExactly(io.baton.engine.journal.Limit.COOLDOWN); // the cooldown runs from the success
        JournalEntry failed = entries.get(0);
        assertThat(failed.reasons()).anyMatch(r -> r.contains("actuator error: backend said no"));
        assertThat(failed.approved()).isZero();
        JournalEntry retried = entries.get(1);
        assertThat(retried.time() - failed.time()).isEqualTo(1000); // the very next evaluation: no cooldown
        assertThat(retried.approved()).isEqualTo(2);
        assertThat(sim.running("web")).hasSize(5);
        assertThat(flaky.journaledBeforeApply).isEmpty(); // nothing was journaled as done before the actuator answered
    }
}
