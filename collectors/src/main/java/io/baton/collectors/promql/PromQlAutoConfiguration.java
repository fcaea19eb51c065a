package io.baton.collectors.promql;

import io.baton.collectors.ingest.IngestProperties;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.collectors.sinks.SinkFanoutAutoConfiguration;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolCheck;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** PromQL sources of the catalog's pools ({@code baton.pools.<p>.queries.<metric>.*}), run on the leader. */
@AutoConfiguration(after = SinkFanoutAutoConfiguration.class, afterName = "io.baton.state.PoolCatalogAutoConfiguration")
@ConditionalOnBean(PoolCatalog.class)
@EnableConfigurationProperties(IngestProperties.class)
public class PromQlAutoConfiguration {

    @Bean
    PromQlSource batonPromQlSource(PoolCatalog catalog, SinkFanout fanout, IngestProperties ingest,
                                   ObjectProvider<io.baton.engine.port.Leadership> leadership) {
        for (var pool : catalog.pools()) {
            List<String> problems = new ArrayList<>();
            PromQuery.of(pool, problems);
            if (!problems.isEmpty()) throw new IllegalArgumentException("pool " + pool.name() + ": " + String.join("; ", problems));
        }
        PromQlSource s = new PromQlSource(catalog, fanout, ingest.getNodeTag());
        leadership.ifAvailable(l -> s.activeWhile(l::mayAct));
        return s;
    }

    /** Whether a pool's {@code queries.*} keys would run (the catalog's API refuses a pool otherwise). */
    @Bean
    PoolCheck promQlPoolCheck() {
        return pool -> {
            List<String> problems = new ArrayList<>();
            PromQuery.of(pool, problems);
            return problems;
        };
    }
}
