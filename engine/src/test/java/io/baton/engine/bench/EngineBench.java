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
 * <p>Every run also prints how long loading the nodes took (one RUNNING lifecycle event per node, as
 * the service reads them from its actuators at start, then the first evaluation), how long each
 * evaluation took (p50/p99, and for those that opened a new second, which walk every node's status),
 * the share of one core the engine thread used, the engine's drop counters by reason, the samples the
 * queue dropped, and the longest backlog. With {@code -Dbench.queue=N} a paced run hands samples over
 * as the service does: a queue of N batches that drops what does not fit, instead of waiting for room (flat out, the harness
 * always waits for room in a queue of 16 batches).
 *
 * <p>With {@code -Dbench.timeline=leader} the load turns early enough for a run of a few minutes: the hot
 * pools from about 30 s (so they scale out from about 150 s), the failing nodes from about 60 s (replaced
 * from about 70 s); the idle pools still idle from the start, so they scale in only in runs of 11
 * minutes or more (the shipped rule wants 10 minutes below 20%). Runs shorter than 10 minutes report
 * every simulated minute instead of every 5.
 *
 * <p>Run with {@code bench/engine.sh [pools] [minutes] [rate]}; {@code bench/engine.sh leader} is one
 * leader carrying 100,000 nodes at 50,000 samples/s for 4 minutes.
 */
public final class EngineBench {
    static final String[] METRICS = {"cpu", "mem_percent", "latency_p95", "rps", "disk_percent"};
    static final long START = 1_767_225_600_000L;
    /** Samples per hand-over, about what a collector flushes at once. */
    static final int BATCH = 500;
    /** The queue's size in batches for a paced run that drops like the service (0: 16 batches, and the harness waits for room). */
    static final int QUEUE = Integer.getInteger("bench.queue", 0);

    public static void main(String[] args) throws Exception {
        int pools = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int nodesPerPool = 10;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0; // samples/s to pace at; 0 = flat out
        RuleSet rules = new RuleCompiler().compile(Path.of(args.length > 2 ? args[2] : "rules")).ruleSet();
        List<Pool> poolList = new ArrayList<>();
        for (int p = 0; p < pools; p++) poolList.add(new Pool("pool-" + p, "customer-" + (p % 200), "svc", "img", 5, 20, 2));

        int seconds = minutes * 60;
        int every = minutes < 10 ? 60 : 300; // seconds between reports
        System.out.printf(Locale.ROOT, "timeline: %s (hot pools from %d s for %d s, failing probes from %d s, idle pools from the start), a report every %d s%n",
                LEADER ? "leader" : "default", HOT_FROM, HOT_FOR, FAIL_FROM, every);
        long[][] submitWall = new long[4][pools]; // [second % 4][pool]: when the pool's samples of that second arrived
        long[][] probeWall = new long[4][pools];  // [second % 4][pool]: when the pool's probe result of that second arrived
        int[][] submitSec = new int[4][pools];    // [second % 4][pool]: the second submitWall holds
        long[] firstWall = new long[4];           // [second % 4]: when the first batch of that second arrived
        int[] firstSec = new int[4];
        AtomicInteger dueWithoutSample = new AtomicInteger();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        Map<String, List<Long>> byKind = new ConcurrentHashMap<>();
        Map<String, List<String>> nodes = new ConcurrentHashMap<>();
        AtomicInteger serial = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        Map<String, Integer> decisions = new ConcurrentHashMap<>();
        RuleEngine[] engine = new RuleEngine[1];
        Slowest slowestDecisions = new Slowest(), slowestEvals = new Slowest(); // both written on the engine thread
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
                if (d.getKind() != io.baton.engine.model.DecisionKind.REPLACE_NODE && submitSec[sec & 3][p] != sec) {
                    // due at a second in which the pool sent nothing (a shrunk pool's quiet second, a cooldown
                    // running out): timed from the first batch of that second, which moved the clock there
                    arrived = firstSec[sec & 3] == sec ? firstWall[sec & 3] : 0;
                    dueWithoutSample.incrementAndGet();
                }
                if (arrived > 0) {
                    long lat = System.nanoTime() - arrived;
                    latencies.add(lat);
                    slowestDecisions.add(lat, System.nanoTime(), sec, d.getKind().label());
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
                stopped.incrementAndGet();
                loop[0].onLifecycle(LifecycleEvent.of(pool, id, NodeState.DRAINING, d.getId(), now, ""));
                loop[0].onLifecycle(LifecycleEvent.of(pool, id, NodeState.TERMINATED, d.getId(), now, ""));
            }
        };

        DecisionJournal journal = new DecisionJournal(10_000);
        AutoCloseable telemetry = telemetry(journal, name -> engine[0].pool(name));
        engine[0] = new RuleEngine(EngineSettings.defaults().withPseudoClock(true), rules, poolList, p -> actuator,
                p -> GuardrailSettings.DEFAULTS, journal, START);
        boolean dropping = QUEUE > 0 && rate > 0;
        int capacity = dropping ? QUEUE : 16; // flat out, a long queue would only hold samples in the heap
        loop[0] = new EngineLoop(engine[0], false, Duration.ofMillis(100), capacity);
        Timings evals = new Timings();
        Timings secondEvals = new Timings(); // the evaluations that opened a new second: silence walks every status then
        long[] lastSecond = {START / 1000};
        loop[0].onEvaluated(nanos -> {
            evals.add(nanos);
            long s = engine[0].now() / 1000;
            slowestEvals.add(nanos, System.nanoTime(), s - START / 1000, null);
            if (s != lastSecond[0]) {
                secondEvals.add(nanos);
                lastSecond[0] = s;
            }
        });
        // the nodes come in as the service brings them in at start: one RUNNING lifecycle event each, from the actuators
        long loadStart = System.nanoTime();
        for (Pool p : poolList) {
            List<String> ns = new CopyOnWriteArrayList<>();
            for (int n = 0; n < nodesPerPool; n++) {
                String id = p.getName() + "-" + n;
                ns.add(id);
                engine[0].lifecycle(LifecycleEvent.of(p, id, NodeState.RUNNING, "", START, ""));
            }
            nodes.put(p.getName(), ns);
        }
        long loaded = System.nanoTime();
        engine[0].evaluate(START); // the first evaluation takes the inserted facts through the rules
        long firstEval = System.nanoTime();
        System.out.printf(Locale.ROOT, "load: %d nodes by lifecycle events in %.0f ms (%.0f events/s), first evaluation %.0f ms, %d nodes known, capacity %d%n",
                pools * nodesPerPool, (loaded - loadStart) / 1e6, pools * nodesPerPool / ((loaded - loadStart) / 1e9),
                (firstEval - loaded) / 1e6, engine[0].nodes().size(), poolList.stream().mapToInt(Pool::getNodes).sum());
        loop[0].start();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long engineThread = loop[0].call(e -> Thread.currentThread().getId());

        long samples = 0;
        long t0 = System.nanoTime();
        long t0Uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        long cpu0 = threads.getThreadCpuTime(engineThread);
        long markWall = t0, markCpu = cpu0, markSamples = 0;
        int maxBacklog = 0, markBacklog = 0;
        List<String> heap = new ArrayList<>();
        long[] lastFull = {heapAfterLastFullGc()[1]};
        long heapCheckNanos = 0; // flat out: the wall time of the forced full GCs of the heap checks
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
                int failAt = FAIL_FROM + (SYNC ? 0 : ((p / 20) * 13) % 60); // 1 node in 20 pools fails its probes, spread over a minute
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
                    for (int q = firstPool; q <= p; q++) {
                        submitWall[sec & 3][q] = arrived;
                        submitSec[sec & 3][q] = sec;
                    }
                    if (firstSec[sec & 3] != sec) {
                        firstWall[sec & 3] = arrived;
                        firstSec[sec & 3] = sec;
                    }
                    if (dropping) loop[0].accept(batch);
                    else loop[0].acceptBlocking(batch);
                    samples += batch.size();
                    int backlog = loop[0].backlog();
                    if (backlog > markBacklog) markBacklog = backlog;
                    batch = new ArrayList<>(BATCH + 64);
                    firstPool = p + 1;
                }
            }
            if (sec % every == 0) {
                long now = System.nanoTime(), cpu = threads.getThreadCpuTime(engineThread);
                var drops = loop[0].call(RuleEngine::dropped);
                System.out.printf(Locale.ROOT, "  %2d min: %.0f samples/s, engine thread %.0f%% of a core, longest backlog %d items, queue dropped %d, engine dropped %s%n",
                        sec / 60, (samples - markSamples) / ((now - markWall) / 1e9), 100.0 * (cpu - markCpu) / (now - markWall),
                        markBacklog, loop[0].dropped(), nonZero(drops));
                maxBacklog = Math.max(maxBacklog, markBacklog);
                markWall = now;
                markCpu = cpu;
                markSamples = samples;
                markBacklog = 0;
                // forced full GCs stall a paced run, so it reads the heap the newest full collection left instead
                if (rate == 0) {
                    long checkStart = System.nanoTime();
                    heap.add(String.format(Locale.ROOT, "%dmin=%dMB", sec / 60, loop[0].call(e -> usedHeapAfterGc()) / (1 << 20)));
                    heapCheckNanos += System.nanoTime() - checkStart;
                }
                else {
                    long[] full = heapAfterLastFullGc();
                    heap.add(full[1] > lastFull[0] ? String.format(Locale.ROOT, "%dmin=%dMB", sec / 60, full[0] / (1 << 20))
                            : String.format(Locale.ROOT, "%dmin=none", sec / 60));
                    lastFull[0] = full[1];
                }
            }
        }
        loop[0].call(e -> e.samplesIngested());
        double wall = (System.nanoTime() - t0) / 1e9;
        double engineCpu = (threads.getThreadCpuTime(engineThread) - cpu0) / 1e9;
        maxBacklog = Math.max(maxBacklog, markBacklog);
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "pools=%d nodes=%d metrics=%d simulated=%dmin samples=%d wall=%.1fs%n",
                pools, pools * nodesPerPool, METRICS.length, minutes, samples, wall);
        if (rate == 0) {
            System.out.printf(Locale.ROOT, "throughput without the heap checks: %.0f samples/s (their forced full GCs stop the engine for %.1f s of the %.1f s)%n",
                    samples / (wall - heapCheckNanos / 1e9), heapCheckNanos / 1e9, wall);
        }
        System.out.printf(Locale.ROOT, "throughput: %.0f samples/s (heap checks included)%s%n", samples / wall,
                rate > 0 ? String.format(Locale.ROOT, ", paced at %.0f samples/s", rate) : ", flat out");
        System.out.println((rate == 0 ? "heap after full GC: " : "heap after the newest full GC of each period (not forced; none: no full GC in it): ") + String.join(" ", heap)
                + String.format(Locale.ROOT, "; after full GC at the end: %dMB", loop[0].call(e -> usedHeapAfterGc()) / (1 << 20)));
        System.out.printf(Locale.ROOT, "engine thread: %.1f s of CPU in %.1f s (%.0f%% of a core); samples ingested %d of %d sent%n",
                engineCpu, wall, 100 * engineCpu / wall, loop[0].call(RuleEngine::samplesIngested), samples);
        System.out.printf(Locale.ROOT, "queue: %s, capacity %d batches, longest backlog %d items, dropped %d samples%n",
                dropping ? "drops when full (as the service)" : "the harness waits for room", capacity, maxBacklog, loop[0].dropped());
        System.out.println("engine dropped: " + loop[0].call(RuleEngine::dropped) + " (nodes stopped by decisions: " + stopped.get()
                + "; a sample already on its way for one of them is dropped as unknown_node)");
        String evaluations = loop[0].call(e -> "evaluations: " + evals.summary() + "; those opening a new second: " + secondEvals.summary());
        System.out.println(evaluations);
        String slowest = loop[0].call(e -> "slowest evaluations: " + slowestEvals.describe(t0) + "\nslowest decisions: " + slowestDecisions.describe(t0)
                + String.format(Locale.ROOT, "%n(run time counts from %d ms after the JVM started, for -Xlog:gc:...:uptime)", t0Uptime));
        System.out.println(slowest);
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            System.out.printf(Locale.ROOT, "gc %s: %d collections, %.1f s%n", gc.getName(), gc.getCollectionCount(), gc.getCollectionTime() / 1e3);
        }
        System.out.println("decisions dispatched: " + decisions + " facts in session: " + loop[0].call(RuleEngine::factCount));
        Map<String, Integer> byRule = new java.util.TreeMap<>();
        for (var e : engine[0].journal().all()) byRule.merge(e.rule() + " " + e.outcome(), e.repeats(), Integer::sum);
        byRule.forEach((k, v) -> System.out.println("  " + v + " x " + k));
        if (lat.length > 0) {
            System.out.printf(Locale.ROOT, "sample-to-actuator latency: n=%d p50=%.2fms p99=%.2fms max=%.2fms (%d due at a second with no sample of their pool, timed from that second's first batch)%n",
                    lat.length, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6, lat[lat.length - 1] / 1e6, dueWithoutSample.get());
        }
        byKind.forEach((k, v) -> {
            long[] l = v.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "  %s: n=%d p50=%.2fms p99=%.2fms%n", k, l.length, l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6);
        });
        loop[0].close();
        telemetry.close();
        System.exit(0);
    }

    /**
     * What the service hangs on the journal, on the engine thread: with {@code -Dbench.telemetry=CLASS} (the app
     * module's {@code BenchTelemetry}, which wires its {@code DecisionTelemetry}), a class that takes the journal and
     * a pool lookup and returns what to close at the end; without it, nothing.
     */
    @SuppressWarnings("unchecked")
    static AutoCloseable telemetry(DecisionJournal journal, java.util.function.Function<String, Pool> pools) throws ReflectiveOperationException {
        String name = System.getProperty("bench.telemetry", "");
        if (name.isEmpty()) {
            System.out.println("telemetry: none (the journal only, no DecisionTelemetry)");
            return () -> { };
        }
        var factory = (java.util.function.BiFunction<DecisionJournal, java.util.function.Function<String, Pool>, AutoCloseable>)
                Class.forName(name).getDeclaredConstructor().newInstance();
        return factory.apply(journal, pools);
    }

    /**
     * One pool in 10 hot for 10 minutes from about {@link #HOT_FROM}, one in 10 idle from about the start, the
     * rest at 50%. With {@code SYNC} set, all hot pools turn at the same second (the worst burst); otherwise each
     * turns within a minute of the others, as real pools do.
     */
    static double cpu(int p, int sec) {
        int shift = SYNC ? 0 : ((p / 10) * 37) % 60; // the hot and the idle pools, each group spread over a minute
        if (p % 10 == 0) return sec >= HOT_FROM + shift && sec < HOT_FROM + HOT_FOR + shift ? 92 : 50;
        if (p % 10 == 1) return sec >= shift ? 8 : 50;
        return 50;
    }

    static final boolean SYNC = Boolean.getBoolean("bench.sync");
    /** The leader's timeline, which fits a run of a few minutes (see the class comment). */
    static final boolean LEADER = "leader".equals(System.getProperty("bench.timeline"));
    static final int HOT_FROM = LEADER ? 30 : 300;
    static final int HOT_FOR = 600;
    static final int FAIL_FROM = LEADER ? 60 : 720;

    /** Durations in nanoseconds, added and summed up on the engine thread (it keeps evaluating after the run). */
    static final class Timings {
        private long[] v = new long[1 << 16];
        private int n;

        void add(long nanos) {
            if (n == v.length) v = Arrays.copyOf(v, n * 2);
            v[n++] = nanos;
        }

        String summary() {
            int n = this.n;
            if (n == 0) return "none";
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            return String.format(Locale.ROOT, "n=%d p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms", n,
                    s[n / 2] / 1e6, s[(int) (n * 0.99)] / 1e6, s[(int) (n * 0.999)] / 1e6, s[n - 1] / 1e6);
        }
    }

    /** The 5 longest durations, each with when it ended (nanoTime), its simulated second and a label. */
    static final class Slowest {
        private final List<Object[]> top = new ArrayList<>();

        void add(long nanos, long at, long second, String label) {
            if (top.size() == 5 && nanos <= (long) top.get(4)[0]) return;
            top.add(new Object[] {nanos, at, second, label});
            top.sort((a, b) -> Long.compare((long) b[0], (long) a[0]));
            if (top.size() > 5) top.remove(5);
        }

        String describe(long t0) {
            StringBuilder b = new StringBuilder();
            for (Object[] t : top) {
                b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f ms", (long) t[0] / 1e6));
                if (t[3] != null) b.append(' ').append(t[3]);
                b.append(String.format(Locale.ROOT, " (simulated second %d, run time %.1f s)", (long) t[2], ((long) t[1] - t0) / 1e9));
            }
            return b.length() == 0 ? "none" : b.toString();
        }
    }

    static String nonZero(Map<?, Long> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> { if (v != 0) b.append(b.length() == 0 ? "" : " ").append(k.toString().toLowerCase(Locale.ROOT)).append('=').append(v); });
        return b.length() == 0 ? "nothing" : b.toString();
    }

    /**
     * The heap in use after the newest full collection (the collector of the old generation), without forcing
     * one, and when that collection ended (ms since the JVM started; -1 if none yet).
     */
    static long[] heapAfterLastFullGc() {
        long best = 0, at = -1;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName();
            boolean full = name.contains("MarkSweep") || name.contains("Old") || name.contains("MarkCompact");
            if (!full || !(gc instanceof com.sun.management.GarbageCollectorMXBean g) || g.getLastGcInfo() == null) continue;
            var info = g.getLastGcInfo();
            if (info.getEndTime() > at) {
                at = info.getEndTime();
                best = 0;
                for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                    var after = info.getMemoryUsageAfterGc().get(pool.getName());
                    if (pool.getType() == java.lang.management.MemoryType.HEAP && after != null) best += after.getUsed();
                }
            }
        }
        return new long[] {best, at};
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static { Arrays.asList(METRICS); }
}
