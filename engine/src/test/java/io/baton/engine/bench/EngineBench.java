package io.baton.engine.bench;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.model.Decision;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Node;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.port.Actuator;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.RuleSet;
import io.baton.engine.session.EngineLoop;
import io.baton.engine.session.EngineSettings;
import io.baton.engine.session.RuleEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine benchmark: the shipped rules over 1,000 pools × 10 nodes, each node sending 5 metrics
 * every 10 simulated seconds, for 30 simulated minutes, through the threaded {@link EngineLoop} as
 * fast as it goes. 100 pools run hot from minute 5 to 15 (scale-out), 100 pools idle (scale-in),
 * 50 nodes fail their probes from minute 12 (replacement); each group spread over a minute, or all at
 * the same second with {@code -Dbench.sync=true}. Prints samples/s, heap every 5 simulated
 * minutes (flat-out runs only: the forced GCs would stall a latency run), and p50/p99 from the arrival
 * of the sample that makes a condition true to the decision at the actuator.
 *
 * <p>Run with {@code bench/engine.sh [pools] [minutes]}.
 */
public final class EngineBench {
    static final String[] METRICS = {"cpu", "mem_percent", "latency_p95", "rps", "disk_percent"};
    static final long START = 1_767_225_600_000L;
    /** Samples per hand-over, about what a collector flushes at once. */
    static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        int pools = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int nodesPerPool = 10;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0; // samples/s to pace at; 0 = flat out
        RuleSet rules = new RuleCompiler().compile(Path.of(args.length > 2 ? args[2] : "rules")).ruleSet();
        List<Pool> poolList = new ArrayList<>();
        for (int p = 0; p < pools; p++) poolList.add(new Pool("pool-" + p, "customer-" + (p % 200), "svc", "img", 5, 20, 2));

        int seconds = minutes * 60;
        long[][] submitWall = new long[4][pools]; // [second % 4][pool]: when the pool's samples of that second arrived
        long[][] probeWall = new long[4][pools];  // [second % 4][pool]: when the pool's probe result of that second arrived
        List<Long> latencies = new CopyOnWriteArrayList<>();
        Map<String, List<Long>> byKind = new ConcurrentHashMap<>();
        Map<String, List<String>> nodes = new ConcurrentHashMap<>();
        AtomicInteger serial = new AtomicInteger();
        Map<String, Integer> decisions = new ConcurrentHashMap<>();
        RuleEngine[] engine = new RuleEngine[1];
        EngineLoop[] loop = new EngineLoop[1];

        Actuator actuator = new Actuator() {
            @Override public String type() { return "bench"; }
            @Override public boolean ready(Pool pool) { return true; }
            @Override public List<Node> status(Pool pool) { return List.of(); }
            @Override public void apply(Pool pool, Decision d) {
                long now = engine[0].now();
                int sec = (int) ((now - START) / 1000);
                int p = Integer.parseInt(pool.getName().substring(5));
                // a replacement is triggered by a probe result, everything else by samples
                long arrived = d.getKind() == io.baton.engine.model.DecisionKind.REPLACE_NODE ? probeWall[sec & 3][p] : submitWall[sec & 3][p];
                if (arrived > 0) {
                    long lat = System.nanoTime() - arrived;
                    latencies.add(lat);
                    byKind.computeIfAbsent(d.getKind().label(), k -> new CopyOnWriteArrayList<>()).add(lat);
                }
                decisions.merge(d.getKind().label(), 1, Integer::sum);
                List<String> ns = nodes.get(pool.getName());
                switch (d.getKind()) {
                    case SCALE_OUT -> { for (int i = 0; i < d.getAmount(); i++) start(pool, ns, d, now); }
                    case SCALE_IN -> { for (int i = 0; i < d.getAmount() && ns.size() > 0; i++) stop(pool, ns, ns.get(ns.size() - 1), d, now); }
                    case REPLACE_NODE -> { start(pool, ns, d, now); stop(pool, ns, d.getNode(), d, now); }
                    default -> { }
                }
            }
            void start(Pool pool, List<String> ns, Decision d, long now) {
                String id = pool.getName() + "-n" + serial.incrementAndGet();
                for (NodeState s : new NodeState[] {NodeState.REQUESTED, NodeState.STARTING, NodeState.RUNNING}) {
                    loop[0].onLifecycle(LifecycleEvent.of(pool, id, s, d.getId(), now, ""));
                }
                ns.add(id);
            }
            void stop(Pool pool, List<String> ns, String id, Decision d, long now) {
                if (!ns.remove(id)) return;
                loop[0].onLifecycle(LifecycleEvent.of(pool, id, NodeState.DRAINING, d.getId(), now, ""));
                loop[0].onLifecycle(LifecycleEvent.of(pool, id, NodeState.TERMINATED, d.getId(), now, ""));
            }
        };

