package io.baton.engine.catalog;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.model.Pool;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One pool as the catalog holds it: who it is for, what it runs, its limits and guardrails, and the
 * settings of its actuator. The settings are the pool's other keys, flat and relative to the pool
 * ({@code command.provision}, {@code local.port-start}, {@code local.jvm-options[0]}); each actuator
 * reads its own section ({@link #section}).
 *
 * @param actuator the type of the actuator that runs the pool's nodes ({@code local}, {@code command}, {@code kubernetes})
 * @param settings every other key of the pool, by its name relative to the pool
 */
public record PoolSpec(String name, String customer, String service, String software, String actuator,
                       int min, int max, int cores, GuardrailSettings guardrails, Map<String, String> settings) {

    /** A pool name: it names files, node ids, tags and API paths. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    public PoolSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("pool name '" + name + "' must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        customer = Objects.requireNonNullElse(customer, "");
        service = Objects.requireNonNullElse(service, "");
        software = Objects.requireNonNullElse(software, "");
        Objects.requireNonNull(actuator, "actuator");
        Objects.requireNonNull(guardrails, "guardrails");
        if (min < 0 || max < min) throw new IllegalArgumentException("pool " + name + ": need 0 <= min <= max, got min=" + min + " max=" + max);
        if (cores < 1) throw new IllegalArgumentException("pool " + name + ": cores must be at least 1");
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** The pool as the engine's fact (its node count starts at 0). */
    public Pool toPool() { return new Pool(name, customer, service, software, min, max, cores); }

    /** The keys under {@code prefix.}, without it: {@code section("command")} of {@code command.provision=x} is {@code provision=x}. */
    public Map<String, String> section(String prefix) {
        Map<String, String> out = new TreeMap<>();
        String p = prefix + ".";
        settings.forEach((k, v) -> {
            if (k.startsWith(p)) out.put(k.substring(p.length()), v);
        });
        return out;
    }

    /** Whether the pool has any key under {@code prefix.}. */
    public boolean has(String prefix) { return !section(prefix).isEmpty(); }
}
