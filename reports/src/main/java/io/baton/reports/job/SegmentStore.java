package io.baton.reports.job;

import io.baton.reports.usage.Segment;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Billable segments staged between the job's steps, keyed by the job instance, in the job
 * repository's database (H2 or PostgreSQL). Writes join the chunk's transaction, so a restarted run
 * finds exactly the segments of the chunks that committed.
 */
public final class SegmentStore {
    private final JdbcTemplate jdbc;

    /** Over the table {@code baton_usage_segment} of the schema (Flyway, schema version 2); touches nothing until a report runs. */
    public SegmentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(long instance, List<Segment> segments) {
        jdbc.batchUpdate("INSERT INTO baton_usage_segment VALUES (?,?,?,?,?,?,?,?,?,?)", segments, 1000, (ps, s) -> {
            ps.setLong(1, instance);
            ps.setString(2, s.customer());
            ps.setString(3, s.service());
            ps.setString(4, s.software());
            ps.setString(5, s.pool());
            ps.setString(6, s.node());
            ps.setInt(7, s.cores());
            ps.setLong(8, s.day());
            ps.setLong(9, s.start());
            ps.setLong(10, s.end());
        });
    }

    private static final String ALL = "SELECT customer, service, software, pool, node, cores, day_start, start_ms, end_ms FROM baton_usage_segment "
            + "WHERE instance_id = ? ORDER BY customer, service, software, day_start, node, start_ms";
    /** Rows fetched per round trip when streaming (PostgreSQL streams only in a transaction, which the step gives). */
    private static final int FETCH = 2_000;

    /**
     * An instance's segments ordered by customer, service, software, day, node and start, streamed and handed over a
     * customer at a time: only one customer's segments are held at once.
     */
    void forEachCustomer(long instance, Consumer<List<Segment>> customer) {
        List<Segment> batch = new ArrayList<>();
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(ALL, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(FETCH);
            ps.setLong(1, instance);
            return ps;
        }, (RowCallbackHandler) rs -> {
            Segment s = segment(rs);
            if (!batch.isEmpty() && !batch.get(0).customer().equals(s.customer())) {
                customer.accept(List.copyOf(batch));
                batch.clear();
            }
            batch.add(s);
        });
        if (!batch.isEmpty()) customer.accept(List.copyOf(batch));
    }

    private static Segment segment(ResultSet rs) throws SQLException {
        return new Segment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getLong(9));
    }

    /** Forgets an instance's segments once its report is written. */
    void clear(long instance) {
        jdbc.update("DELETE FROM baton_usage_segment WHERE instance_id = ?", instance);
    }
}
