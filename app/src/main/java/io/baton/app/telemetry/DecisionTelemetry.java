package io.baton.app.telemetry;

import io.baton.collectors.sinks.RecordSink;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Pool;
import io.baton.engine.schema.Lines;
import io.baton.app.engine.EngineService;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Where each decision goes besides the journal: one log line with its reason, a Micrometer counter,
 * and a {@code decision} point in the records database (which the usage report counts actions from).
 */
final class DecisionTelemetry {
    private static final Logger log = LoggerFactory.getLogger("baton.decisions");
    private final EngineService engine;
    private final MeterRegistry meters;
    private final ObjectProvider<RecordSink> stores;

    DecisionTelemetry(EngineService engine, DecisionJournal journal, MeterRegistry meters, ObjectProvider<RecordSink> stores) {
        this.engine = engine;
        this.meters = meters;
        this.stores = stores;
        journal.addListener(this::record);
    }

    private void record(JournalEntry e) {
        log.info("{} | rule: {} | matched: {}", e.describe(), e.rule(), e.matched());
        boolean acted = e.outcome().acted();
        meters.counter(acted ? "baton.decisions" : "baton.decisions.suppressed", "pool", e.pool(), "action", e.action(),
                "outcome", e.outcome().name()).increment();
        Pool pool = engine.pool(e.pool());
        String line = Lines.decision(e, pool == null ? null : pool.getCustomer());
        stores.orderedStream().forEach(s -> s.acceptRecords(List.of(line)));
    }
}
