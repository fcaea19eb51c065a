package io.baton.reports.job;

import io.baton.reports.history.FleetHistory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * The period's CPU-seconds and action counts, read from InfluxDB as a run starts, on a thread of its own, so that
 * InfluxDB's time overlaps step 1; step 2 of the same execution takes them ({@link #take}), or reads them itself when
 * they are not there (an execution that restarts at step 2) or their read failed. Nothing is written from here.
 */
final class UsageAhead implements JobExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(UsageAhead.class);
    private final FleetHistory history;
    private final Map<Long, CompletableFuture<Usage>> ahead = new ConcurrentHashMap<>();
    private final ExecutorService reader = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "report-usage-ahead");
        t.setDaemon(true);
        return t;
    });

    /** CPU-seconds keyed by (pool, day start), actions by (pool, action, day start), as {@link FleetHistory} gives them. */
    record Usage(Map<List<String>, Double> cpu, Map<List<String>, Long> actions) { }

    UsageAhead(FleetHistory history) {
        this.history = history;
    }

    @Override public void beforeJob(JobExecution e) {
        Instant from = Instant.parse(e.getJobParameters().getString("from"));
        Instant to = Instant.parse(e.getJobParameters().getString("to"));
        ahead.put(e.getId(), CompletableFuture.supplyAsync(() -> read(from, to), reader));
    }

    @Override public void afterJob(JobExecution e) {
        ahead.remove(e.getId()); // a run that failed in step 1 never takes them
    }

    /** The figures read ahead for this execution, else read now. */
    Usage take(long execution, Instant from, Instant to) {
        CompletableFuture<Usage> f = ahead.remove(execution);
        if (f != null) {
            try {
                return f.join();
            } catch (CompletionException | java.util.concurrent.CancellationException x) {
                log.warn("usage report: reading CPU-seconds ahead failed ({}); reading them again", String.valueOf(x.getCause()));
            }
        }
        return read(from, to);
    }

    private Usage read(Instant from, Instant to) {
        return new Usage(history.cpuSeconds(from, to), history.actions(from, to));
    }
}
