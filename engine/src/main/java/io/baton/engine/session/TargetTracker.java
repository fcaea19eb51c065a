package io.baton.engine.session;

import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.PoolMetric;
import io.baton.engine.model.Target;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Target tracking as Kubernetes' HPA does it. Each evaluation, per pool with a target: avg = the pool's
 * mean of the target's metric over the target window; desired = ceil(running nodes × avg / target),
 * or the current size when |avg / target - 1| is within the tolerance (the highest over a pool's
 * targets). A desired size above the current one scales out at once (the guardrails' cooldown still
 * applies); below it, the pool scales in only to the highest recommendation of the scale-in
 * stabilization window, and only once recommendations cover that whole window. Without readings that
 * cover the target window there is no recommendation and the window starts again (fail closed).
 */
final class TargetTracker {
    private final int windowSeconds;
    private final double tolerance;
    private final Map<String, History> histories = new HashMap<>();

    TargetTracker(int windowSeconds, double tolerance) {
        this.windowSeconds = windowSeconds;
        this.tolerance = tolerance;
    }

    /** The recommendations of one pool in the stabilization window, and since when they run unbroken. */
    private static final class History {
        final Deque<long[]> recs = new ArrayDeque<>();
        long since;
    }

    /** What one target recommends now, with its reason. */
    private record Recommendation(Target target, int nodes, String why) { }

    /**
     * The scale decisions of every pool with a target at engine time {@code now}.
     *
     * @param stabilizationMillis a pool's scale-in stabilization window
     */
    List<Decision> decide(long now, Standings standings, FleetFacts facts, ToLongFunction<String> stabilizationMillis) {
        histories.keySet().retainAll(standings.targetPools());
        List<Decision> out = new ArrayList<>();
        for (String pool : standings.targetPools()) {
            Decision d = decide(now, pool, standings.targets(pool), facts, stabilizationMillis.applyAsLong(pool));
            if (d != null) out.add(d);
        }
        return out;
    }

    private Decision decide(long now, String pool, List<Target> targets, FleetFacts facts, long stabilization) {
        int capacity = facts.capacity(pool);
        int running = facts.health(pool).running();
        Recommendation best = null;
        for (Target t : targets) {
            Recommendation r = recommend(t, facts.poolMetric(pool, t.getMetric()), running, capacity);
            if (r == null) {
                histories.remove(pool);
                return null;
            }
            if (best == null || r.nodes() > best.nodes()) best = r;
        }
        if (best == null) return null;
        History h = histories.computeIfAbsent(pool, k -> new History());
        if (h.recs.isEmpty()) h.since = now;
        h.recs.addLast(new long[] {now, best.nodes()});
        while (!h.recs.isEmpty() && h.recs.peekFirst()[0] < now - stabilization) h.recs.removeFirst();
        if (best.nodes() > capacity) {
            return decision(DecisionKind.SCALE_OUT, pool, best.nodes() - capacity, best, best.why());
        }
        if (now - h.since < stabilization) return null;
        long highest = 0;
        for (long[] r : h.recs) highest = Math.max(highest, r[1]);
        if (highest >= capacity) return null;
        String why = best.why() + "; highest recommendation over the " + (stabilization / 1000) + "s scale-in stabilization window: " + highest;
        return decision(DecisionKind.SCALE_IN, pool, (int) (capacity - highest), best, why);
    }

    private Recommendation recommend(Target t, PoolMetric m, int running, int capacity) {
        if (m == null || running <= 0 || !m.covers(windowSeconds)) return null;
        double avg = m.avgOver(windowSeconds);
        if (Double.isNaN(avg) || Double.isInfinite(avg)) return null;
        double ratio = avg / t.getValue();
        String metric = t.getMetric().equals(Target.CPU) ? "CPU" : "request rate per node";
        String seen = String.format(Locale.ROOT, "%s averaged %.2f over %ds on %d running nodes, target %s",
                metric, avg, windowSeconds, running, trim(t.getValue()));
        if (Math.abs(ratio - 1) <= tolerance) {
            return new Recommendation(t, capacity, seen + String.format(Locale.ROOT, ": within the %.0f%% tolerance, keep %d", tolerance * 100, capacity));
        }
        long desired = (long) Math.ceil(running * avg / t.getValue() - 1e-9);
        int nodes = (int) Math.max(0, Math.min(Integer.MAX_VALUE, desired));
        return new Recommendation(t, nodes, seen + String.format(Locale.ROOT, ": desired ceil(%d × %.2f / %s) = %d", running, avg, trim(t.getValue()), nodes));
    }

    private static Decision decision(DecisionKind kind, String pool, int n, Recommendation r, String why) {
        List<String> matched = new ArrayList<>(r.target().getMatched());
        matched.add(r.target().toString());
        matched.add(why);
        return Decision.tracked(kind, pool, n, r.target().getRule(), matched);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
