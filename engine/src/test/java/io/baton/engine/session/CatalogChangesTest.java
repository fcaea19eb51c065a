package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.ShippedRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pools added, changed and removed while the engine runs (the pool catalog's changes). */
class CatalogChangesTest {

    private static EngineFixture fixture(int nodes) {
        return new EngineFixture(new PolicyManager(ShippedRules.DIR, new RuleCompiler()).load(), GuardrailSettings.DEFAULTS, nodes);
    }

    @Test
    void aChangedPoolKeepsItsNodesAndItsWindowsAndTheRulesSeeItsNewLimits() {
        try (EngineFixture f = fixture(2)) {
            f.run(60, "cpu", 95);
            f.engine.putPool(new Pool("web", "acme", "shop", "nginx:1.27", 2, 3, 2)); // max 10 -> 3
            assertThat(f.engine.pool("web").getNodes()).as("nodes stay").isEqualTo(2);
            assertThat(f.engine.pool("web").getMax()).isEqualTo(3);
            f.run(55, "cpu", 95);
            assertThat(f.fleet.decisions()).as("115 s above 80%: not yet 2 minutes").isEmpty();
            f.run(10, "cpu", 95);
            // 125 s in all: the window of before the change still counts (a fresh window would need 2 more minutes)
            assertThat(f.fleet.decisions()).singleElement().satisfies(d -> {
                assertThat(d.getKind()).isEqualTo(DecisionKind.SCALE_OUT);
                assertThat(d.getAmount()).as("the rule's +2 clamped to the new max of 3").isEqualTo(1);
            });
        }
    }

    @Test
    void anAddedPoolTakesSamplesAndARemovedOneNoMore() {
        try (EngineFixture f = fixture(2)) {
            f.engine.putPool(new Pool("api", "acme", "shop", "", 0, 4, 1));
            f.engine.ingest(List.of(new Sample("api", "", "queue_depth", 7, f.now)));
            f.engine.evaluate(f.now);
            assertThat(f.engine.poolMetric("api", "queue_depth")).isNotNull();
            assertThat(f.engine.dropped().getOrDefault(DropReason.UNKNOWN_POOL, 0L)).isZero();

            f.engine.removePool("api");
            assertThat(f.engine.pool("api")).isNull();
            assertThat(f.engine.poolMetric("api", "queue_depth")).as("its metrics go with it").isNull();
            f.engine.ingest(List.of(new Sample("api", "", "queue_depth", 8, f.now + 1000)));
            f.engine.evaluate(f.now + 1000);
            assertThat(f.engine.dropped().get(DropReason.UNKNOWN_POOL)).isEqualTo(1);
        }
    }

    @Test
    void aPoolThatHoldsNodesIsNotRemoved() {
        try (EngineFixture f = fixture(2)) {
            assertThatThrownBy(() -> f.engine.removePool("web")).isInstanceOf(IllegalStateException.class).hasMessageContaining("web-");
            assertThat(f.engine.pool("web").getNodes()).isEqualTo(2);
            f.run(1, "cpu", 50);
            assertThat(f.engine.poolMetric("web", "cpu")).isNotNull();
        }
    }
}
