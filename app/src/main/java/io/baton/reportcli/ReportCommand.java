package io.baton.reportcli;

import io.baton.reports.UsageReportRunner;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code baton report --from T --to T [--customer C] [--out DIR] [--force]}: the usage report of a
 * period, without starting the service (no web server, no engine, no nodes). Reads InfluxDB from
 * {@code BATON_INFLUX_URL} / {@code BATON_INFLUX_DATABASE}. It lives outside {@code io.baton.app} so that the
 * service's component scan never picks up its narrowed auto-configuration. It runs outside the election:
 * it never takes the lease (a running service on the same database keeps leading), and its writes are
 * not fenced; the schema is migrated as the service does.
 */
public final class ReportCommand {
    private ReportCommand() { }

    /** Only the batch job, its database and the reports; the fleet's collectors and actuators stay off. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "io.baton.collectors.sinks.SinkFanoutAutoConfiguration", "io.baton.collectors.influx.InfluxSinkAutoConfiguration",
            "io.baton.collectors.ingest.IngestAutoConfiguration", "io.baton.collectors.scrape.ScrapeAutoConfiguration",
            "io.baton.collectors.health.HealthProbeAutoConfiguration", "io.baton.actuators.local.LocalActuatorAutoConfiguration",
            "io.baton.actuators.kubernetes.KubernetesActuatorAutoConfiguration", "io.baton.actuators.command.CommandActuatorAutoConfiguration",
            "io.baton.actuators.reconcile.ReconcileAutoConfiguration", "io.baton.state.StateAutoConfiguration"})
    static class ReportOnly { }

    public static int run(String[] args) {
        Map<String, String> opts = new HashMap<>();
        boolean force = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--force" -> force = true;
                case "--from", "--to", "--customer", "--out" -> {
                    if (i + 1 >= args.length) return usage(args[i] + " needs a value");
                    opts.put(args[i], args[++i]);
                }
                default -> { return usage("unknown argument " + args[i]); }
            }
        }
        try {
            UsageReportRunner.period(opts.get("--from"), opts.get("--to"));
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (System.getenv("BATON_INFLUX_URL") == null && System.getProperty("baton.influx.url") == null) {
            System.err.println("baton report: set BATON_INFLUX_URL to the InfluxDB that holds the fleet's history (e.g. http://127.0.0.1:8086)");
            return 2;
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ReportOnly.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN", "baton.reports.enabled=false")
                .run("--spring.config.additional-location=optional:file:config/")) {
            UsageReportRunner.Result r = ctx.getBean(UsageReportRunner.class)
                    .run(opts.get("--from"), opts.get("--to"), opts.get("--customer"), opts.get("--out"), force);
            System.out.println(r.message());
            r.files().forEach(f -> System.out.println("  " + f));
            return r.ok() ? 0 : 1;
        }
    }

    private static int usage(String why) {
        System.err.println("baton report: " + why);
        System.err.println("usage: baton report --from 2025-11-01T00:00:00Z --to 2025-11-02T00:00:00Z [--customer C] [--out DIR] [--force]");
        return 2;
    }
}
