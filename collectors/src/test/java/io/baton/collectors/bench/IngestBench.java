package io.baton.collectors.bench;

import io.baton.collectors.CountingSink;
import io.baton.collectors.TestApp;
import io.baton.collectors.influx.InfluxSink;
import io.baton.testkit.influx.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * End to end: HTTP line-protocol ingest (Baton's /write on Tomcat) -> InfluxSink -> InfluxDB, with a counting
 * MetricSink standing in for the engine; against the same lines POSTed straight to the same InfluxDB with the
 * same batch size by one writer and by two writers at once, all three in the same run and in every round. Run
 * through collectors/bench.sh.
 */
public final class IngestBench {
    static final int BATCH = 5_000;
    static final long SETTLE_MS = Long.getLong("bench.settle-ms", 3_000);
    /** The sink's {@code baton.influx.writes-in-flight}; unset: the default. */
    static final String WRITES_IN_FLIGHT = System.getProperty("bench.writes-in-flight");
    /**
     * Unmeasured rounds of each phase first (about 3 s each). Tomcat's, Spring's and OkHttp's per-request code runs only
     * 60 times a round, so the JIT compilers take many rounds to finish it: after 1 warm-up round they still spent
     * 0.96 µs per line of the end-to-end phases (of 1.41 for the whole JVM), after 30 rounds 0.19 (BENCHMARKS.md).
     */
    static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 30);
    /** The order of the three phases in a round: all six orders in turn, so drifts of the machine hit each alike. */
    private static final int[][] ORDERS = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {0, 2, 1}, {2, 0, 1}, {1, 0, 2}};

    @Configuration
    static class Engine {
        @Bean
        CountingSink engineStandIn() {
            return new CountingSink(0);
        }
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < total; i += BATCH) bodies.add(BenchData.bytes(i, Math.min(BATCH, total - i)));

        String loadAtStart = loadAverage();
        InfluxServer influx = InfluxServer.perClass();
        influx.start();
        List<String> appArgs = new ArrayList<>(List.of(
                "--server.port=0", "--baton.influx.url=" + influx.url(), "--baton.influx.database=bench_e2e_0",
                "--baton.influx.batch-size=" + BATCH, "--baton.influx.buffer-capacity=500000",
                "--baton.influx.spool-dir=" + Files.createTempDirectory("bench-spool"), "--logging.level.root=WARN"));
        if (WRITES_IN_FLIGHT != null) appArgs.add("--baton.influx.writes-in-flight=" + WRITES_IN_FLIGHT);
        ConfigurableApplicationContext app = new SpringApplication(TestApp.class, Engine.class).run(appArgs.toArray(String[]::new));
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            InfluxSink sink = app.getBean(InfluxSink.class);
            CountingSink engine = app.getBean(CountingSink.class);
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf("%,d lines in %d bodies of %,d lines, %d client threads end to end, sink writes in flight %s, InfluxDB %s%n",
                    total, bodies.size(), BATCH, clients, WRITES_IN_FLIGHT == null ? "default" : WRITES_IN_FLIGHT, influx);
            System.out.println("load average at start: " + loadAtStart);
            // warm-up, not counted: whole rounds of each, so that the JIT compilers have done their work before the rounds
            db(influx, "bench_direct");
            for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                endToEnd(http, port, sink, engine, bodies, clients, total);
                direct(http, influx, bodies, total, 1);
                direct(http, influx, bodies, total, 2);
            }
            sink.flush();
            List<Double> direct1s = new ArrayList<>();
            List<Double> direct2s = new ArrayList<>();
            List<Double> e2es = new ArrayList<>();
            List<Double> ratios1 = new ArrayList<>();
            List<Double> ratios2 = new ArrayList<>();
            double[] cpu = new double[6];  // per phase: this JVM's CPU ns and influxd's CPU ns
            long[] jit = new long[3];  // per phase: the JIT compilers' time in this JVM, ms (part of its CPU)
            var compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
            for (int round = 1; round <= rounds; round++) {
                double direct1 = 0;
                double direct2 = 0;
                double[] e2e = null;
                for (int phase : ORDERS[(round - 1) % ORDERS.length]) {
                    settle();  // let influxd finish the background work (WAL snapshot, compaction) of the previous phase first
                    long jitBefore = compiler.getTotalCompilationTime();
                    long ownBefore = cpuNanos(ProcessHandle.current());
                    long influxBefore = cpuNanos(influxd());
                    switch (phase) {
                        case 0 -> direct1 = direct(http, influx, bodies, total, 1);
                        case 1 -> direct2 = direct(http, influx, bodies, total, 2);
                        default -> e2e = endToEnd(http, port, sink, engine, bodies, clients, total);
                    }
                    cpu[2 * phase] += cpuNanos(ProcessHandle.current()) - ownBefore;
                    cpu[2 * phase + 1] += cpuNanos(influxd()) - influxBefore;
                    jit[phase] += compiler.getTotalCompilationTime() - jitBefore;
                }
                direct1s.add(direct1);
                direct2s.add(direct2);
                e2es.add(e2e[0]);
                ratios1.add(e2e[0] / direct1);
                ratios2.add(e2e[0] / direct2);
                System.out.printf("round %d: direct 1 writer %,.0f lines/s | direct 2 writers %,.0f lines/s | end-to-end %,.0f lines/s "
                                + "(%,.0f samples/s to the engine stand-in; HTTP accepted at %,.0f lines/s) | e2e/direct1 %.0f%% | e2e/direct2 %.0f%% | dropped %d%n",
                        round, direct1, direct2, e2e[0], e2e[1], e2e[2], 100 * e2e[0] / direct1, 100 * e2e[0] / direct2, sink.stats().dropped());
            }
            System.out.printf("median of %d rounds: direct 1 writer %,.0f lines/s, direct 2 writers %,.0f lines/s, end-to-end %,.0f lines/s%n",
                    rounds, median(direct1s), median(direct2s), median(e2es));
            System.out.printf("end to end vs direct, 1 writer:  median of per-round ratios %.1f%%, ratio of medians %.1f%%%n",
                    100 * median(ratios1), 100 * median(e2es) / median(direct1s));
            System.out.printf("end to end vs direct, 2 writers: median of per-round ratios %.1f%%, ratio of medians %.1f%%%n",
                    100 * median(ratios2), 100 * median(e2es) / median(direct2s));
            long lines = (long) total * rounds;
            System.out.printf("CPU per line (this JVM: bench client%s | influxd), microseconds: direct 1 writer %.2f | %.2f; direct 2 writers %.2f | %.2f; "
                            + "end to end %.2f | %.2f%n", " + Baton end to end", cpu[0] / 1e3 / lines, cpu[1] / 1e3 / lines,
                    cpu[2] / 1e3 / lines, cpu[3] / 1e3 / lines, cpu[4] / 1e3 / lines, cpu[5] / 1e3 / lines);
            System.out.printf("of which the JIT compilers, microseconds per line: direct 1 writer %.2f; direct 2 writers %.2f; end to end %.2f%n",
                    jit[0] * 1e3 / lines, jit[1] * 1e3 / lines, jit[2] * 1e3 / lines);
            System.out.printf("stored through Baton: %,d cpu points, straight: %,d (expected %,d: rounds rewrite the same points); dropped %d%n",
                    influx.count("bench_e2e_0", "SELECT count(usage_idle) FROM cpu"),
                    influx.count("bench_direct", "SELECT count(usage_idle) FROM cpu"), total / 4, sink.stats().dropped());
            System.out.println("load average at start: " + loadAtStart + "; at end: " + loadAverage());
        } finally {
            app.close();
            influx.close();
        }
    }

    /** The influxd this run started (a child of this JVM), or null (e.g. InfluxDB in Docker). */
    static ProcessHandle influxd() {
        return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("influxd")).findFirst().orElse(null);
    }

    /** CPU time of {@code p} so far (all its threads), 0 when unknown. */
    static long cpuNanos(ProcessHandle p) {
        return p == null ? 0 : p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static double direct(HttpClient http, InfluxServer influx, List<byte[]> bodies, int total, int writers) throws Exception {
        long t0 = System.nanoTime();
        post(http, influx.url() + "/write?db=bench_direct&precision=ns", bodies, writers);
        return total / ((System.nanoTime() - t0) / 1e9);
    }

    /** Lines/s end to end, samples/s to the engine stand-in, lines/s accepted over HTTP. */
    static double[] endToEnd(HttpClient http, int port, InfluxSink sink, CountingSink engine, List<byte[]> bodies, int clients, int total)
            throws Exception {
        long writtenBefore = sink.stats().written();
        long samplesBefore = engine.count.get();
        long t0 = System.nanoTime();
        post(http, "http://127.0.0.1:" + port + "/write?precision=ns", bodies, clients);
        long accepted = System.nanoTime();
        sink.flush();
        long giveUp = System.nanoTime() + 300_000_000_000L;
        while (sink.stats().written() - writtenBefore < total) {
            if (System.nanoTime() > giveUp) throw new IllegalStateException("not all written: " + sink.stats());
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new double[] {total / seconds, (engine.count.get() - samplesBefore) / seconds, total / ((accepted - t0) / 1e9)};
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE_MS);
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String db(InfluxServer influx, String name) {
        influx.createDatabase(name);
        return name;
    }

    static void post(HttpClient http, String url, List<byte[]> bodies, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 204) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
