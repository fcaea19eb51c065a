package io.baton.engine.session;

import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Forecast;
import io.baton.engine.model.ForecastMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Forecast} facts, one per pool and metric, each replacing the one before; and the rule that
 * forecasts only ever add capacity, as the clouds' predictive scaling does: a decision of a rule that
 * matched a forecast and would not grow the pool is suppressed, and so is one of a pool whose
 * forecasts are off.
 */
final class ForecastFacts {
    private final RuleSession session;
    private final Map<String, Forecast> byKey = new HashMap<>();

    ForecastFacts(RuleSession session) {
        this.session = session;
    }

    void put(String pool, String metric, Forecast f) {
        Forecast old = f == null ? byKey.remove(pool + "\u0000" + metric) : byKey.put(pool + "\u0000" + metric, f);
        if (old != null) session.delete(old);
        if (f != null) session.insert(f);
    }

    Forecast get(String pool, String metric) { return byKey.get(pool + "\u0000" + metric); }

    /** The journal entry of a forecast decision refused outright, or null when it goes on to the guardrails. */
    JournalEntry refuse(Decision d, int nodes, long now, DecisionJournal journal) {
        ForecastMode mode = d.getForecast();
        if (mode == null) return null;
        boolean grows = d.getKind() == DecisionKind.SCALE_OUT
                || (d.getKind() == DecisionKind.SET_CAPACITY && d.getAmount() > nodes);
        if (!grows) {
            return journal.record(now, d, 0, Outcome.SUPPRESSED, List.of("a forecast only ever adds capacity: "
                    + d.getKind().name().toLowerCase(java.util.Locale.ROOT) + " from a forecast is not carried out"));
        }
        if (mode == ForecastMode.OFF) {
            return journal.record(now, d, 0, Outcome.SUPPRESSED, List.of("the pool's forecast mode is off"));
        }
        return null;
    }
}