        engine[0] = new RuleEngine(EngineSettings.defaults().withPseudoClock(true), rules, poolList, p -> actuator,
                p -> GuardrailSettings.DEFAULTS, new DecisionJournal(10_000), START);
        loop[0] = new EngineLoop(engine[0], false, Duration.ofMillis(100), 16);
        for (Pool p : poolList) {
            List<String> ns = new CopyOnWriteArrayList<>();
            for (int n = 0; n < nodesPerPool; n++) {
                String id = p.getName() + "-" + n;
                ns.add(id);
                engine[0].lifecycle(LifecycleEvent.of(p, id, NodeState.RUNNING, "", START, ""));
            }
            nodes.put(p.getName(), ns);
        }
        loop[0].start();

        long samples = 0;
        long t0 = System.nanoTime();
        List<String> heap = new ArrayList<>();
        for (int sec = 1; sec <= seconds; sec++) {
            long ts = START + sec * 1000L;
            List<Sample> batch = new ArrayList<>(BATCH + 64);
            int firstPool = 0;
            for (int p = 0; p < pools; p++) {
                Pool pool = poolList.get(p);
                double cpu = cpu(p, sec);
                List<String> ns = nodes.get(pool.getName());
                for (int n = 0; n < ns.size(); n++) {
                    if ((n + p) % 10 != sec % 10) continue; // each node reports every 10 s, staggered
                    String node = ns.get(n);
                    batch.add(new Sample(pool.getName(), node, "cpu", cpu + (n % 3), ts));
                    batch.add(new Sample(pool.getName(), node, "mem_percent", 40 + (n % 7), ts));
                    batch.add(new Sample(pool.getName(), node, "latency_p95", 80 + (n % 5) * 3, ts));
                    batch.add(new Sample(pool.getName(), node, "rps", 100 + n, ts));
                    batch.add(new Sample(pool.getName(), node, "disk_percent", 30, ts));
                }
                int failAt = 720 + (SYNC ? 0 : ((p / 20) * 13) % 60); // 50 nodes fail their probes, spread over a minute
                if (p % 20 == 7 && sec >= failAt && sec <= failAt + 20 && (sec - failAt) % 5 == 0) {
                    probeWall[sec & 3][p] = System.nanoTime();
                    loop[0].health(new NodeHealth(pool.getName(), ns.get(0), false, 0, ts));
                }
                if (batch.size() >= BATCH || p == pools - 1) {
                    if (rate > 0) {
                        long due = t0 + (long) (samples / rate * 1e9);
                        long ahead = due - System.nanoTime();
                        if (ahead > 0) java.util.concurrent.locks.LockSupport.parkNanos(ahead);
                    }
                    long arrived = System.nanoTime();
                    for (int q = firstPool; q <= p; q++) submitWall[sec & 3][q] = arrived;
                    loop[0].acceptBlocking(batch);
                    samples += batch.size();
                    batch = new ArrayList<>(BATCH + 64);
                    firstPool = p + 1;
                }
            }
            if (sec % 300 == 0 && rate == 0) {
                long used = loop[0].call(e -> usedHeapAfterGc());
                heap.add(String.format(Locale.ROOT, "%dmin=%dMB", sec / 60, used / (1 << 20)));
            }
        }
        loop[0].call(e -> e.samplesIngested());
        double wall = (System.nanoTime() - t0) / 1e9;
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "pools=%d nodes=%d metrics=%d simulated=%dmin samples=%d wall=%.1fs%n",
                pools, pools * nodesPerPool, METRICS.length, minutes, samples, wall);
        System.out.printf(Locale.ROOT, "throughput: %.0f samples/s (heap checks included)%s%n", samples / wall,
                rate > 0 ? String.format(Locale.ROOT, ", paced at %.0f samples/s", rate) : ", flat out");
        System.out.println("heap after GC: " + String.join(" ", heap));
        System.out.println("decisions dispatched: " + decisions + " facts in session: " + loop[0].call(RuleEngine::factCount));
        Map<String, Integer> byRule = new java.util.TreeMap<>();
        for (var e : engine[0].journal().all()) byRule.merge(e.rule() + " " + e.outcome(), e.repeats(), Integer::sum);
        byRule.forEach((k, v) -> System.out.println("  " + v + " x " + k));
        if (lat.length > 0) {
            System.out.printf(Locale.ROOT, "sample-to-actuator latency: n=%d p50=%.2fms p99=%.2fms max=%.2fms%n", lat.length,
                    lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6, lat[lat.length - 1] / 1e6);
        }
        byKind.forEach((k, v) -> {
            long[] l = v.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "  %s: n=%d p50=%.2fms p99=%.2fms%n", k, l.length, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6);
        });
        loop[0].close();
        System.exit(0);
    }

    /**
     * 100 pools hot for 10 minutes from about minute 5, 100 pools idle from about the start, the rest at 50%.
     * With {@code SYNC} set, all hot pools turn at the same second (the worst burst); otherwise each
     * turns within a minute of the others, as real pools do.
     */
    static double cpu(int p, int sec) {
        int shift = SYNC ? 0 : ((p / 10) * 37) % 60; // 100 hot and 100 idle pools, each group spread over a minute
        if (p % 10 == 0) return sec >= 300 + shift && sec < 900 + shift ? 92 : 50;
        if (p % 10 == 1) return sec >= shift ? 8 : 50;
        return 50;
    }

    static final boolean SYNC = Boolean.getBoolean("bench.sync");

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static { Arrays.asList(METRICS); }
}
