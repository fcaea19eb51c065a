package io.baton.app.backtest;

import io.baton.app.config.BatonProperties;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.rules.RuleMode;
import io.baton.engine.session.EngineSettings;
import io.baton.reports.ReportProperties;
import io.baton.reports.backtest.BacktestConfig;
import io.baton.state.PoolBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * A backtest's fleet from the same configuration as {@code ./baton run}: the pools and their guardrails, the
 * customers' quotas and prices, the engine's settings, the rule mode and the InfluxDB databases. Dry-run is off
 * in a backtest, whatever the configuration says: it shows what the rules would have done.
 */
public final class BacktestSettings {
    private BacktestSettings() { }

    /** From the environment's {@code baton.pools} (bound and checked as the catalog binds them). */
    public static BacktestConfig from(Environment env) {
        List<PoolSpec> pools = new ArrayList<>();
        PoolBinding.fromEnvironment(env).forEach((name, keys) -> pools.add(PoolBinding.bind(name, keys, false)));
        return from(env, pools);
    }

    /** With the pools given (the service's catalog, which also holds pools added through the API). */
    public static BacktestConfig from(Environment env, Collection<PoolSpec> catalog) {
        Binder binder = Binder.get(env);
        List<PoolSpec> pools = catalog.stream().map(BacktestSettings::live).toList();
        Map<String, BatonProperties.Customer> customers = binder.bind("baton.customers", Bindable.mapOf(String.class, BatonProperties.Customer.class))
                .orElse(Map.of());
        Map<String, ReportProperties.Price> prices = binder.bind("baton.reports.prices", Bindable.mapOf(String.class, ReportProperties.Price.class))
                .orElse(Map.of());
        BatonProperties.Engine e = binder.bindOrCreate("baton.engine", BatonProperties.Engine.class);
        EngineSettings engine = new EngineSettings(e.historySeconds(), e.nodeHistorySeconds(), e.nodeMetrics(), e.rawSamples(), true,
                e.journalCapacity(), e.silenceGraceSeconds(), e.maxFuture().toMillis(), e.maxMetricsPerPool(), e.fireLimit());
        RuleMode mode = binder.bind("baton.rules.mode", RuleMode.class).orElse(RuleMode.DRL);
        String database = env.getProperty("baton.influx.database", "baton");
        String records = env.getProperty("baton.influx.records-database", "");
        return new BacktestConfig(pools, c -> {
            BatonProperties.Customer cu = customers.get(c);
            return cu == null ? Long.MAX_VALUE : cu.quota();
        }, prices, engine, mode, env.getProperty("baton.influx.url", ""), database, records.isBlank() ? database + "_records" : records);
    }

    /** The rules directory of {@code baton.rules.dir}. */
    public static String rulesDir(Environment env) {
        return env.getProperty("baton.rules.dir", "rules");
    }

    private static PoolSpec live(PoolSpec p) {
        if (!p.guardrails().dryRun()) return p;
        return new PoolSpec(p.name(), p.customer(), p.service(), p.software(), p.actuator(), p.min(), p.max(), p.cores(),
                p.guardrails().withDryRun(false), p.settings());
    }
}
