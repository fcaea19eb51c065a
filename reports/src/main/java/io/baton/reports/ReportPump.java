package io.baton.reports;

import io.baton.engine.loop.DaemonLoop;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.StaleEpochException;
import io.baton.state.ReportRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the usage reports asked through any replica, on the leader only. At each new term it first
 * queues again the runs an earlier leader left running (they resume where their last committed chunk
 * ended); then it takes the queued runs one at a time (a fenced write), runs each, and records how it
 * ended (fenced too). A run whose leader loses the lease meanwhile fails without publishing, its end is
 * refused, and the next leader runs it again.
 */
final class ReportPump extends DaemonLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ReportPump.class);
    private final ReportRuns runs;
    private final UsageReportRunner runner;
    private final Leadership leadership;
    private long requeuedFor;

    ReportPump(ReportRuns runs, UsageReportRunner runner, Leadership leadership) {
        super("report-runs");
        this.runs = runs;
        this.runner = runner;
        this.leadership = leadership;
    }

    /** One round; how long to pause before the next. */
    @Override protected long round() {
        if (!leadership.mayAct()) return 250;
        try {
            long epoch = leadership.epoch();
            if (epoch != requeuedFor) {
                for (ReportRuns.Run r : runs.requeueStale()) {
                    log.warn("report run {} ({} to {}) was cut off under epoch {} (replica {}): running it again", r.id(), r.ask().from(), r.ask().to(),
                            r.epoch(), r.replica());
                }
                requeuedFor = epoch;
            }
            for (ReportRuns.Run r : runs.queued(4)) {
                if (!leadership.mayAct()) break;
                if (runs.take(r.id())) execute(r);
            }
        } catch (StaleEpochException e) {
            log.warn("report runs: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("report runs: {}", e.toString());
            return 1_000;
        }
        return 100;
    }

    private void execute(ReportRuns.Run r) {
        log.info("report run {}: {} to {}{}{}", r.id(), r.ask().from(), r.ask().to(), r.ask().customer().isEmpty() ? "" : " for " + r.ask().customer(),
                r.attempts() > 0 ? " (attempt " + (r.attempts() + 1) + ")" : "");
        UsageReportRunner.Result res = runner.run(new UsageReportRunner.Request(r.ask().from(), r.ask().to(), r.ask().customer(), null, r.forceKey(),
                r.id(), r.attempts() > 0));
        ReportRuns.State end = switch (res.status()) {
            case "COMPLETED" -> ReportRuns.State.COMPLETED;
            case "REFUSED" -> ReportRuns.State.REFUSED;
            default -> ReportRuns.State.FAILED;
        };
        try {
            runs.finish(r.id(), end, res.message());
            log.info("report run {}: {}: {}", r.id(), end, res.message());
        } catch (StaleEpochException e) {
            log.warn("report run {} ended {} but {}; the next leader runs it again", r.id(), end, e.getMessage());
        }
    }
}
