package io.baton.actuators.bench;

import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.local.LocalActuator;
import io.baton.actuators.local.LocalSettings;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Benchmarks the local actuator with real node processes: time to RUNNING for 1, 10 and 50 nodes,
 * and the cost of holding 50 nodes. Run by {@code actuators/bench.sh}; prints a Markdown table.
 * Healing is measured on the production path, through Baton's engine and rules: {@code bench/heal.sh}.
 */
public final class LocalBench {
    private static final List<LifecycleEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static final Map<String, Long> RUNNING_AT = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int big = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path data = Files.createTempDirectory("baton-bench");
        Pool pool = new Pool("bench", "bench", "bench", "node", 0, 1000, 1);
        LocalSettings settings = LocalSettings.defaults(31000).withStartTimeout(java.time.Duration.ofSeconds(60));
        LocalActuator a = new LocalActuator(data, List.of(pool), n -> settings, LifecyclePublisher.of(e -> {
            EVENTS.add(e);
            if (e.state() == NodeState.RUNNING) RUNNING_AT.put(e.node(), System.nanoTime());
        }), Clock.systemUTC());
        List<String> rows = new ArrayList<>();
        try {
            for (int n : new int[] {1, 10, big}) {
                double ms = toRunning(a, pool, n, "up-" + n);
                rows.add(String.format("| bring %d node(s) to RUNNING | %.0f ms | %.0f ms per node |", n, ms, ms / n));
                if (n != big) {
                    a.terminateAll(60_000);
                }
            }
            rows.addAll(hold(a, pool, big));
            rows.add(front(a, 32, 5_000, false));
            rows.add(front(a, 32, 5_000, true));
        } finally {
            long t = System.nanoTime();
            a.terminateAll(120_000);
            rows.add(String.format("| drain and stop %d nodes (idle) | %.0f ms | |", big, (System.nanoTime() - t) / 1e6));
            a.close();
        }
        System.out.println("| measure | value | note |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, java " + System.getProperty("java.version"));
    }

    private static double toRunning(LocalActuator a, Pool pool, int n, String decision) throws InterruptedException {
        int before = RUNNING_AT.size();
        long t0 = System.nanoTime();
        a.apply(pool, new Decision(decision, DecisionKind.SCALE_OUT, pool.getName(), n, null, "bench", List.of(), "bench"));
        while (RUNNING_AT.size() < before + n) Thread.sleep(5);
        long last = RUNNING_AT.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        return (last - t0) / 1e6;
    }

    private static List<String> hold(LocalActuator a, Pool pool, int n) throws Exception {
        System.gc();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep(10_000);
        double cpuPct = 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0);
        long selfRss = rssKb(ProcessHandle.current().pid());
        long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024;
        long r0 = System.nanoTime();
        int reconciled = a.reconcile();
        double reconcileMs = (System.nanoTime() - r0) / 1e6;
        long nodesRss = 0;
        List<NodeInfo> nodes = a.nodes(pool);
        for (NodeInfo node : nodes) nodesRss += rssKb(node.pid());
        return List.of(
                String.format("| actuator JVM while holding %d nodes: CPU (10 s idle hold) | %.3f %% of one core | |", nodes.size(), cpuPct),
                String.format("| actuator JVM while holding %d nodes: RSS | %d MB | heap used %d MB |", nodes.size(), selfRss / 1024, heap / 1024),
                String.format("| %d nodes' total RSS | %d MB | %.1f MB per node |", nodes.size(), nodesRss / 1024, nodesRss / 1024.0 / nodes.size()),
                String.format("| one reconciliation pass over %d nodes (reads /proc) | %.0f ms | %d change(s) |", nodes.size(), reconcileMs, reconciled));
    }

    /** {@code clients} threads send {@code /work?ms=1} through the front for {@code millis} ms. */
    private static String front(LocalActuator a, int clients, long millis, boolean direct) throws Exception {
        try (io.baton.actuators.local.Front front = new io.baton.actuators.local.Front(0, a::running)) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + front.port() + "/work?ms=1");
            List<java.net.URI> nodes = a.running(null).stream().map(n -> java.net.URI.create("http://" + n.address() + "/work?ms=1")).toList();
            java.util.concurrent.atomic.AtomicLong rr = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong ok = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong bad = new java.util.concurrent.atomic.AtomicLong();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + millis * 1_000_000;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            java.net.URI target = direct ? nodes.get((int) (rr.getAndIncrement() % nodes.size())) : uri;
                            int code = http.send(java.net.http.HttpRequest.newBuilder(target).build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (code == 200) ok.incrementAndGet();
                            else bad.incrementAndGet();
                        } catch (Exception e) {
                            bad.incrementAndGet();
                        }
                        latencies.add(System.nanoTime() - t0);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) t.join();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            double p95 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1) / 1e6;
            return String.format("| %s: %d clients, /work?ms=1 for %d s over %d nodes | %.0f req/s | p95 %.1f ms, %d errors |",
                    direct ? "baseline, straight to the nodes (no front)" : "through the front", clients, millis / 1000, a.running(null).size(), ok.get() * 1000.0 / millis, p95, bad.get());
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
