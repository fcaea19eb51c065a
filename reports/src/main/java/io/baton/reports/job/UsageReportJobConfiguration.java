package io.baton.reports.job;

import io.baton.reports.ReportProperties;
import io.baton.reports.history.FleetHistory;
import io.baton.reports.history.NodeHistory;
import io.baton.reports.usage.BillableTime;
import io.baton.reports.usage.Segment;
import io.baton.state.Fence;
import io.baton.state.ReportRuns;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The "usage report" job: step 1 reads each node's lifecycle for the period and stages its billable
 * segments (chunked, restartable); step 2 adds CPU-seconds and action counts and writes the CSV, JSON
 * and HTML files atomically. Parameters: {@code from}, {@code to} (ISO-8601 UTC), {@code customer}
 * (may be empty), {@code out}; {@code force} (a timestamp) makes a new run of a completed period;
 * {@code run} (not identifying) names the service's run record, marked completed as the files are
 * published. The staged segments and the publication are fenced writes ({@link ReportWrites}): a run
 * whose replica lost the lease fails without publishing, and a later run resumes it. Step 3 forgets the
 * staged segments, in a transaction of its own: a large delete inside the publication's transaction held the
 * lease row for its whole length, and the leader's lease renewal waited on it.
 */
@Configuration(proxyBeanMethods = false)
public class UsageReportJobConfiguration {
    public static final String JOB = "usageReport";
    private static final Logger log = LoggerFactory.getLogger(UsageReportJobConfiguration.class);

    @Bean
    Job usageReportJob(JobRepository repo, Step stageSegments, Step renderReport, Step clearSegments, UsageAhead usageAhead) {
        return new JobBuilder(JOB, repo).listener(usageAhead).start(stageSegments).next(renderReport).next(clearSegments).build();
    }

    @Bean
    UsageAhead usageAhead(FleetHistory history) {
        return new UsageAhead(history);
    }

    @Bean
    Step stageSegments(JobRepository repo, PlatformTransactionManager tx, ItemStreamReader<NodeHistory> nodeHistoryReader,
                       ItemProcessor<NodeHistory, List<Segment>> billableSegments, ItemWriter<List<Segment>> segmentWriter,
                       ReportProperties props) {
        return new StepBuilder("stageSegments", repo).<NodeHistory, List<Segment>>chunk(props.chunkSize(), tx)
                .reader(nodeHistoryReader).processor(billableSegments).writer(segmentWriter).build();
    }

    @Bean
    Step renderReport(JobRepository repo, PlatformTransactionManager tx, Tasklet reportRenderer) {
        return new StepBuilder("renderReport", repo).tasklet(reportRenderer, tx).build();
    }

    /** Forgets the staged segments of a published report. A failure leaves rows no later run reads, so it is logged, not fatal. */
    @Bean
    Step clearSegments(JobRepository repo, PlatformTransactionManager tx, SegmentStore store) {
        return new StepBuilder("clearSegments", repo).tasklet((contribution, chunk) -> {
            long instance = chunk.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
            try {
                store.clear(instance);
            } catch (RuntimeException e) {
                log.warn("report instance {}: staged segments not cleared ({}); they are never read again", instance, e.toString());
            }
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    @Bean
    ReportWrites reportWrites(ObjectProvider<Fence> fence) {
        return new ReportWrites(fence.getIfAvailable());
    }

    @Bean
    @StepScope
    ItemStreamReader<NodeHistory> nodeHistoryReader(FleetHistory history, @Value("#{jobParameters['from']}") String from,
                                        @Value("#{jobParameters['to']}") String to, @Value("#{jobParameters['customer']}") String customer) {
        return new NodeHistoryReader(history, Instant.parse(from), Instant.parse(to), customer);
    }

    @Bean
    @StepScope
    ItemProcessor<NodeHistory, List<Segment>> billableSegments(@Value("#{jobParameters['from']}") String from,
                                                               @Value("#{jobParameters['to']}") String to) {
        long f = Instant.parse(from).toEpochMilli();
        long t = Instant.parse(to).toEpochMilli();
        return n -> {
            List<Segment> s = BillableTime.of(n, f, t);
            return s.isEmpty() ? null : s;
        };
    }

    @Bean
    @StepScope
    ItemWriter<List<Segment>> segmentWriter(SegmentStore store, ReportWrites writes, ObjectProvider<ReportFaults> faults,
                                           @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") Long instance,
                                           @Value("#{stepExecution.readCount}") Long alreadyRead) {
        AtomicLong written = new AtomicLong(alreadyRead == null ? 0 : alreadyRead);
        return chunk -> {
            faults.ifAvailable(f -> f.beforeWrite(written.get()));
            writes.fenced("usage segments of report instance " + instance, () -> {
                for (List<Segment> segments : chunk.getItems()) store.add(instance, segments);
                return null;
            });
            written.addAndGet(chunk.size());
        };
    }

    @Bean
    @StepScope
    Tasklet reportRenderer(SegmentStore store, UsageAhead usage, ReportProperties props, ReportWrites writes, ObjectProvider<ReportRuns> runs,
                           ObjectProvider<ReportFaults> faults,
                           @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") Long instance,
                           @Value("#{stepExecution.jobExecution.id}") Long execution,
                           @Value("#{jobParameters['from']}") String from, @Value("#{jobParameters['to']}") String to,
                           @Value("#{jobParameters['customer']}") String customer, @Value("#{jobParameters['out']}") String out,
                           @Value("#{jobParameters['run']}") String run) {
        return new ReportRenderer(store, usage, props, writes, runs, faults, instance, execution, from, to, customer, out, run);
    }
}
