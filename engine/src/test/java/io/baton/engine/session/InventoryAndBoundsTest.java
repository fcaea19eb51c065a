package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.PoolMetric;
import io.baton.engine.model.Sample;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.ShippedRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.rules.CompileResult;
import org.junit.jupiter.api.Test;

/** Telemetry never creates capacity, and what the engine lets in is checked and bounded. */
class InventoryAndBoundsTest {

    private static EngineFixture fixture(int nodes) {
        return new EngineFixture(new PolicyManager(ShippedRules.DIR, new RuleCompiler()).load(), GuardrailSettings.DEFAULTS, nodes);
    }

    @Test
    void samplesAndProbesOfNodesNoActuatorReportedAreDroppedAndCounted() {
        try (EngineFixture f = fixture(2)) {
            List<Sample> forged = new ArrayList<>();
            for (int i = 1; i <= 6; i++) forged.add(new Sample("web", "fake" + i, "cpu", 10, f.now));
            f.engine.ingest(forged);
            f.engine.health(new NodeHealth("web", "fake1", false, 0, f.now));
            f.engine.evaluate(f.now);

            assertThat(f.web.getNodes()).isEqualTo(2);
            assertThat(f.engine.nodes()).extracting(n -> n.getId()).containsExactlyInAnyOrder("web-1", "web-2");
            assertThat(f.engine.dropped().get(DropReason.UNKNOWN_NODE)).isEqualTo(7);
            assertThat(f.engine.poolMetric("web", "cpu")).isNull();
        }
    }

    @Test
    void forgedNodesAboveTheMaximumDrainNothing() {
        try (EngineFixture f = fixture(2)) {
            for (int s = 0; s < 60; s++) {
                f.now += 1000;
                List<Sample> batch = new ArrayList<>();
                for (int i = 1; i <= 12; i++) batch.add(new Sample("web", "fake" + i, "cpu", 10, f.now));
                f.engine.ingest(batch);
                f.engine.evaluate(f.now);
            }
            assertThat(f.fleet.decisions()).isEmpty();
            assertThat(f.fleet.running("web")).containsExactly("web-1", "web-2");
        }
    }

    @Test
    void aSampleWithNoNodeIsAPoolLevelReadingThatCountsAsNoNode() {
        try (EngineFixture f = fixture(2)) {
            f.engine.ingest(List.of(new Sample("web", "", "queue_depth", 42, f.now)));
            f.engine.evaluate(f.now);
            PoolMetric q = f.engine.poolMetric("web", "queue_depth");
            assertThat(q.getValue()).isEqualTo(42.0);
            assertThat(q.getNodes()).isZero();
            assertThat(f.web.getNodes()).isEqualTo(2);
            assertThat(f.engine.nodes()).hasSize(2);
        }
    }

    @Test
    void futureDatedStaleAndNonFiniteSamplesDoNotChangeWhatTheEngineSees() {
        try (EngineFixture f = fixture(2)) {
            f.run(5, "cpu", 30);
            long hourAhead = f.now + 3_600_000;
            f.engine.ingest(List.of(new Sample("web", "web-1", "cpu", 99, hourAhead), new Sample("web", "web-2", "cpu", 99, hourAhead),
                    new Sample("web", "web-1", "cpu", 99, f.now - 13 * 60_000), new Sample("web", "web-2", "cpu", Double.NaN, f.now),
                    new Sample("web", "web-2", "cpu", Double.POSITIVE_INFINITY, f.now)));
            f.engine.evaluate(f.now);
            assertThat(f.engine.poolMetric("web", "cpu").getValue()).isEqualTo(30.0);
            assertThat(f.engine.dropped()).containsEntry(DropReason.FUTURE, 2L).containsEntry(DropReason.STALE, 1L)
                    .containsEntry(DropReason.NON_FINITE, 2L);
            f.run(130, "cpu", 30);
            assertThat(f.fleet.decisions()).isEmpty();
            assertThat(f.engine.newestEventTime()).isEqualTo(f.now);
        }
    }

    @Test
    void aPoolKeepsAtMostTheCapOfMetrics() {
        try (EngineFixture f = fixture(1)) {
            List<Sample> flood = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) flood.add(new Sample("web", "web-1", "field_" + i, i, f.now));
            f.engine.ingest(flood);
            f.engine.evaluate(f.now);
            assertThat(f.engine.metricCount("web")).isEqualTo(EngineSettings.defaults().maxMetricsPerPool());
            assertThat(f.engine.dropped().get(DropReason.METRIC_CAP)).isEqualTo(100_000 - 64);
            assertThat(f.engine.factCount()).isLessThan(200);
        }
    }

    @Test
    void aNodeThatNeverSentASampleIsNeverSilent() {
        try (EngineFixture f = fixture(3)) {
            for (int s = 0; s < 180; s++) {
                f.now += 1000;
                f.engine.evaluate(f.now);
            }
            assertThat(f.journal.all()).isEmpty();
            assertThat(f.fleet.running("web")).containsExactly("web-1", "web-2", "web-3");
        }
    }

    @Test
    void aRuleThatOverwritesAPoolsCountCannotMakeTheGuardrailsRemoveNodes() {
        Map<String, String> files = new java.util.TreeMap<>(RuleCompiler.readDir(ShippedRules.DIR));
        files.put("careless.drl", """
                package rules.careless;
                import io.baton.engine.model.*;
                rule "A careless rule that overwrites the pool's count"
                when
                    $p : Pool(name == "web", nodes < 100)
                then
                    modify($p) { setNodes(100) }
                end
                """);
        CompileResult compiled = new RuleCompiler().compile(files);
        assertThat(compiled.errors()).isEmpty();
        try (EngineFixture f = new EngineFixture(compiled.ruleSet(), GuardrailSettings.DEFAULTS, 2)) {
            List<String> real = f.fleet.running("web");
            f.run(30, "cpu", 50);
            assertThat(f.fleet.decisions()).noneMatch(d -> d.getKind() == DecisionKind.SCALE_IN || d.getKind() == DecisionKind.REPLACE_NODE);
            assertThat(f.fleet.running("web")).containsAll(real).hasSizeLessThanOrEqualTo(f.web.getMax());
            assertThat(f.journal.all()).anyMatch(e -> e.rule().equals("A pool above its maximum is trimmed"));
        }
    }
}
