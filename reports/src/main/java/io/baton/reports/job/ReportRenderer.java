package io.baton.reports.job;

import io.baton.reports.ReportProperties;
import io.baton.reports.output.ReportFiles;
import io.baton.reports.output.ReportStager;
import io.baton.reports.usage.LineItem;
import io.baton.reports.usage.Segment;
import io.baton.reports.usage.UsageSummary;
import io.baton.state.ReportRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Step 2 of the usage report: the staged segments, streamed a customer at a time, with the period's CPU-seconds and
 * action counts (read as the run started, {@link UsageAhead}; each pool's going to the first customer that names it,
 * {@link PoolShares}), become line items
 * ({@link UsageSummary}); each customer's HTML page is staged at once and its segments dropped, then the CSV, JSON and
 * FOCUS files. In the step's transaction, the run is marked completed and the files are published, only under the
 * lease ({@link ReportWrites}).
 */
final class ReportRenderer implements Tasklet {
    private final SegmentStore store;
    private final UsageAhead usage;
    private final ReportProperties props;
    private final ReportWrites writes;
    private final ObjectProvider<ReportRuns> runs;
    private final ObjectProvider<ReportFaults> faults;
    private final long instance;
    private final long execution;
    private final Instant from;
    private final Instant to;
    private final String customer;
    private final Path out;
    private final String run;

    ReportRenderer(SegmentStore store, UsageAhead usage, ReportProperties props, ReportWrites writes, ObjectProvider<ReportRuns> runs,
                   ObjectProvider<ReportFaults> faults, long instance, long execution, String from, String to, String customer, String out,
                   String run) {
        this.store = store;
        this.usage = usage;
        this.props = props;
        this.writes = writes;
        this.runs = runs;
        this.faults = faults;
        this.instance = instance;
        this.execution = execution;
        this.from = Instant.parse(from);
        this.to = Instant.parse(to);
        this.customer = customer;
        this.out = Path.of(out);
        this.run = run;
    }

    @Override public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        UsageAhead.Usage read = usage.take(execution, from, to);
        PoolShares shares = new PoolShares(read.cpu(), read.actions());
        ReportStager stager = ReportFiles.stager(out, f, t, customer);
        ReportFiles.Staged staged;
        try {
            store.forEachCustomer(instance, segments -> {
                Set<String> pools = shares.claim(segments.stream().map(Segment::pool).toList());
                List<LineItem> lines = UsageSummary.lines(segments, shares.cpu(pools), shares.actions(pools), f, t, props);
                try {
                    stager.customer(segments.get(0).customer(), lines, segments);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            staged = stager.finish();
        } catch (IOException | RuntimeException e) {
            stager.discard();
            throw e;
        }
        List<Path> files;
        try { // in the step's transaction: the run is marked completed, and its files become the current report, only under the lease
            faults.ifAvailable(ReportFaults::beforePublish);
            files = writes.fenced("publication of report " + staged.targets().get(0).getFileName(), () -> {
                ReportRuns r = runs.getIfAvailable();
                if (run != null && !run.isBlank() && r != null) r.completed(run, staged.targets().stream().map(Path::toString).toList());
                return staged.publish();
            });
        } catch (RuntimeException e) {
            staged.discard();
            throw e;
        }
        chunkContext.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                .putString("files", String.join("\n", files.stream().map(Path::toString).toList()));
        contribution.incrementWriteCount(stager.lineItems());
        return RepeatStatus.FINISHED;
    }
}
