package io.baton.engine.scenario;

import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.rules.RuleSet;
import io.baton.engine.session.EngineSettings;
import io.baton.engine.session.RuleEngine;
import io.baton.engine.session.RunawayRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a scenario against a rule set on the pseudo clock, over a {@link SimulatedFleet}: the clock
 * moves to each whole second and to each event time in between (events may be dated to the
 * millisecond), that moment's events go in, the engine evaluates, and the actions taken are compared
 * with the expectations. So a reading makes its rule fire at the reading's own time, as in the
 * service, where the reading's batch triggers an evaluation. Unexpected actions fail the scenario too.
 */
public final class ScenarioRunner {
    private final EngineSettings settings;

    public ScenarioRunner(EngineSettings settings) {
        this.settings = settings.withPseudoClock(true);
    }

    public ScenarioRunner() {
        this(EngineSettings.defaults());
    }

    public ScenarioResult run(Scenario sc, RuleSet rules) {
        Map<String, Pool> pools = new LinkedHashMap<>();
        for (Scenario.PoolSpec p : sc.pools()) {
            pools.put(p.name(), new Pool(p.name(), p.customer(), "service", "image", p.min(), p.max(), 1));
        }
        DecisionJournal journal = new DecisionJournal(100_000);
        long[] now = {sc.start()};
        RuleEngine[] holder = new RuleEngine[1];
        SimulatedFleet fleet = new SimulatedFleet(e -> holder[0].lifecycle(e), () -> now[0]);
        try (RuleEngine engine = new RuleEngine(settings, rules, pools.values(), p -> fleet, p -> sc.guardrails(), sc::quota, sc::budget, journal, sc.start())) {
            holder[0] = engine;
            for (Scenario.PoolSpec p : sc.pools()) fleet.seed(pools.get(p.name()), p.nodes());
            List<Timed> timeline = expand(sc);
            ScenarioForecasts forecasts = new ScenarioForecasts(sc.history(), sc.start());
            Set<String> silenced = new HashSet<>();
            List<String> sizes = new ArrayList<>();
            int next = 0;
            for (long t = 0; t <= sc.until(); t = nextStep(t, next < timeline.size() ? timeline.get(next).at : Long.MAX_VALUE)) {
                now[0] = sc.start() + t;
                List<Sample> batch = new ArrayList<>();
                while (next < timeline.size() && timeline.get(next).at <= t) {
                    Timed te = timeline.get(next++);
                    long ts = sc.start() + te.at;
                    Scenario.Event e = te.event;
                    switch (e.kind()) {
                        case "silence" -> silenced.add(e.node());
                        case "crash" -> fleet.crash(pools.get(poolOf(e.node(), pools)), e.node());
                        case "health" -> engine.health(new NodeHealth(poolOf(e.node(), pools), e.node(), e.up(), e.up() ? 5 : 0, ts));
                        default -> {
                            for (String node : targets(e, fleet, pools)) {
                                if (!silenced.contains(node)) batch.add(new Sample(poolOf(node, pools), node, e.metric(), e.value(), ts));
                            }
                        }
                    }
                }
                engine.ingest(batch);
                forecasts.observe(batch);
                forecasts.publish(engine, now[0]);
                try {
                    engine.evaluate(now[0]);
                } catch (RunawayRules e) {
                    List<String> actions = journal.all().stream().map(JournalEntry::describe).toList();
                    return new ScenarioResult(sc.name(), sc.file(), actions, List.of("at " + Durations.format(t) + ": " + e.getMessage()));
                }
                checkSizes(sc, t, engine, sizes);
            }
            ScenarioResult r = check(sc, journal.all());
            if (sizes.isEmpty()) return r;
            List<String> failures = new ArrayList<>(sizes);
            failures.addAll(r.failures());
            return new ScenarioResult(r.name(), r.file(), r.actions(), failures);
        }
    }

