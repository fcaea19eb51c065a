package io.baton.reports;

import io.baton.engine.port.Leadership;
import io.baton.reports.history.FleetHistory;
import io.baton.reports.job.SegmentStore;
import io.baton.reports.job.UsageReportJobConfiguration;
import io.baton.state.ReportRuns;
import io.baton.state.StateAutoConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
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
 * With the shared state ({@link ReportRuns}), runs are queued there and run by the leader alone
 * ({@link ReportPump}). Present when {@code baton.influx.url} is set.
 */
@AutoConfiguration(after = StateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "baton.influx", name = "url")
@EnableConfigurationProperties(ReportProperties.class)
@Import(UsageReportJobConfiguration.class)
@EnableScheduling
public class ReportsAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ReportsAutoConfiguration.class);

    /** Waits up to {@code baton.reports.query-timeout} for an answer: a month of a large fleet takes InfluxDB a while. */
    @Bean(destroyMethod = "close")
    InfluxDB reportsInflux(Environment env, ReportProperties props) {
        return InfluxDBFactory.connect(env.getRequiredProperty("baton.influx.url"),
                new OkHttpClient.Builder().readTimeout(props.queryTimeout()).connectTimeout(Duration.ofSeconds(10)));
    }

    /**
     * Metrics from {@code baton.influx.database}; Baton's records from {@code baton.influx.records-database}
     * (default {@code <database>_records}, as the InfluxDB sink writes them); only the pools of {@code baton.pools}.
     */
    @Bean
    FleetHistory fleetHistory(InfluxDB reportsInflux, Environment env, ReportProperties props) {
        String database = env.getProperty("baton.influx.database", "baton");
        String records = env.getProperty("baton.influx.records-database", "");
        Set<String> pools = Binder.get(env).bind("baton.pools", Bindable.mapOf(String.class, PoolKey.class)).orElse(Map.of()).keySet();
        if (pools.isEmpty()) log.warn("no pools configured (baton.pools): the usage report will bill no node");
        return new FleetHistory(reportsInflux, database, records.isBlank() ? database + "_records" : records, pools, props.queryChunkRows(),
                props.readers());
    }

    /**
     * The staged segments, through a template of their own whose statements have no time limit (query timeout 0,
     * set on each): H2 keeps a statement's query timeout for its whole session, so once the shared-state stores'
     * 5 s statements had run on a pooled connection, the report's long streamed read inherited their limit.
     */
    @Bean
    SegmentStore segmentStore(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setQueryTimeout(0);
        return new SegmentStore(jdbc);
    }

    @Bean
    UsageReportRunner usageReportRunner(JobOperator operator, JobRepository repository, Job usageReportJob, ReportProperties props) {
        return new UsageReportRunner(operator, repository, usageReportJob, props);
    }

    @Bean
    @ConditionalOnBean(ReportRuns.class)
    ReportPump reportPump(ReportRuns runs, UsageReportRunner runner, Leadership leadership) {
        return new ReportPump(runs, runner, leadership);
    }

    @Bean
    @ConditionalOnProperty(prefix = "baton.reports", name = "enabled", havingValue = "true", matchIfMissing = true)
    DailyReport dailyReport(UsageReportRunner runner, ObjectProvider<ReportRuns> runs, ObjectProvider<Leadership> leadership) {
        Leadership l = leadership.getIfAvailable();
        return new DailyReport(runner, runs.getIfAvailable(), l == null ? "local" : l.replicaId());
    }

    /** A pool of {@code baton.pools}; only its name matters here, its keys are bound elsewhere. */
    public static class PoolKey {
        private String customer = "";

        public String getCustomer() { return customer; }
        public void setCustomer(String customer) { this.customer = customer; }
    }

    /**
     * Yesterday's report, every day at {@code baton.reports.schedule} (UTC). With the shared state every
     * replica fires, and the first queues the day's run under one id ({@code daily-<day>}) for the leader;
     * a process alone runs it at once.
     */
    static final class DailyReport {
        private final UsageReportRunner runner;
        private final ReportRuns runs;
        private final String replica;

        DailyReport(UsageReportRunner runner, ReportRuns runs, String replica) {
            this.runner = runner;
            this.runs = runs;
            this.replica = replica;
        }

        @Scheduled(cron = "${baton.reports.schedule:0 15 0 * * *}", zone = "UTC")
        void run() {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Instant from = today.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = today.atStartOfDay(ZoneOffset.UTC).toInstant();
            if (runs != null) {
                boolean queued = runs.enqueueOnce("daily-" + today.minusDays(1), new ReportRuns.Ask(from.toString(), to.toString(), "", false), replica);
                log.info("daily usage report {} to {}: {}", from, to, queued ? "queued for the leader" : "already queued by another replica");
                return;
            }
            UsageReportRunner.Result r = runner.run(from.toString(), to.toString(), "", null, false);
            log.info("daily usage report {} to {}: {}", from, to, r.message());
        }
    }
}
