package io.baton.app.demo;

import io.baton.reports.UsageReportRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.springframework.context.ConfigurableApplicationContext;

/** The demo's last step: the usage report of the demo period, printed as it would reach billing. */
final class DemoReport {
    private DemoReport() { }

    static boolean run(ConfigurableApplicationContext ctx, PrintStream out, Instant from, Instant to, Path dir) throws IOException {
        UsageReportRunner.Result r = ctx.getBean(UsageReportRunner.class).run(from.toString(), to.toString(), "", dir.toString(), true);
        out.println("Usage report " + from + " to " + to + ": " + r.status() + ", files in " + Path.of("").toAbsolutePath().relativize(dir.toAbsolutePath()));
        if (!r.ok()) return false;
        for (Path f : r.files()) {
            if (f.toString().endsWith(".csv") && !f.toString().endsWith(".focus.csv")) {
                for (String line : Files.readAllLines(f)) {
                    String[] c = line.split(",", -1);
                    out.printf("  %-12s %-14s %-14s %-12s %11s %11s %9s %5s%n", c[2], c[3], c[4], c[5], c[7], c[8], c[9], c[10]);
                }
            }
        }
        return true;
    }
}
