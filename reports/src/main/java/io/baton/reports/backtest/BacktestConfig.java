package io.baton.reports.backtest;

import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.rules.RuleMode;
import io.baton.engine.session.EngineSettings;
import io.baton.reports.ReportProperties;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The fleet a backtest simulates, from the same configuration as {@code ./baton run}: the pool catalog (limits
 * and guardrails), the customers' quotas, their prices ({@code baton.reports.prices}), the engine's settings
 * and the rule mode; and where the history is.
 *
 * @param influxUrl the InfluxDB of {@code baton.influx.url}
 * @param metricsDatabase {@code baton.influx.database}: the recorded metrics
 * @param recordsDatabase {@code baton.influx.records-database}: {@code node_lifecycle} and {@code decision}
 * @param quotas a customer's quota of nodes across its pools ({@link Long#MAX_VALUE} for none)
 */
public record BacktestConfig(List<PoolSpec> pools, ToLongFunction<String> quotas, Map<String, ReportProperties.Price> prices,
                             EngineSettings engine, RuleMode mode, String influxUrl, String metricsDatabase, String recordsDatabase) {

    public BacktestConfig {
        pools = List.copyOf(pools);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    /** The price of one node-hour of {@code pool}: per node-hour, or per core-hour times its cores; null when the customer has none. */
    BigDecimal pricePerNodeHour(PoolSpec pool) {
        ReportProperties.Price p = prices.get(pool.customer());
        if (p == null) return null;
        if (p.perNodeHour() != null) return p.perNodeHour();
        if (p.perCoreHour() != null) return p.perCoreHour().multiply(BigDecimal.valueOf(pool.cores()));
        return null;
    }
}