    /** Checks the pool sizes expected at second {@code t}; the first miss of each expectation is a failure. */
    private static void checkSizes(Scenario sc, long t, RuleEngine engine, List<String> failures) {
        for (Scenario.Expectation x : sc.expect()) {
            if (!x.isCount() || t < x.from() || t > x.to()) continue;
            int held = engine.pool(x.pool()).getNodes();
            String prefix = "expected " + x.describe() + ", but";
            if (held != x.count() && failures.stream().noneMatch(f -> f.startsWith(prefix))) {
                failures.add(prefix + " it held " + held + " at " + Durations.format(t));
            }
        }
    }

    /** The next moment to evaluate after {@code t}: the next whole second, or the next event's time if that comes first. */
    private static long nextStep(long t, long nextEvent) {
        long nextSecond = Math.floorDiv(t, 1000L) * 1000L + 1000L;
        return nextEvent > t && nextEvent < nextSecond ? nextEvent : nextSecond;
    }

    /** Same-time events: silences and crashes first, so "silence at 30s" means no sample at 30s. */
    private record Timed(long at, int order, Scenario.Event event) {
        int priority() { return event.kind().equals("silence") || event.kind().equals("crash") ? 0 : 1; }
    }

    private static List<Timed> expand(Scenario sc) {
        List<Timed> out = new ArrayList<>();
        int order = 0;
        for (Scenario.Event e : sc.events()) {
            if (e.every() <= 0) out.add(new Timed(e.from(), order++, e));
            else for (long t = e.from(); t <= e.until(); t += e.every()) out.add(new Timed(t, order++, e));
        }
        out.sort(Comparator.comparingLong(Timed::at).thenComparingInt(Timed::priority).thenComparingInt(Timed::order));
        return out;
    }

    private static List<String> targets(Scenario.Event e, SimulatedFleet fleet, Map<String, Pool> pools) {
        if (e.node() != null) return List.of(e.node());
        if (!pools.containsKey(e.pool())) throw new IllegalArgumentException("event names unknown pool " + e.pool());
        return fleet.running(e.pool());
    }

    private static String poolOf(String node, Map<String, Pool> pools) {
        for (String p : pools.keySet()) if (node.startsWith(p + "-")) return p;
        throw new IllegalArgumentException("node " + node + " belongs to no pool (nodes are named <pool>-<n>)");
    }

    private static ScenarioResult check(Scenario sc, List<JournalEntry> entries) {
        List<String> actions = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        boolean[] used = new boolean[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            actions.add("at " + Durations.format(entries.get(i).time() - sc.start()) + ": " + entries.get(i).describe());
        }
        for (Scenario.Expectation x : sc.expect()) {
            if (x.isCount()) continue;
            int hit = -1;
            for (int i = 0; i < entries.size() && hit < 0; i++) {
                if (!used[i] && matches(x, entries.get(i), sc.start())) hit = i;
            }
            if (hit < 0) failures.add("expected " + x.describe() + ", but it did not happen");
            else used[hit] = true;
        }
        for (int i = 0; i < entries.size(); i++) {
            JournalEntry e = entries.get(i);
            boolean acted = e.outcome().acted();
            if (acted && !used[i]) failures.add("unexpected " + actions.get(i));
        }
        return new ScenarioResult(sc.name(), sc.file(), actions, failures);
    }

    private static boolean matches(Scenario.Expectation x, JournalEntry e, long start) {
        long t = e.time() - start;
        if (t < x.from() || t > x.to()) return false;
        if (!x.action().equals(e.action())) return false;
        if (x.pool() != null && !x.pool().equals(e.pool())) return false;
        if (x.node() != null && !x.node().equals(e.node())) return false;
        if (x.nodes() != null && x.nodes() != e.approved()) return false;
        if (x.rule() != null && !e.rule().contains(x.rule())) return false;
        if (x.outcome() != null) return x.outcome().equals(e.outcome().name());
        return e.outcome().acted();
    }
}
