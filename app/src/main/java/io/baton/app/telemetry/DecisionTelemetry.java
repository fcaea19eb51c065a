package io.baton.app.telemetry;

import io.baton.collectors.sinks.RecordSink;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Pool;
import io.baton.engine.schema.Lines;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Where each decision goes besides the journal: one log line with its reason, a Micrometer counter,
 * and a {@code decision} point in the records database (which the usage report counts actions from).
 */
final class DecisionTelemetry {
    private static final Logger log = LoggerFactory.getLogger("baton.decisions");
    private final Function<String, Pool> pools;
    private final MeterRegistry meters;
    private final ObjectProvider<RecordSink> stores;

    /**
     * Listens to {@code journal}; its listener runs on the thread that journals, the engine thread.
     *
     * @param pools a pool by name (null when unknown), for the customer tag of the record
     */
    DecisionTelemetry(Function<String, Pool> pools, DecisionJournal journal, MeterRegistry meters, ObjectProvider<RecordSink> stores) {
        this.pools = pools;
        this.meters = meters;
        this.stores = stores;
        journal.addListener(this::record);
    }

    private void record(JournalEntry e) {
        log.info("{} | rule: {} | matched: {}", e.describe(), e.rule(), e.matched());
        boolean acted = e.outcome().acted();
        meters.counter(acted ? "baton.decisions" : "baton.decisions.suppressed", "pool", e.pool(), "action", e.action(),
                "outcome", e.outcome().name()).increment();
        Pool pool = pools.apply(e.pool());
        String line = Lines.decision(e, pool == null ? null : pool.getCustomer());
        stores.orderedStream().forEach(s -> s.acceptRecords(List.of(line)));
    }
}
