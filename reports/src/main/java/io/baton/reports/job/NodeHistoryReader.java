package io.baton.reports.job;

import io.baton.reports.history.FleetHistory;
import io.baton.reports.history.NodeHistory;
import java.time.Instant;
import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the period's node histories from InfluxDB, in node order, and remembers in the step's
 * execution context how many it handed out, so that a restart resumes after the last committed chunk.
 * The rows it had to skip are counted there too ({@link #SKIPPED_STATE}, {@link #SKIPPED_POOL}).
 */
public final class NodeHistoryReader implements ItemStreamReader<NodeHistory> {
    private static final String INDEX = "nodes.read";
    /** Step context keys: lifecycle rows skipped for an unknown state, and for an unknown pool. */
    public static final String SKIPPED_STATE = "rows.skipped.unknownState", SKIPPED_POOL = "rows.skipped.unknownPool";
    private final FleetHistory history;
    private final Instant from;
    private final Instant to;
    private final String customer;
    private List<NodeHistory> nodes;
    private int index;

    NodeHistoryReader(FleetHistory history, Instant from, Instant to, String customer) {
        this.history = history;
        this.from = from;
        this.to = to;
        this.customer = customer;
    }

    @Override public void open(ExecutionContext ctx) {
        FleetHistory.Nodes read = history.nodes(from, to, customer);
        nodes = read.nodes();
        ctx.putLong(SKIPPED_STATE, read.skipped().unknownState());
        ctx.putLong(SKIPPED_POOL, read.skipped().unknownPool());
        index = ctx.containsKey(INDEX) ? ctx.getInt(INDEX) : 0;
    }

    @Override public NodeHistory read() {
        return index < nodes.size() ? nodes.get(index++) : null;
    }

    @Override public void update(ExecutionContext ctx) {
        ctx.putInt(INDEX, index);
    }
}
