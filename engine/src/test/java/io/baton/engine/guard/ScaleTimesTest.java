package io.baton.engine.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scale times a leader's guardrails hand on: a new leader that restores them honours the old one's cooldowns. */
class ScaleTimesTest {
    private static final Pool WEB = new Pool("web", "acme", "web", "nginx", 0, 100, 1);
    private static final GuardrailSettings SETTINGS = new GuardrailSettings(Duration.ofSeconds(180), Duration.ofSeconds(300), 10, false, false);

    private static Guardrails guardrails() {
        return new Guardrails(p -> SETTINGS, (pool, current, after) -> null, c -> Long.MAX_VALUE, c -> 0);
    }

    private static Decision ruleScaleOut(int n) {
        return new Decision(null, DecisionKind.SCALE_OUT, "web", n, null, "CPU is high", List.of(), "rules");
    }

    @Test
    void anAcceptedScaleOutIsHandedOnAndANewLeaderHoldsTheNextOneUntilTheCooldownEnds() {
        List<ScaleTimes> handedOn = new ArrayList<>();
        Guardrails old = guardrails();
        old.onScaled((pool, t) -> handedOn.add(t));
        long t0 = 1_000_000L;
        Verdict first = old.normalize(ruleScaleOut(2), WEB, 4, t0, null, PoolHealth.UNKNOWN);
        assertThat(first.outcome()).isNotEqualTo(Outcome.SUPPRESSED);
        old.accepted(first, WEB, t0, null);
        assertThat(handedOn).containsExactly(new ScaleTimes(t0, t0));

        Guardrails next = guardrails();
        next.restore("web", handedOn.get(0));
        Verdict within = next.normalize(ruleScaleOut(2), WEB, 6, t0 + 60_000, null, PoolHealth.UNKNOWN);
        assertThat(within.approved()).isZero();
        assertThat(String.join(" ", within.reasons())).contains("scale-out cooldown 180s");
        Verdict after = next.normalize(ruleScaleOut(2), WEB, 6, t0 + 180_000, null, PoolHealth.UNKNOWN);
        assertThat(after.approved()).isEqualTo(2);
    }

    @Test
    void aFreshLeaderWithoutTheTimesWouldActAtOnce() {
        Guardrails fresh = guardrails();
        assertThat(fresh.normalize(ruleScaleOut(2), WEB, 6, 1_060_000L, null, PoolHealth.UNKNOWN).approved()).isEqualTo(2);
        assertThat(fresh.scaleTimes("web")).isEqualTo(new ScaleTimes(0, 0));
    }
}
