package io.baton.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Usage report runs in {@code baton_report_run}. Any replica may ask for one (the API, the daily
 * schedule); only the leader takes and runs them. Taking a run, publishing its files and finishing it
 * are fenced writes under the leader's epoch, so a run whose leader lost the lease can neither publish
 * nor mark itself done; the next leader queues it again ({@link #requeueStale()}) and runs it to the end.
 */
public final class ReportRuns {
    private static final String COLUMNS = "id, period_from, period_to, customer, force_key, state, epoch, replica, attempts, message, files";
    private final JdbcTemplate jdbc;
    private final Fence fence;

    /** Where a run is: asked, being run by a leader, or done one way or another. */
    public enum State {
        /** Asked, not yet taken by a leader. */
        QUEUED,
        /** Taken by the leader named in the run, under its epoch. */
        RUNNING,
        /** Its files are published. */
        COMPLETED,
        /** The report failed; running it again resumes where it stopped. */
        FAILED,
        /** The period already completed and the run was not forced. */
        REFUSED,
        /** Nobody took it in time; it is never run. */
        WITHDRAWN;

        /** Whether nothing will happen to the run any more. */
        public boolean done() { return this != QUEUED && this != RUNNING; }
    }

    /**
     * What is asked: a period ({@code from}, {@code to}, ISO-8601 UTC), a customer (empty: all) and
     * whether to run a period that already completed.
     */
    public record Ask(String from, String to, String customer, boolean force) {
        public Ask {
            customer = customer == null ? "" : customer;
        }
    }

    /**
     * A run as stored. {@code forceKey} is 0 for a run that is not forced, else the same key for every
     * attempt (so a resumed run continues the same job instance); {@code epoch} and {@code replica} name
     * the leader that took it last; {@code files} are the paths it published on that replica.
     */
    public record Run(String id, Ask ask, long forceKey, State state, long epoch, String replica, int attempts, String message, List<String> files) { }

    ReportRuns(JdbcTemplate jdbc, Fence fence) {
        this.jdbc = jdbc;
        this.fence = fence;
    }

    /** Queues a run (not fenced: any replica may accept one); its id. */
    public String enqueue(Ask ask, String acceptedBy) {
        String id = UUID.randomUUID().toString();
        insert(id, ask, acceptedBy);
        return id;
    }

    /** Queues a run under a chosen id unless one exists (a schedule every replica fires); whether this call queued it. */
    public boolean enqueueOnce(String id, Ask ask, String acceptedBy) {
        try {
            insert(id, ask, acceptedBy);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private void insert(String id, Ask ask, String acceptedBy) {
        jdbc.update("INSERT INTO baton_report_run (id, period_from, period_to, customer, force_key, accepted_by, created_at, updated_at, state, attempts)"
                        + " VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'QUEUED', 0)",
                id, ask.from(), ask.to(), ask.customer(), ask.force() ? System.currentTimeMillis() : 0L, acceptedBy);
    }

    /** The run, if there is one with that id. */
    public Optional<Run> get(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM baton_report_run WHERE id = ?", ReportRuns::run, id).stream().findFirst();
    }

    /** The newest runs, newest first, whatever their state (for the console's usage page). */
    public List<Run> recent(int max) {
        return jdbc.query("SELECT " + COLUMNS + " FROM baton_report_run ORDER BY created_at DESC, id LIMIT ?", ReportRuns::run, max);
    }

    /** The oldest queued runs (for the leader). */
    public List<Run> queued(int max) {
        return jdbc.query("SELECT " + COLUMNS + " FROM baton_report_run WHERE state = 'QUEUED' ORDER BY created_at LIMIT ?", ReportRuns::run, max);
    }

    /** Takes a queued run for running here, fenced: true once, false when it was withdrawn or taken. */
    public boolean take(String id) {
        return fence.write("report run " + id, j -> j.update("UPDATE baton_report_run SET state = 'RUNNING', epoch = ?, replica = ?, attempts = attempts + 1,"
                + " updated_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'QUEUED'", fence.epoch(), fence.replica(), id) == 1);
    }

    /**
     * Marks a run this leader is running as completed with the files it publishes, fenced; call it in
     * the transaction that publishes them, so the files are the current report only if the run is done.
     */
    public void completed(String id, List<String> files) {
        fence.write("completion of report run " + id, j -> j.update("UPDATE baton_report_run SET state = 'COMPLETED', files = ?, updated_at = CURRENT_TIMESTAMP"
                + " WHERE id = ? AND epoch = ? AND replica = ?", String.join("\n", files), id, fence.epoch(), fence.replica()));
    }

    /** Records how a run this leader ran ended (its state and a message for people), fenced. */
    public void finish(String id, State state, String message) {
        fence.write("end of report run " + id, j -> j.update("UPDATE baton_report_run SET state = ?, message = ?, updated_at = CURRENT_TIMESTAMP"
                + " WHERE id = ? AND epoch = ? AND replica = ?", state.name(), message, id, fence.epoch(), fence.replica()));
    }

    /**
     * For a new leader: queues again the runs an earlier leader left RUNNING (it lost the lease, or
     * died, during the run), fenced; the runs queued again, as they were.
     */
    public List<Run> requeueStale() {
        return fence.write("report runs of earlier epochs", j -> {
            List<Run> stale = j.query("SELECT " + COLUMNS + " FROM baton_report_run WHERE state = 'RUNNING' AND epoch < ?", ReportRuns::run, fence.epoch());
            for (Run r : stale) {
                j.update("UPDATE baton_report_run SET state = 'QUEUED', message = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'RUNNING' AND epoch = ?",
                        "resumed by the leader of epoch " + fence.epoch() + ": replica " + r.replica() + " lost the lease (epoch " + r.epoch()
                                + ") during the run", r.id(), r.epoch());
            }
            return stale;
        });
    }

    /** Waits up to {@code timeout} for a leader to take the run; its state then (QUEUED when nobody took it). */
    public State awaitTaken(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 10;
        while (true) {
            State s = get(id).map(Run::state).orElse(State.WITHDRAWN);
            if (s != State.QUEUED || System.nanoTime() - deadline >= 0) return s;
            Thread.sleep(pause);
            pause = Math.min(100, pause * 2);
        }
    }

    /** Withdraws a run nobody took in time, so it is never run after its caller was told to retry; false when a leader took it meanwhile. */
    public boolean withdraw(String id) {
        return jdbc.update("UPDATE baton_report_run SET state = 'WITHDRAWN', updated_at = CURRENT_TIMESTAMP WHERE id = ? AND state = 'QUEUED'", id) == 1;
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        String files = rs.getString(11);
        return new Run(rs.getString(1), new Ask(rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5) != 0), rs.getLong(5),
                State.valueOf(rs.getString(6)), rs.getLong(7), rs.getString(8), rs.getInt(9), rs.getString(10),
                files == null || files.isEmpty() ? List.of() : Arrays.asList(files.split("\n")));
    }
}
