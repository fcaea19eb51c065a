package io.baton.reports.job;

import io.baton.reports.history.FleetHistory;
import io.baton.reports.history.NodeHistory;
import io.baton.reports.history.NodePages;
import io.baton.reports.history.SkippedRows;
import java.time.Instant;
import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the period's node histories from InfluxDB, in node order, a page of node ids at a time
 * ({@link NodePages}), so that memory holds one page and not the fleet. It remembers in the step's execution
 * context how many nodes it handed out, so that a restart resumes after the last committed chunk (the pages
 * before that point are read again and passed over). The rows it had to skip are counted there too
 * ({@link #SKIPPED_STATE}, {@link #SKIPPED_POOL}): complete once the last node is read.
 */
public final class NodeHistoryReader implements ItemStreamReader<NodeHistory> {
    private static final String INDEX = "nodes.read";
    /** Step context keys: lifecycle rows skipped for an unknown state, and for an unknown pool. */
    public static final String SKIPPED_STATE = "rows.skipped.unknownState", SKIPPED_POOL = "rows.skipped.unknownPool";
    private final FleetHistory history;
    private final Instant from;
    private final Instant to;
    private final String customer;
    private final int idsPerPage;
    private NodePages pages;
    private List<NodeHistory> page = List.of();
    private int inPage;
    private int index;

    NodeHistoryReader(FleetHistory history, Instant from, Instant to, String customer, int idsPerPage) {
        this.history = history;
        this.from = from;
        this.to = to;
        this.customer = customer;
        this.idsPerPage = idsPerPage;
    }

    @Override public void open(ExecutionContext ctx) {
        pages = history.pages(from, to, customer, idsPerPage);
        page = List.of();
        inPage = 0;
        index = 0;
        int resumeAt = ctx.containsKey(INDEX) ? ctx.getInt(INDEX) : 0;
        while (index < resumeAt && read() != null) {
            // handed out and committed before the restart
        }
        put(ctx);
    }

    @Override public NodeHistory read() {
        while (page != null && inPage >= page.size()) {
            page = pages.next();
            inPage = 0;
        }
        if (page == null) return null;
        index++;
        return page.get(inPage++);
    }

    @Override public void update(ExecutionContext ctx) {
        put(ctx);
    }

    @Override public void close() {
        if (pages != null) pages.close();
    }

    private void put(ExecutionContext ctx) {
        ctx.putInt(INDEX, index);
        SkippedRows s = pages.skipped();
        ctx.putLong(SKIPPED_STATE, s.unknownState());
        ctx.putLong(SKIPPED_POOL, s.unknownPool());
    }
}
