package io.baton.reports.history;

import io.baton.engine.schema.ReportQueries;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The nodes of a period, read a page of node ids at a time: the ids come from InfluxDB's tag index (every node
 * of {@code node_lifecycle}, sorted, and the empty id for rows without a node tag), and each page costs two queries,
 * the last state before the period and the rows in it, of that page's nodes only. The pages together give the
 * nodes {@link FleetHistory#nodes} gives, in the same order, with the same rows skipped. While the caller works on a
 * page, the next one is read on a thread of its own, so InfluxDB's time and the caller's overlap; at most two pages
 * are held. One caller at a time; {@link #close()} when done.
 */
public final class NodePages implements AutoCloseable {
    private final FleetHistory history;
    private final Instant from;
    private final Instant to;
    private final String customer;
    private final List<String> ids;
    private final int idsPerPage;
    private final LifecycleRows check;
    private final ExecutorService reader;
    private int next;
    private CompletableFuture<List<NodeHistory>> ahead;
    private boolean logged;

    NodePages(FleetHistory history, Instant from, Instant to, String customer, List<String> ids, int idsPerPage, LifecycleRows check) {
        if (idsPerPage < 1) throw new IllegalArgumentException("idsPerPage must be at least 1: " + idsPerPage);
        this.history = history;
        this.from = from;
        this.to = to;
        this.customer = customer;
        this.ids = List.copyOf(ids);
        this.idsPerPage = idsPerPage;
        this.check = check;
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "report-node-pages");
            t.setDaemon(true);
            return t;
        });
        ahead = readAhead();
    }

    /** The histories of the next page's nodes (empty when none of them existed in the period), or null after the last page. */
    public List<NodeHistory> next() {
        if (ahead == null) {
            if (!logged) check.skipped(); // logs the total once
            logged = true;
            return null;
        }
        List<NodeHistory> page;
        try {
            page = ahead.join();
        } catch (CompletionException e) {
            ahead = null;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
        ahead = readAhead();
        return page;
    }

    private CompletableFuture<List<NodeHistory>> readAhead() {
        if (next >= ids.size()) return null;
        List<String> page = ids.subList(next, Math.min(ids.size(), next + idsPerPage));
        next += page.size();
        return CompletableFuture.supplyAsync(() -> history.nodes(ReportQueries.lifecycleBefore(from, customer, page),
                ReportQueries.lifecycleIn(from, to, customer, page), check), reader);
    }

    /** The rows skipped in the pages read so far. */
    public SkippedRows skipped() {
        return check.counts();
    }

    /** Stops reading ahead. */
    @Override public void close() {
        reader.shutdownNow();
    }
}
