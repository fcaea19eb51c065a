package io.baton.engine.scenario;

import io.baton.engine.guard.GuardrailSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads scenario YAML files, with errors that name the file and the entry at fault. */
public final class ScenarioLoader {
    private static final Set<String> ACTIONS = Set.of("scale_out", "scale_in", "replace_node", "set_capacity");

    private ScenarioLoader() { }

    /** Every {@code .yaml}/{@code .yml} scenario under {@code dir}, in name order. */
    public static List<Path> find(Path dir) {
        try (var walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    public static Scenario load(Path file) {
        try {
            return parse(Files.readString(file), file.getFileName().toString(), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a scenario; a {@code rules:} directory in it is taken relative to the working directory. */
    public static Scenario parse(String yaml, String file) {
        return parse(yaml, file, null);
    }

    /** Reads a scenario whose {@code rules:} directory, if any, is relative to {@code base} (the scenario file's folder). */
    @SuppressWarnings("unchecked")
    public static Scenario parse(String yaml, String file, Path base) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(root instanceof Map)) throw new IllegalArgumentException(file + ": a scenario is a YAML mapping");
        Map<String, Object> m = (Map<String, Object>) root;
        String name = str(m.getOrDefault("name", file));
        long start = start(m.get("start"), file);
        List<Scenario.PoolSpec> pools = new ArrayList<>();
        Object poolsNode = m.get("pools");
        if (!(poolsNode instanceof Map) || ((Map<?, ?>) poolsNode).isEmpty()) {
            throw new IllegalArgumentException(file + ": 'pools' must map pool names to {min, max, nodes}");
        }
        for (Map.Entry<String, Object> e : ((Map<String, Object>) poolsNode).entrySet()) {
            Map<String, Object> p = map(e.getValue(), file + ": pool " + e.getKey());
            pools.add(new Scenario.PoolSpec(e.getKey(), str(p.getOrDefault("customer", "demo")),
                    num(p.getOrDefault("min", 1)), num(p.getOrDefault("max", 10)), num(p.getOrDefault("nodes", p.getOrDefault("min", 1)))));
        }
        GuardrailSettings g = guardrails(m.get("guardrails"), file);
        long until = ms(m.getOrDefault("until", "10m"), file + ": until");
        List<Scenario.Event> events = new ArrayList<>();
        int i = 0;
        for (Object o : list(m.get("events"), file + ": events")) {
            events.add(event(map(o, file + ": events[" + i + "]"), file + ": events[" + i + "]"));
            i++;
        }
        List<Scenario.Expectation> expect = new ArrayList<>();
        i = 0;
        for (Object o : list(m.get("expect"), file + ": expect")) {
            expect.add(expectation(map(o, file + ": expect[" + i + "]"), file + ": expect[" + i + "]"));
            i++;
        }
        Map<String, Long> quotas = new java.util.LinkedHashMap<>();
        Object customers = m.get("customers");
        if (customers != null) {
            for (Map.Entry<String, Object> e : map(customers, file + ": customers").entrySet()) {
                Map<String, Object> c = map(e.getValue(), file + ": customer " + e.getKey());
                if (c.containsKey("quota")) quotas.put(e.getKey(), (long) num(c.get("quota")));
            }
        }
        Path rules = null;
        if (m.get("rules") != null) {
            String r = str(m.get("rules")).strip();
            if (r.isEmpty()) throw new IllegalArgumentException(file + ": 'rules' names a rule directory relative to the scenario file");
            rules = base == null ? Path.of(r) : base.resolve(r).normalize();
        }
        for (Scenario.Expectation x : expect) {
            if (x.isCount() && pools.stream().noneMatch(p -> p.name().equals(x.pool()))) {
                throw new IllegalArgumentException(file + ": expect " + x.describe() + ": name one of the scenario's pools");
            }
            if (x.isCount() && x.to() > until) {
                throw new IllegalArgumentException(file + ": expect " + x.describe() + ": the scenario ends at " + Durations.format(until));
            }
        }
        // budgets per day: see ScenarioBudgets
        Map<String, io.baton.engine.guard.Budget> budgets = ScenarioBudgets.parse((Map<?, ?>) customers, file);
        // the past before start and the pools' forecast modes: see ScenarioHistory
        ScenarioHistory history = ScenarioHistory.parse(m.get("history"), m.get("forecast"), file);
        return new Scenario(name, file, start, pools, g, quotas, until, events, expect, rules, budgets, history);
    }

    /** The scenario's start: an ISO-8601 instant, quoted or not (YAML reads an unquoted one as a timestamp). */
    private static long start(Object v, String file) {
        if (v == null) return Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        if (v instanceof java.util.Date d) return d.getTime();
        try {
            return Instant.parse(str(v).strip()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(file + ": start is an instant such as 2026-03-27T06:59:00Z, not '" + v + "'");
        }
    }

    private static GuardrailSettings guardrails(Object node, String file) {
        GuardrailSettings d = GuardrailSettings.DEFAULTS;
        if (node == null) return d;
        Map<String, Object> g = map(node, file + ": guardrails");
        return new GuardrailSettings(
                g.containsKey("scale_out_cooldown") ? Durations.parse(g.get("scale_out_cooldown"), file + ": scale_out_cooldown") : d.scaleOutCooldown(),
                g.containsKey("scale_in_stabilization") ? Durations.parse(g.get("scale_in_stabilization"), file + ": scale_in_stabilization") : d.scaleInStabilization(),
                num(g.getOrDefault("max_step", d.maxStep())),
                Boolean.TRUE.equals(g.get("dry_run")),
                !Boolean.FALSE.equals(g.get("flap_protection")),
                g.containsKey("unhealthy_threshold") ? ((Number) g.get("unhealthy_threshold")).doubleValue() : d.unhealthyThreshold(),
                num(g.getOrDefault("max_replacing", d.maxReplacing())));
    }

    private static Scenario.Event event(Map<String, Object> e, String where) {
        String kind;
        if (e.containsKey("metric")) kind = "metric";
        else if (e.containsKey("health")) kind = "health";
        else if (e.containsKey("silence")) kind = "silence";
        else if (e.containsKey("crash")) kind = "crash";
        else throw new IllegalArgumentException(where + ": an event has one of metric, health, silence, crash");
        String node = e.containsKey("node") ? str(e.get("node")) : null;
        if (kind.equals("silence") || kind.equals("crash")) node = str(e.get(kind));
        String pool = e.containsKey("pool") ? str(e.get("pool")) : null;
        if (node == null && pool == null) throw new IllegalArgumentException(where + ": name a pool or a node");
        long from = ms(e.getOrDefault("at", e.getOrDefault("from", 0)), where + ": at/from");
        long until = e.containsKey("until") ? ms(e.get("until"), where + ": until") : from;
        long every = e.containsKey("every") ? ms(e.get("every"), where + ": every") : 0;
        if (until > from && every <= 0) throw new IllegalArgumentException(where + ": 'until' needs 'every'");
        double value = 0;
        if (kind.equals("metric")) {
            if (!(e.get("value") instanceof Number n)) throw new IllegalArgumentException(where + ": 'value' must be a number");
            value = n.doubleValue();
        }
        boolean up = kind.equals("health") && "up".equals(str(e.get("health")));
        if (kind.equals("health") && !up && !"down".equals(str(e.get("health")))) {
            throw new IllegalArgumentException(where + ": health is 'up' or 'down'");
        }
        return new Scenario.Event(kind, pool, node, kind.equals("metric") ? str(e.get("metric")) : null, value, up, from, until, every);
    }

    private static Scenario.Expectation expectation(Map<String, Object> x, String where) {
        String action = str(x.get("action"));
        Integer count = x.containsKey("count") ? num(x.get("count")) : null;
        if (count != null && action != null) throw new IllegalArgumentException(where + ": 'count' (the pool's size) goes without an action");
        if (count != null && count < 0) throw new IllegalArgumentException(where + ": 'count' is 0 or more");
        if (count != null && !x.containsKey("pool")) throw new IllegalArgumentException(where + ": 'count' needs the pool");
        if (count == null && !ACTIONS.contains(action)) throw new IllegalArgumentException(where + ": action must be one of " + ACTIONS + " (or give a pool's count)");
        long from;
        long to;
        if (x.containsKey("between")) {
            List<Object> b = list(x.get("between"), where + ": between");
            if (b.size() != 2) throw new IllegalArgumentException(where + ": between takes [from, to]");
            from = ms(b.get(0), where + ": between");
            to = ms(b.get(1), where + ": between");
        } else {
            from = ms(x.get("at"), where + ": at");
            to = from + (x.containsKey("within") ? ms(x.get("within"), where + ": within") : 0);
        }
        return new Scenario.Expectation(action, x.containsKey("pool") ? str(x.get("pool")) : null,
                x.containsKey("node") ? str(x.get("node")) : null,
                x.containsKey("nodes") ? num(x.get("nodes")) : null,
                x.containsKey("rule") ? str(x.get("rule")) : null,
                x.containsKey("outcome") ? str(x.get("outcome")).toUpperCase() : null, from, to, count);
    }

    private static long ms(Object v, String where) {
        if (v == null) throw new IllegalArgumentException(where + ": missing");
        return Durations.parse(v, where).toMillis();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where) {
        if (o instanceof Map) return new LinkedHashMap<>((Map<String, Object>) o);
        throw new IllegalArgumentException(where + ": expected a mapping");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String where) {
        if (o == null) return List.of();
        if (o instanceof List) return (List<Object>) o;
        throw new IllegalArgumentException(where + ": expected a list");
    }

    private static String str(Object o) { return o == null ? null : String.valueOf(o); }

    private static int num(Object o) {
        if (o instanceof Number n) return n.intValue();
        return Integer.parseInt(String.valueOf(o).trim());
    }
}
