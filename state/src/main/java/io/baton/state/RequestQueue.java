package io.baton.state;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Planned and self-service requests as a queue in {@code baton_request}: any replica enqueues one and
 * waits for its answer; the leader takes the queued ones, decides them, and stores the answer (fenced),
 * so the caller gets the same response whichever replica it reached.
 */
public final class RequestQueue {
    private final JdbcTemplate jdbc;
    private final Fence fence;
    private final Dialect dialect;

    /** A request waiting for the leader. */
    public record Queued(String id, String pool, String body) { }

    /** The leader's answer: the HTTP status and body it would have given itself. */
    public record Answer(int status, String body) { }

    RequestQueue(JdbcTemplate jdbc, Fence fence, Dialect dialect) {
        this.jdbc = jdbc;
        this.fence = fence;
        this.dialect = dialect;
    }

    /** Queues a request (not fenced: any replica may accept one); its id. */
    public String enqueue(String pool, String body, String acceptedBy) {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO baton_request (id, pool, body, accepted_by, created_at, state) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, 'QUEUED')",
                id, pool, body, acceptedBy);
        return id;
    }

    /** Waits up to {@code timeout} for the answer; null when there is none yet. */
    public Answer await(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 10;
        while (true) {
            List<Answer> a = jdbc.query("SELECT status, response FROM baton_request WHERE id = ? AND state = 'DECIDED'",
                    (rs, i) -> new Answer(rs.getInt(1), rs.getString(2)), id);
            if (!a.isEmpty()) return a.get(0);
            if (System.nanoTime() - deadline >= 0) return null;
            Thread.sleep(pause);
            pause = Math.min(100, pause * 2);
        }
    }

    /**
     * Withdraws a request nobody decided in time, so it is never acted on after its caller was told to
     * retry; false when the leader decided it meanwhile (then {@link #await} has its answer).
     */
    public boolean withdraw(String id) {
        return jdbc.update("UPDATE baton_request SET state = 'WITHDRAWN' WHERE id = ? AND state = 'QUEUED'", id) == 1;
    }

    /** The oldest queued requests (for the leader). */
    public List<Queued> queued(int max) {
        return jdbc.query("SELECT id, pool, body FROM baton_request WHERE state = 'QUEUED' ORDER BY created_at LIMIT ?",
                (rs, i) -> new Queued(rs.getString(1), rs.getString(2), rs.getString(3)), max);
    }

    /**
     * Takes a queued request for deciding, fenced: true once, false when it was withdrawn or taken.
     */
    public boolean take(String id) {
        return fence.write("request " + id, j -> j.update(
                "UPDATE baton_request SET state = 'DECIDING', epoch = ? WHERE id = ? AND state = 'QUEUED'", fence.epoch(), id) == 1);
    }

    /** Stores the leader's answer, fenced. */
    public void answer(String id, Answer answer) {
        fence.write("answer to request " + id, j -> j.update(
                "UPDATE baton_request SET state = 'DECIDED', status = ?, response = ?, epoch = ?, decided_at = CURRENT_TIMESTAMP WHERE id = ?",
                answer.status(), answer.body(), fence.epoch(), id));
    }

    /** Forgets answered and withdrawn requests older than {@code age}; how many. */
    public int prune(Duration age) {
        return jdbc.update("DELETE FROM baton_request WHERE state IN ('DECIDED', 'WITHDRAWN') AND created_at < " + dialect.nowMinusMillis(),
                age.toMillis());
    }
}
