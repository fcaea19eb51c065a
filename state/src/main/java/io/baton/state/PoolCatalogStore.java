package io.baton.state;

import io.baton.engine.catalog.CatalogListener;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.port.LeadershipListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pool catalog in the shared database: documents of kind {@code pool}, one per pool, holding its keys
 * and where it came from ({@code yaml} or {@code api}). The YAML is the seed: when a replica starts to
 * lead, pools of the YAML that the catalog lacks are added, and pools that came from the YAML take its
 * current keys. A pool created or changed through the API keeps the API's keys from then on. A pool the
 * YAML no longer has stays until it is deleted through the API, so no edit of a file removes a pool that
 * holds nodes. Until the database answers, the catalog is the YAML's. Writes are fenced by the epoch;
 * followers see the leader's changes on {@link #refresh}.
 */
public final class PoolCatalogStore implements PoolCatalog, LeadershipListener {
    private static final Logger log = LoggerFactory.getLogger(PoolCatalogStore.class);
    static final String KIND = "pool";
    private static final String MARKER = "pool-catalog";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JdbcTemplate jdbc;
    private final Fence fence;
    private final Map<String, Map<String, String>> seed;
    private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Entry> entries = new TreeMap<>();

    /** Where a pool's keys came from. */
    public enum Origin { YAML, API }

    /** One pool of the catalog, its keys as given and where they came from. */
    public record Entry(PoolSpec spec, Map<String, String> keys, Origin origin) { }

    /** The stored form of an entry. */
    record Document(String origin, Map<String, String> keys) { }

    /**
     * @param seed the YAML's pools, flat keys relative to each pool; each is bound and validated here, so a bad
     *             YAML stops the start naming the key
     */
    PoolCatalogStore(JdbcTemplate jdbc, Fence fence, Map<String, Map<String, String>> seed) {
        this.jdbc = jdbc;
        this.fence = fence;
        this.seed = new TreeMap<>(seed);
        Map<String, Entry> initial = new TreeMap<>();
        this.seed.forEach((name, keys) -> initial.put(name, new Entry(PoolBinding.bind(name, keys, false), keys, Origin.YAML)));
        for (Map.Entry<String, Map<String, String>> e : this.seed.entrySet()) {
            List<String> unknown = PoolBinding.unknown(e.getValue());
            if (!unknown.isEmpty()) log.warn("pool {}: keys ignored: {}", e.getKey(), unknown);
        }
        entries = initial;
    }

    @Override public List<PoolSpec> pools() { return entries.values().stream().map(Entry::spec).toList(); }

