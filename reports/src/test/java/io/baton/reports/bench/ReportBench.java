package io.baton.reports.bench;

import io.baton.reports.UsageReportRunner;
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
import java.util.Random;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reports benchmark: a month of history for 100,000 nodes across 2,000 customers in a real InfluxDB
 * (each node: REQUESTED, STARTING, RUNNING, DRAINING, TERMINATED at random times, and its
 * cpu_seconds_total counter every 6 hours), then the usage report of the month. Prints the job's wall
 * time and the JVM's peak heap. Run with {@code reports/bench.sh}. The job repository, where the job stages its segments,
 * is an in-memory H2 (in the heap measured) unless {@code -Dreport.bench.jdbc=URL} names another database.
 */
public final class ReportBench {

    @SpringBootApplication
    static class App { }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int customers = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Instant from = Instant.parse("2025-11-01T00:00:00Z");
        Instant to = Instant.parse("2025-12-01T00:00:00Z");
        long span = to.toEpochMilli() - from.toEpochMilli();
        try (InfluxServer influx = InfluxServer.perClass()) {
            influx.start();
            String db = "bench";
            influx.createDatabase(db);
            String records = db + "_records";  // Baton's own records, where the sink writes them
            influx.createDatabase(records);
            List<String> life = new ArrayList<>();
            Random rnd = new Random(42);
            long t0 = System.nanoTime();
            List<String> batch = new ArrayList<>();
            long points = 0;
            for (int n = 0; n < nodes; n++) {
                int c = n % customers;
                String tags = "customer=c" + c + ",service=svc" + (n % 3) + ",software=img" + (n % 5) + ",pool=p" + c + "-" + (n % 3) + ",node=n" + n;
                long start = from.toEpochMilli() - 86_400_000L + (long) (rnd.nextDouble() * span);
                long running = start + 20_000 + rnd.nextInt(40_000);
                long drain = running + (long) (rnd.nextDouble() * span * 0.6);
                long end = drain + 30_000;
                long[] at = {start, start + 5_000, running, drain, end};
                String[] st = {"REQUESTED", "STARTING", "RUNNING", "DRAINING", "TERMINATED"};
                for (int i = 0; i < 5; i++) {
                    life.add("node_lifecycle," + tags + " state=\"" + st[i] + "\",cores=" + (1 + n % 4) + "i,decision=\"d" + n + "\" " + at[i] + "000000");
                }
                double used = 0;
                for (long t = Math.max(running, from.toEpochMilli()); t < Math.min(end, to.toEpochMilli()); t += 6 * 3_600_000L) {
                    used += rnd.nextDouble() * 3600;
                    batch.add("cpu_seconds_total," + tags + " value=" + String.format(Locale.ROOT, "%.3f", used) + " " + t + "000000");
                }
                if (batch.size() + life.size() > 50_000) {
                    influx.writeWithPrecision(db, "n", batch.toArray(String[]::new));
                    influx.writeWithPrecision(records, "n", life.toArray(String[]::new));
                    points += batch.size() + life.size();
                    batch.clear();
                    life.clear();
                }
            }
            influx.writeWithPrecision(db, "n", batch.toArray(String[]::new));
            influx.writeWithPrecision(records, "n", life.toArray(String[]::new));
            points += batch.size() + life.size();
            System.out.printf(Locale.ROOT, "history: %d nodes, %d customers, %d points written in %.1f s%n", nodes, customers, points, (System.nanoTime() - t0) / 1e9);

            Path out = Files.createTempDirectory("baton-report-bench");
            List<String> argv = new ArrayList<>(List.of(
                    "--baton.influx.url=" + influx.url(), "--baton.influx.database=" + db, "--baton.reports.enabled=false",
                    "--spring.batch.job.enabled=false",
                    "--spring.datasource.url=" + System.getProperty("report.bench.jdbc", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1"), "--logging.level.root=WARN",
                    "--logging.level.org.springframework.batch.core.job.SimpleStepHandler=INFO", // each step's time
                    "--baton.reports.chunk-size=500"));
            for (int c = 0; c < customers; c++) {
                for (int k = 0; k < 3; k++) argv.add("--baton.pools.p" + c + "-" + k + ".customer=c" + c);  // rows of other pools are not billed
            }
            try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(argv.toArray(String[]::new))) {
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
                long j0 = System.nanoTime();
                UsageReportRunner.Result r = ctx.getBean(UsageReportRunner.class).run(from.toString(), to.toString(), "", out.toString(), true);
                double wall = (System.nanoTime() - j0) / 1e9;
                long peak = 0;
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
                }
                long lines = r.ok() ? Files.readAllLines(r.files().get(0)).size() - 1 : 0;
                System.out.printf(Locale.ROOT, "report: %s, %d line items, wall %.1f s, peak heap %d MB%n", r.status(), lines, wall, peak >> 20);
                if (!r.ok()) System.out.println("report: " + r.message());
            }
        }
        System.exit(0);
    }
}
