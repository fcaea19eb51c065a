package io.baton.reports;

import io.baton.reports.history.FleetHistory;
import io.baton.reports.job.SegmentStore;
import io.baton.reports.job.UsageReportJobConfiguration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The usage report: its job, its InfluxDB reader, the runner the CLI and API use, and the daily
 * schedule (by default 00:15 UTC, for the previous day; off with {@code baton.reports.enabled=false}).
 * Present when {@code baton.influx.url} is set.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "baton.influx", name = "url")
@EnableConfigurationProperties(ReportProperties.class)
@Import(UsageReportJobConfiguration.class)
@EnableScheduling
public class ReportsAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ReportsAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    InfluxDB reportsInflux(Environment env) {
        return InfluxDBFactory.connect(env.getRequiredProperty("baton.influx.url"));
    }

    /**
     * Metrics from {@code baton.influx.database}; Baton's records from {@code baton.influx.records-database}
     * (default {@code <database>_records}, as the InfluxDB sink writes them); only the pools of {@code baton.pools}.
     */
    @Bean
    FleetHistory fleetHistory(InfluxDB reportsInflux, Environment env) {
        String database = env.getProperty("baton.influx.database", "baton");
        String records = env.getProperty("baton.influx.records-database", "");
        Set<String> pools = Binder.get(env).bind("baton.pools", Bindable.mapOf(String.class, PoolKey.class)).orElse(Map.of()).keySet();
        if (pools.isEmpty()) log.warn("no pools configured (baton.pools): the usage report will bill no node");
        return new FleetHistory(reportsInflux, database, records.isBlank() ? database + "_records" : records, pools);
    }

    @Bean
    SegmentStore segmentStore(JdbcTemplate jdbc) {
        return new SegmentStore(jdbc);
    }

    @Bean
    UsageReportRunner usageReportRunner(JobOperator operator, Job usageReportJob, ReportProperties props) {
        return new UsageReportRunner(operator, usageReportJob, props);
    }

    @Bean
    @ConditionalOnProperty(prefix = "baton.reports", name = "enabled", havingValue = "true", matchIfMissing = true)
    DailyReport dailyReport(UsageReportRunner runner) {
        return new DailyReport(runner);
    }

    /** A pool of {@code baton.pools}; only its name matters here, its keys are bound elsewhere. */
    public static class PoolKey {
        private String customer = "";

        public String getCustomer() { return customer; }
        public void setCustomer(String customer) { this.customer = customer; }
    }

    /** Yesterday's report, every day at {@code baton.reports.schedule} (UTC). */
    static final class DailyReport {
        private final UsageReportRunner runner;

        DailyReport(UsageReportRunner runner) {
            this.runner = runner;
        }

        @Scheduled(cron = "${baton.reports.schedule:0 15 0 * * *}", zone = "UTC")
        void run() {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Instant from = today.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = today.atStartOfDay(ZoneOffset.UTC).toInstant();
            UsageReportRunner.Result r = runner.run(from.toString(), to.toString(), "", null, false);
            log.info("daily usage report {} to {}: {}", from, to, r.message());
        }
    }
}
