package io.baton.reports;

import io.baton.reports.history.SkippedRows;
import io.baton.reports.job.NodeHistoryReader;
import io.baton.reports.job.UsageReportJobConfiguration;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Runs the usage report for a period, for the CLI, the API and the schedule. Bad parameters get a
 * clear message; a period that already completed is refused unless forced; a failed run of the same
 * period is restarted where it stopped.
 */
public final class UsageReportRunner {
    private final JobOperator operator;
    private final JobRepository repository;
    private final Job job;
    private final ReportProperties props;

    public UsageReportRunner(JobOperator operator, JobRepository repository, Job job, ReportProperties props) {
        this.operator = operator;
        this.repository = repository;
        this.job = job;
        this.props = props;
    }

    /**
     * One run of the report: the period and customer, where the files go (null: {@code baton.reports.out-dir}),
     * {@code forceKey} (0: a period that completed is refused; else a new job instance per key), the service's
     * run record ({@code run}, may be empty), and whether an earlier attempt of the same run was cut off
     * ({@code resumed}: its execution, left running by a replica that lost the lease, is marked failed first).
     */
    public record Request(String from, String to, String customer, String outDir, long forceKey, String run, boolean resumed) { }

    /** What a run did: its status, the files it wrote, a message for people, and the lifecycle rows it could not trust. */
    public record Result(long executionId, String status, List<Path> files, String message, SkippedRows skipped) {
        public boolean ok() { return "COMPLETED".equals(status); }
    }

    /** Checks and parses a period; throws {@link IllegalArgumentException} with a message for people. */
    public static Instant[] period(String from, String to) {
        Instant f = instant("--from", from);
        Instant t = instant("--to", to);
        if (!t.isAfter(f)) throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + ")");
        return new Instant[] {f, t};
    }

    private static Instant instant(String name, String v) {
        if (v == null || v.isBlank()) throw new IllegalArgumentException(name + " is required, e.g. 2025-11-01T00:00:00Z");
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not an ISO-8601 UTC instant such as 2025-11-01T00:00:00Z");
        }
    }

    public Result run(String from, String to, String customer, String outDir, boolean force) {
        return run(new Request(from, to, customer, outDir, force ? System.currentTimeMillis() : 0, "", false));
    }

    public Result run(Request req) {
        Instant[] p = period(req.from(), req.to());
        String customer = req.customer();
        JobParametersBuilder params = new JobParametersBuilder()
                .addString("from", p[0].toString()).addString("to", p[1].toString())
                .addString("customer", customer == null ? "" : customer)
                .addString("out", req.outDir() == null || req.outDir().isBlank() ? props.outDir() : req.outDir())
                .addString("run", req.run() == null ? "" : req.run(), false);
        if (req.forceKey() != 0) params.addLong("force", req.forceKey());
        JobParameters jp = params.toJobParameters();
        try {
            if (req.resumed()) recoverAbandoned(jp);
            JobExecution e = operator.start(job, jp);
            String files = e.getExecutionContext().containsKey("files") ? e.getExecutionContext().getString("files") : "";
            List<Path> paths = files.isEmpty() ? List.of() : Arrays.stream(files.split("\n")).map(Path::of).toList();
            SkippedRows skipped = skipped(e);
            String msg = e.getStatus() == BatchStatus.COMPLETED ? "report written: " + paths
                    : "report " + e.getStatus() + ": " + e.getAllFailureExceptions().stream().map(Throwable::getMessage).toList()
                    + " (run the same command again to resume)";
            if (skipped.total() > 0) msg += "; skipped node_lifecycle rows: " + skipped.describe();
            return new Result(e.getId(), e.getStatus().name(), paths, msg, skipped);
        } catch (JobInstanceAlreadyCompleteException e) {
            return new Result(-1, "REFUSED", List.of(), "the report for " + p[0] + " to " + p[1]
                    + (customer == null || customer.isBlank() ? "" : " (customer " + customer + ")")
                    + " already completed; use --force to run it again", SkippedRows.NONE);
        } catch (Exception e) {
            return new Result(-1, "FAILED", List.of(), "could not run the report: " + e.getMessage(), SkippedRows.NONE);
        }
    }

    /**
     * The execution of this job instance that a replica which lost the lease left running (it can never
     * finish: its writes are refused) is marked failed, so the instance restarts where it stopped.
     */
    private void recoverAbandoned(JobParameters jp) {
        JobInstance instance = repository.getJobInstance(UsageReportJobConfiguration.JOB, jp);
        if (instance == null) return;
        JobExecution last = repository.getLastJobExecution(instance);
        if (last != null && last.isRunning()) operator.recover(last);
    }

    /** What the reading step counted, from its execution context. */
    private static SkippedRows skipped(JobExecution e) {
        for (StepExecution s : e.getStepExecutions()) {
            ExecutionContext ctx = s.getExecutionContext();
            if (ctx.containsKey(NodeHistoryReader.SKIPPED_STATE)) {
                return new SkippedRows(ctx.getLong(NodeHistoryReader.SKIPPED_STATE), ctx.getLong(NodeHistoryReader.SKIPPED_POOL, 0));
            }
        }
        return SkippedRows.NONE;
    }

    /** The job's name, for the API. */
    public static String jobName() { return UsageReportJobConfiguration.JOB; }
}
