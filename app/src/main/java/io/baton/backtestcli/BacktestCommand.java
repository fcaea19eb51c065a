package io.baton.backtestcli;

import io.baton.app.backtest.BacktestArgs;
import io.baton.app.backtest.BacktestSettings;
import io.baton.reports.backtest.Backtest;
import io.baton.reports.backtest.BacktestConfig;
import io.baton.reports.backtest.BacktestException;
import io.baton.reports.backtest.BacktestRequest;
import io.baton.reports.backtest.BacktestResult;
import io.baton.reports.backtest.BacktestText;
import io.baton.reports.backtest.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code baton rules backtest --from T --to T [--rules DIR] [--compare DIR2] [--pool P ...] [--provisioning-delay 60s]
 * [--sla-cpu 90] [--price-per-node-hour X] [--config FILE] [--out DIR]}: replays the recorded period through the rules,
 * without the service. The configuration is {@code ./baton run}'s ({@code config/}, plus {@code --config FILE}); InfluxDB
 * comes from {@code BATON_INFLUX_URL} / {@code BATON_INFLUX_DATABASE}. Exit 0 when it ran, 2 for bad arguments, 1 when it
 * could not run on the input (no data, rules that do not compile).
 */
public final class BacktestCommand {
    /** A run longer than this shows a progress line. */
    private static final long QUIET_NANOS = 3_000_000_000L;
    private final PrintStream out;
    private final PrintStream err;
    /** What wipes the progress line before the results print; empty while none was shown. */
    private String clearLine = "";

    public BacktestCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Only the configuration: no beans, no web server, no engine. */
    @SpringBootConfiguration
    static class ConfigOnly { }

    public int run(String[] args) {
        Map<String, String> opts = new HashMap<>();
        List<String> pools = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--from", "--to", "--rules", "--compare", "--provisioning-delay", "--sla-cpu", "--price-per-node-hour", "--config", "--out" -> {
                    if (i + 1 >= args.length) return usage(a + " needs a value");
                    opts.put(a, args[++i]);
                }
                case "--pool" -> {
                    if (i + 1 >= args.length) return usage("--pool needs a value");
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) for (String p : args[++i].split(",")) if (!p.isBlank()) pools.add(p.trim());
                }
                default -> { return usage("unknown argument " + a); }
            }
        }
        String url = System.getenv("BATON_INFLUX_URL") != null ? System.getenv("BATON_INFLUX_URL") : System.getProperty("baton.influx.url");
        if (url == null) {
            err.println("baton rules backtest: set BATON_INFLUX_URL to the InfluxDB that holds the fleet's history (e.g. http://127.0.0.1:8086)");
            return 2;
        }
        String locations = "optional:file:config/" + (opts.containsKey("--config") ? ",file:" + Path.of(opts.get("--config")).toAbsolutePath() : "");
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ConfigOnly.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN").logStartupInfo(false)
                .run("--spring.config.additional-location=" + locations)) {
            BacktestConfig config = BacktestSettings.from(ctx.getEnvironment());
            BacktestRequest req = BacktestArgs.request(opts.get("--from"), opts.get("--to"), opts.get("--rules"), BacktestSettings.rulesDir(ctx.getEnvironment()),
                    opts.get("--compare"), pools, opts.get("--provisioning-delay"), opts.get("--sla-cpu"), opts.get("--price-per-node-hour"),
                    Path.of(opts.getOrDefault("--out", "data/backtests")));
            try (InfluxDB influx = InfluxDBFactory.connect(config.influxUrl())) {
                BacktestResult r = new Backtest(config, influx).run(req, progress());
                err.print(clearLine);
                out.print(BacktestText.render(r));
                out.println();
                r.files().forEach(f -> out.println("  " + f));
                return 0;
            }
        } catch (BacktestException e) {
            err.print(clearLine);
            err.println("baton rules backtest: " + e.getMessage());
            e.details().forEach(d -> err.println("  " + d));
            boolean usage = e.getMessage().startsWith("--") || e.getMessage().startsWith("unknown pool") || e.getMessage().startsWith("give one");
            return usage ? 2 : 1;
        } catch (RuntimeException e) {
            err.print(clearLine);
            err.println("baton rules backtest: " + e.getMessage());
            return 1;
        }
    }


    /** After a few seconds, one line rewritten in place: the simulated day, the pools and the rate. */
    private Progress progress() {
        long started = System.nanoTime();
        long[] shown = {0};
        return (simulated, from, to, pools, poolSeconds) -> {
            long now = System.nanoTime();
            if (now - started < QUIET_NANOS || now - shown[0] < 1_000_000_000L) return;
            shown[0] = now;
            long days = Math.max(1, (to - from + 86_399_999L) / 86_400_000L);
            long day = Math.min(days, (simulated - from) / 86_400_000L + 1);
            double rate = poolSeconds / ((now - started) / 1e9);
            String line = String.format(Locale.ROOT, "\rbacktest: simulated %s, day %d of %d, %d pools, %,.0f pool-seconds/s, %.0f%%   ",
                    Instant.ofEpochMilli(simulated).toString().substring(0, 16), day, days, pools, rate, 100.0 * (simulated - from) / (to - from));
            err.print(line);
            err.flush();
            clearLine = "\r" + " ".repeat(line.length()) + "\r";
        };
    }

    private int usage(String why) {
        err.println("baton rules backtest: " + why);
        err.println("usage: baton rules backtest --from 2026-11-01T00:00:00Z --to 2026-11-08T00:00:00Z [--rules DIR] [--compare DIR2] [--pool P ...]");
        err.println("           [--provisioning-delay 60s] [--sla-cpu 90] [--price-per-node-hour X] [--config FILE] [--out DIR]");
        return 2;
    }
}
