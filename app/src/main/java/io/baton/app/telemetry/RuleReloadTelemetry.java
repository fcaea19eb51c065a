package io.baton.app.telemetry;

import io.baton.collectors.sinks.RecordSink;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleReload;
import io.baton.engine.schema.Lines;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Where each rule reload attempt goes: a {@code baton.rules.reloads{outcome}} counter and a {@code rule_reload}
 * point in the records database, with its errors, for the Grafana dashboard.
 */
final class RuleReloadTelemetry {
    private final MeterRegistry meters;
    private final ObjectProvider<RecordSink> stores;

    RuleReloadTelemetry(PolicyManager policies, MeterRegistry meters, ObjectProvider<RecordSink> stores) {
        this.meters = meters;
        this.stores = stores;
        for (RuleReload.Outcome o : RuleReload.Outcome.values()) counter(o);
        policies.addReloadListener(this::record);
    }

    private io.micrometer.core.instrument.Counter counter(RuleReload.Outcome o) {
        return io.micrometer.core.instrument.Counter.builder("baton.rules.reloads").tag("outcome", o.name())
                .description("rule reload attempts, by outcome").register(meters);
    }

    private void record(RuleReload r) {
        counter(r.outcome()).increment();
        String line = Lines.ruleReload(r);
        stores.orderedStream().forEach(s -> s.acceptRecords(List.of(line)));
    }
}
