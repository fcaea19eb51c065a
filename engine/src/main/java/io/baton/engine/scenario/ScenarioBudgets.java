package io.baton.engine.scenario;

import io.baton.engine.guard.Budget;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code budget_per_day}, {@code price} (per node-hour) and {@code currency} of a scenario's
 * customers, e.g. {@code customers: {acme: {budget_per_day: 50, price: 1.0, currency: EUR}}}. The day is UTC.
 */
final class ScenarioBudgets {
    private ScenarioBudgets() { }

    static Map<String, Budget> parse(Map<?, ?> customers, String file) {
        Map<String, Budget> out = new LinkedHashMap<>();
        if (customers == null) return out;
        for (Map.Entry<?, ?> e : customers.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> c) || !c.containsKey("budget_per_day")) continue;
            String where = file + ": customer " + e.getKey();
            if (!(c.get("budget_per_day") instanceof Number perDay)) throw new IllegalArgumentException(where + ": budget_per_day must be a number");
            if (!(c.get("price") instanceof Number price)) throw new IllegalArgumentException(where + ": a budget needs 'price', per node-hour");
            try {
                out.put(String.valueOf(e.getKey()), Budget.perNodeHour(perDay.doubleValue(), c.containsKey("currency") ? String.valueOf(c.get("currency")) : "", price.doubleValue()));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(where + ": " + bad.getMessage(), bad);
            }
        }
        return out;
    }
}
