package io.baton.state;

import io.baton.engine.journal.JournalEntry;
import io.baton.engine.port.DecisionListener;
import io.baton.engine.port.StaleEpochException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal's entries in {@code baton_journal}, so every replica shows the same decisions and a new
 * leader shows the old one's. Entries are handed over on the engine thread and written by this store's
 * own thread in fenced batches; a folded repeat updates its row.
 */
public final class JournalStore implements DecisionListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JournalStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int KEEP = 100_000;
    private final JdbcTemplate jdbc;
    private final Fence fence;
    private final Map<String, JournalEntry> pending = new LinkedHashMap<>();
    private final Thread writer;
    private volatile boolean running = true;
    private long written;

    JournalStore(JdbcTemplate jdbc, Fence fence) {
        this.jdbc = jdbc;
        this.fence = fence;
        this.writer = new Thread(this::drain, "journal-store");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override public void onDecision(JournalEntry entry) {
        long epoch = fence.epoch();
        if (epoch <= 0) return; // only the leader journals
        synchronized (pending) {
            pending.put(fence.replica() + "/" + epoch + "/" + entry.seq(), entry);
            pending.notifyAll();
        }
    }

    /** The newest entries, newest first; of one pool, or of all when {@code pool} is null. */
    public List<JournalEntry> recent(String pool, int limit) {
        String sql = pool == null ? "SELECT entry FROM baton_journal ORDER BY seq DESC LIMIT ?"
                : "SELECT entry FROM baton_journal WHERE pool = ? ORDER BY seq DESC LIMIT ?";
        Object[] args = pool == null ? new Object[] {limit} : new Object[] {pool, limit};
        return jdbc.query(sql, (rs, i) -> JSON.readValue(rs.getString(1), JournalEntry.class), args);
    }

    /** Writes what is pending now (also called by the writer thread). */
    void flush() {
        Map<String, JournalEntry> batch;
        synchronized (pending) {
            if (pending.isEmpty()) return;
            batch = new LinkedHashMap<>(pending);
            pending.clear();
        }
        try {
            fence.write("journal entries", j -> {
                for (Map.Entry<String, JournalEntry> e : batch.entrySet()) {
                    JournalEntry en = e.getValue();
                    String body = JSON.writeValueAsString(en);
                    int n = j.update("UPDATE baton_journal SET entry = ?, at_ms = ?, outcome = ? WHERE entry_key = ?",
                            body, en.lastTime(), en.outcome().name(), e.getKey());
                    if (n == 0) {
                        j.update("INSERT INTO baton_journal (entry_key, pool, at_ms, outcome, epoch, replica, entry) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                e.getKey(), en.pool(), en.time(), en.outcome().name(), fence.epoch(), fence.replica(), body);
                    }
                }
                return null;
            });
            written += batch.size();
            if (written > KEEP) {
                written = 0;
                jdbc.update("DELETE FROM baton_journal WHERE seq < (SELECT MAX(seq) FROM baton_journal) - ?", KEEP);
            }
        } catch (StaleEpochException e) {
            log.warn("journal: {} entries not stored: {}", batch.size(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("journal: {} entries not stored yet ({}); retrying", batch.size(), e.getMessage());
            synchronized (pending) {
                Map<String, JournalEntry> merged = new LinkedHashMap<>(batch);
                merged.putAll(pending);
                pending.clear();
                if (merged.size() <= KEEP) pending.putAll(merged);
            }
            sleep(1_000);
        }
    }

    private void drain() {
        while (running) {
            synchronized (pending) {
                if (pending.isEmpty()) {
                    try {
                        pending.wait(TimeUnit.SECONDS.toMillis(1));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            flush();
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void close() {
        running = false;
        writer.interrupt();
        try {
            flush();
        } catch (RuntimeException e) {
            log.debug("journal: final flush failed: {}", e.getMessage());
        }
    }

    static List<JournalEntry> none() { return new ArrayList<>(); }
}
