package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Forecast;
import io.baton.engine.model.ForecastMode;
import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Forecast facts in the engine: a forecast only ever adds capacity, and forecast-only acts on nothing. */
class ForecastRulesTest {
    private static final String RULES = """
            package rules.f;
            import io.baton.engine.model.*;
            rule "A forecast above 80 adds 1 node"
            when
                $pool : Pool()
                Forecast(pool == $pool.name, metric == "cpu", maxOver(60) > 80)
            then
                insert(Decision.scaleOut(kcontext, $pool.getName(), 1));
            end
            rule "A forecast below 30 removes 1 node"
            when
                $pool : Pool()
                Forecast(pool == $pool.name, metric == "cpu", maxOver(60) < 30)
            then
                insert(Decision.scaleIn(kcontext, $pool.getName(), 1));
            end
            """;

    private static EngineFixture fixture() {
        CompileResult r = new RuleCompiler().compile(Map.of("f.drl", RULES));
        assertThat(r.errors()).isEmpty();
        return new EngineFixture(r.ruleSet(), GuardrailSettings.DEFAULTS, 2, 4);
    }

    private static Forecast flat(double value, ForecastMode mode, long at) {
        double[] v = new double[12];
        java.util.Arrays.fill(v, value);
        return new Forecast("web", "cpu", "holt-winters daily", mode, at, 300_000, v);
    }

    @Test
    void aForecastRuleThatWouldRemoveNodesIsSuppressedAndNothingIsRemoved() {
        try (EngineFixture f = fixture()) {
            f.engine.forecast("web", "cpu", flat(20, ForecastMode.SCALE, f.now));
            f.run(2, "cpu", 25);
            JournalEntry e = f.journal.all().get(0);
            assertThat(e.action()).isEqualTo("scale_in");
            assertThat(e.outcome()).isEqualTo(Outcome.SUPPRESSED);
            assertThat(e.reasons()).containsExactly("a forecast only ever adds capacity: scale_in from a forecast is not carried out");
            assertThat(f.fleet.running("web")).hasSize(4);
        }
    }

    @Test
    void inScaleModeTheForecastAddsANodeAndInForecastOnlyModeItIsJournaledAsForecastAndNothingActs() {
        try (EngineFixture f = fixture()) {
            f.engine.forecast("web", "cpu", flat(85, ForecastMode.FORECAST_ONLY, f.now));
            f.run(2, "cpu", 50);
            assertThat(f.journal.all()).extracting(JournalEntry::outcome).containsExactly(Outcome.FORECAST);
            assertThat(f.fleet.running("web")).hasSize(4);

            f.engine.forecast("web", "cpu", flat(86, ForecastMode.SCALE, f.now));
            f.run(2, "cpu", 50);
            assertThat(f.journal.all()).extracting(JournalEntry::outcome).contains(Outcome.EXECUTED);
            assertThat(f.fleet.running("web")).hasSize(5);
        }
    }

    @Test
    void aForecastThatReachesLessFarThanTheRuleAsksNeverMatchesAndNoForecastRemovesTheFact() {
        try (EngineFixture f = fixture()) {
            f.engine.forecast("web", "cpu", new Forecast("web", "cpu", "seasonal-naive daily", ForecastMode.SCALE, f.now, 300_000, new double[] {95, 95}));
            f.run(2, "cpu", 50);
            assertThat(f.journal.all()).isEmpty();
            f.engine.forecast("web", "cpu", flat(90, ForecastMode.SCALE, f.now));
            assertThat(f.engine.forecast("web", "cpu")).isNotNull();
            f.engine.forecast("web", "cpu", null);
            f.run(2, "cpu", 50);
            assertThat(f.journal.all()).isEmpty();
            assertThat(f.engine.forecast("web", "cpu")).isNull();
        }
    }
}
