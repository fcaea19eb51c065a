package io.baton.reports.backtest;

import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.rules.RuleMode;
import io.baton.engine.session.EngineSettings;
import io.baton.testkit.influx.InfluxServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/**
 * The backtest benchmark: {@code pools} pools of 10 nodes, each node sending {@code cpu} every 10 s (staggered) for
 * {@code days} days into a throwaway InfluxDB, then the backtest of that period with the shipped rules. A tenth of the
 * pools run hot at midday and idle at night, so rules fire. Prints the time to write the history, the time InfluxDB
 * alone takes to hand it over in the backtest's hourly stretches, the backtest's wall time and rate, and the JVM's peak
 * heap. Run with {@code ./baton bench backtest [pools] [days] [rules dir]}.
 */
public final class BacktestBench {
    static final int NODES = 10;

    public static void main(String[] args) throws Exception {
        int pools = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path rules = Path.of(args.length > 2 ? args[2] : "rules");
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        Instant to = from.plusSeconds(86_400L * days);
        try (InfluxServer influx = InfluxServer.perClass()) {
            influx.start();
            String db = "bench";
            influx.createDatabase(db);
            influx.createDatabase(db + "_records");
            long t0 = System.nanoTime();
            long points = write(influx, db, pools, from.toEpochMilli(), to.toEpochMilli());
            double writeSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "history: %d pools x %d nodes, cpu every 10 s, %d days: %,d points written in %.1f s%n",
                    pools, NODES, days, points, writeSeconds);
            List<PoolSpec> specs = new ArrayList<>();
            for (int p = 0; p < pools; p++) specs.add(new PoolSpec(pool(p), "c" + (p % 10), "svc", "img", "local", 2, 30, 1, GuardrailSettings.DEFAULTS, Map.of()));
            BacktestConfig config = new BacktestConfig(specs, c -> Long.MAX_VALUE, Map.of(), EngineSettings.defaults(), RuleMode.DRL,
                    influx.url(), db, db + "_records");
            try (InfluxDB client = InfluxDBFactory.connect(influx.url())) {
                long r0 = System.nanoTime();
                InfluxHistory history = new InfluxHistory(client, db, db + "_records", specs.stream().map(PoolSpec::name).toList());
                long read = 0;
                for (long s = from.toEpochMilli(); s < to.toEpochMilli(); s += Backtest.CHUNK_MS) read += history.readings(s - 1000, s + Backtest.CHUNK_MS - 1000).size();
                double readSeconds = (System.nanoTime() - r0) / 1e9;
                System.out.printf(Locale.ROOT, "reading alone (hourly stretches): %,d readings in %.1f s, %,.0f readings/s%n", read, readSeconds, read / readSeconds);
                System.gc();
                for (MemoryPoolMXBean mp : ManagementFactory.getMemoryPoolMXBeans()) mp.resetPeakUsage();
                Path out = Files.createTempDirectory("backtest-bench");
                BacktestRequest req = new BacktestRequest(from, to, List.of(rules), List.of(), null, 90, null, out);
                long b0 = System.nanoTime();
                BacktestResult r = new Backtest(config, client).run(req, Progress.NONE);
                double wall = (System.nanoTime() - b0) / 1e9;
                long peak = 0;
                for (MemoryPoolMXBean mp : ManagementFactory.getMemoryPoolMXBeans()) if (mp.getType() == MemoryType.HEAP) peak += mp.getPeakUsage().getUsed();
                BacktestResult.PoolOutcome total = r.runs().get(0).total();
                long poolSeconds = (long) pools * 86_400L * days;
                System.out.printf(Locale.ROOT, "backtest: wall %.1f s, %,.0f pool-seconds/s, %d actions, %s node-hours, peak heap %d MB%n",
                        wall, poolSeconds / wall, total.actions(), total.nodeHours().toPlainString(), peak >> 20);
                System.out.printf(Locale.ROOT, "a month (30 days) at this rate: about %.0f s; load average now %.2f%n", wall * 30 / days,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }

    static String pool(int p) { return String.format(Locale.ROOT, "pool-%03d", p); }

    /** Each node reads the pool's load / 10 give or take 5; hot pools swing from 5% at night to 95% at midday. */
    static long write(InfluxServer influx, String db, int pools, long from, long to) {
        List<String> life = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            for (int n = 0; n < NODES; n++) {
                life.add("node_lifecycle,customer=c" + (p % 10) + ",service=svc,software=img,pool=" + pool(p) + ",node=" + pool(p) + "-" + n
                        + " state=\"RUNNING\",cores=1i,decision=\"d\" " + (from - 86_400_000L) * 1_000_000L);
            }
        }
        influx.writeWithPrecision(db + "_records", "n", life.toArray(String[]::new));
        Random rnd = new Random(7);
        long points = 0;
        List<String> batch = new ArrayList<>(50_000);
        for (long t = from - 30_000; t < to; t += 10_000) {
            double day = ((t % 86_400_000L) / 86_400_000.0);
            double curve = -Math.cos(2 * Math.PI * day); // -1 at midnight, 1 at midday
            for (int p = 0; p < pools; p++) {
                boolean hot = p % 10 == 0;
                double perNode = hot ? 50 + 45 * curve : 40 + 15 * curve + (p % 7);
                for (int n = 0; n < NODES; n++) {
                    double v = Math.max(0, Math.min(100, perNode + rnd.nextGaussian() * 2.5));
                    batch.add("cpu,pool=" + pool(p) + ",node=" + pool(p) + "-" + n + " value=" + String.format(Locale.ROOT, "%.1f", v) + " "
                            + (t + n * 1000L) * 1_000_000L);
                    points++;
                    if (batch.size() == 50_000) {
                        influx.writeWithPrecision(db, "n", batch.toArray(String[]::new));
                        batch.clear();
                    }
                }
            }
        }
        if (!batch.isEmpty()) influx.writeWithPrecision(db, "n", batch.toArray(String[]::new));
        return points;
    }
}