    @Override public Optional<PoolSpec> find(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.spec());
    }

    /** The pool's entry with its keys and origin, if the catalog has it. */
    public Optional<Entry> entry(String name) { return Optional.ofNullable(entries.get(name)); }

    @Override public void onChange(CatalogListener listener) { listeners.add(listener); }

    /** Leading: the YAML's pools are seeded into the stored catalog, which is then read back. */
    @Override public void leading(long epoch) {
        try {
            seed();
            refresh();
        } catch (RuntimeException e) {
            log.warn("pool catalog: not seeded from the YAML ({}); the catalog stays as last read", e.getMessage());
        }
    }

    @Override public void following(String why) { }

    /** Adds the YAML's pools the catalog lacks, and brings the YAML's own pools up to date (fenced). */
    void seed() {
        fence.write("pool catalog seed", j -> {
            Map<String, Document> stored = readAll(j);
            seed.forEach((name, keys) -> {
                Document d = stored.get(name);
                if (d == null || (Origin.YAML.name().equals(d.origin()) && !d.keys().equals(keys))) {
                    upsert(j, name, new Document(Origin.YAML.name(), keys), d != null);
                } else if (Origin.API.name().equals(d.origin()) && !d.keys().equals(keys)) {
                    log.warn("pool {}: changed through the API, so the catalog keeps those keys; the YAML's differ and are not used", name);
                }
            });
            if (j.queryForObject("SELECT COUNT(*) FROM baton_document WHERE kind = ? AND doc_key = 'seeded'", Integer.class, MARKER) == 0) {
                j.update("INSERT INTO baton_document (kind, doc_key, body, epoch, updated_at) VALUES (?, 'seeded', '{}', ?, CURRENT_TIMESTAMP)",
                        MARKER, fence.epoch());
            }
            stored.forEach((name, d) -> {
                if (!seed.containsKey(name) && Origin.YAML.name().equals(d.origin())) {
                    log.warn("pool {}: came from the YAML, which no longer has it; it stays until DELETE /api/pools/{}", name, name);
                }
            });
            return null;
        });
    }

    /** Reads the stored catalog and tells the listeners what changed since the last read. */
    public synchronized void refresh() {
        Map<String, Entry> next = new TreeMap<>();
        if (jdbc.queryForObject("SELECT COUNT(*) FROM baton_document WHERE kind = ? AND doc_key = 'seeded'", Integer.class, MARKER) == 0) {
            return; // never seeded by a leader: the YAML's pools stand
        }
        Map<String, Document> stored = readAll(jdbc);
        stored.forEach((name, d) -> {
            try {
                next.put(name, new Entry(PoolBinding.bind(name, d.keys(), false), d.keys(), Origin.valueOf(d.origin())));
            } catch (RuntimeException e) {
                Entry last = entries.get(name);
                log.error("pool {}: stored keys unreadable ({}); {}", name, e.getMessage(), last == null ? "left out" : "kept as last read");
                if (last != null) next.put(name, last);
            }
        });
        swap(next);
    }

    /**
     * Stores a pool from the API (fenced) and tells the listeners.
     *
     * @return the entry before, or null for a new pool
     */
    public synchronized Entry put(String name, Map<String, String> keys) {
        PoolSpec spec = PoolBinding.bind(name, keys, true);
        Entry before = entries.get(name);
        fence.write("pool " + name, j -> {
            upsert(j, name, new Document(Origin.API.name(), new TreeMap<>(keys)), j.queryForObject(
                    "SELECT COUNT(*) FROM baton_document WHERE kind = ? AND doc_key = ?", Integer.class, KIND, name) > 0);
            return null;
        });
        Map<String, Entry> next = new TreeMap<>(entries);
        next.put(name, new Entry(spec, new TreeMap<>(keys), Origin.API));
        swap(next);
        return before;
    }

    /** Removes a pool (fenced) and tells the listeners; the caller has checked that it holds no nodes. */
    public synchronized boolean remove(String name) {
        if (!entries.containsKey(name)) return false;
        fence.write("removal of pool " + name, j -> j.update("DELETE FROM baton_document WHERE kind = ? AND doc_key = ?", KIND, name));
        Map<String, Entry> next = new TreeMap<>(entries);
        next.remove(name);
        swap(next);
        return true;
    }

    private void swap(Map<String, Entry> next) {
        Map<String, Entry> prev = entries;
        entries = next;
        List<PoolSpec[]> changes = new ArrayList<>();
        prev.forEach((name, e) -> {
            Entry n = next.get(name);
            if (n == null) changes.add(new PoolSpec[] {e.spec(), null});
            else if (!Objects.equals(n.spec(), e.spec())) changes.add(new PoolSpec[] {e.spec(), n.spec()});
        });
        next.forEach((name, n) -> {
            if (!prev.containsKey(name)) changes.add(new PoolSpec[] {null, n.spec()});
        });
        for (PoolSpec[] c : changes) {
            log.info("pool catalog: {} {}", c[1] == null ? "removed" : c[0] == null ? "added" : "changed", c[1] == null ? c[0].name() : c[1].name());
            for (CatalogListener l : listeners) {
                try {
                    l.changed(c[0], c[1]);
                } catch (RuntimeException ex) {
                    log.error("pool catalog: a listener failed on {}: {}", c[1] == null ? c[0].name() : c[1].name(), ex.getMessage(), ex);
                }
            }
        }
    }

    private static Map<String, Document> readAll(JdbcTemplate j) {
        Map<String, Document> out = new TreeMap<>();
        j.query("SELECT doc_key, body FROM baton_document WHERE kind = ?", rs -> {
            out.put(rs.getString(1), JSON.readValue(rs.getString(2), new TypeReference<Document>() { }));
        }, KIND);
        return out;
    }

    private void upsert(JdbcTemplate j, String name, Document d, boolean exists) {
        String body = JSON.writeValueAsString(d);
        if (exists) {
            j.update("UPDATE baton_document SET body = ?, epoch = ?, updated_at = CURRENT_TIMESTAMP WHERE kind = ? AND doc_key = ?",
                    body, fence.epoch(), KIND, name);
        } else {
            j.update("INSERT INTO baton_document (kind, doc_key, body, epoch, updated_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)",
                    KIND, name, body, fence.epoch());
        }
    }
}
