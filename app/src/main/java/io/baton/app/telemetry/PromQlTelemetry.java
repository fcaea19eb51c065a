package io.baton.app.telemetry;

import io.baton.collectors.promql.PromQlSource;
import io.baton.collectors.sinks.RecordSink;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.schema.Lines;
import io.baton.engine.schema.PoolTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Where each failed round of a PromQL source goes: a {@code baton.promql.failures{pool,metric}} counter and a
 * {@code promql_failure} point in the records database with the query and its error. The source itself takes no
 * value from a failed round.
 */
final class PromQlTelemetry {
    private final PoolCatalog catalog;
    private final MeterRegistry meters;
    private final ObjectProvider<RecordSink> stores;

    /** Listens to the PromQL source, when there is one. */
    PromQlTelemetry(ObjectProvider<PromQlSource> source, PoolCatalog catalog, MeterRegistry meters, ObjectProvider<RecordSink> stores) {
        this.catalog = catalog;
        this.meters = meters;
        this.stores = stores;
        source.ifAvailable(s -> s.onFailure(this::record));
    }

    private void record(PromQlSource.Failure f) {
        Counter.builder("baton.promql.failures").tag("pool", f.pool()).tag("metric", f.metric())
                .description("PromQL source rounds that failed and gave no value").register(meters).increment();
        PoolTags tags = catalog.find(f.pool()).map(p -> new PoolTags(p.customer(), p.service(), p.software())).orElse(null);
        String line = Lines.promqlFailure(f.pool(), tags, f.metric(), f.promql(), f.error(), f.failures(), f.time());
        stores.orderedStream().forEach(s -> s.acceptRecords(List.of(line)));
    }
}
