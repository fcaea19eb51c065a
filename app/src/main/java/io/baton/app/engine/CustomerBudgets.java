package io.baton.app.engine;

import io.baton.app.config.BatonProperties;
import io.baton.engine.guard.Budget;
import io.baton.engine.guard.Budgets;
import io.baton.reports.ReportProperties;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The customers' cost budgets for the engine: {@code baton.customers.<c>.budget.per-day}, priced with the
 * customer's billing price ({@code baton.reports.prices.<c>.per-node-hour} or {@code per-core-hour}, and
 * {@code currency}), so the budget and the usage report charge the same. The day is the UTC day.
 */
final class CustomerBudgets {
    private CustomerBudgets() { }

    /** @throws IllegalStateException naming the key, for a budget without a price */
    static Budgets of(BatonProperties props, Environment env) {
        Map<String, ReportProperties.Price> prices = Binder.get(env)
                .bind("baton.reports.prices", Bindable.mapOf(String.class, ReportProperties.Price.class)).orElse(Map.of());
        Map<String, Budget> out = new LinkedHashMap<>();
        props.customers().forEach((name, c) -> {
            BigDecimal perDay = c.budget() == null ? null : c.budget().perDay();
            if (perDay == null) return;
            ReportProperties.Price p = prices.get(name);
            double node = p == null || p.perNodeHour() == null ? 0 : p.perNodeHour().doubleValue();
            double core = p == null || p.perCoreHour() == null ? 0 : p.perCoreHour().doubleValue();
            if ((node > 0) == (core > 0)) {
                throw new IllegalStateException("baton.customers." + name + ".budget.per-day needs one price above 0: baton.reports.prices."
                        + name + ".per-node-hour or .per-core-hour");
            }
            out.put(name, new Budget(perDay.doubleValue(), p.currency() == null ? "USD" : p.currency(), node, core, ZoneId.of("UTC")));
        });
        return Map.copyOf(out)::get;
    }
}
