package io.baton.reports.history;

import io.baton.engine.model.NodeState;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which {@code node_lifecycle} rows a report may use: the state must be a {@link NodeState} name and the
 * pool a configured one. Counts the others and logs the first few of each kind (not thread-safe: one per read).
 */
final class LifecycleRows {
    private static final Logger log = LoggerFactory.getLogger(LifecycleRows.class);
    private static final int LOGGED_PER_KIND = 5;
    private final Set<String> pools;
    private long unknownState;
    private long unknownPool;

    LifecycleRows(Set<String> pools) {
        this.pools = pools;
    }

    /** The row's state when the row may be used, else null (counted). */
    NodeState accept(String pool, String node, Object state) {
        if (!pools.contains(pool)) {
            if (unknownPool++ < LOGGED_PER_KIND) {
                log.warn("usage report: skipped node_lifecycle row of node '{}': pool '{}' is not configured", clip(node), clip(pool));
            }
            return null;
        }
        NodeState s = state(state);
        if (s == null && unknownState++ < LOGGED_PER_KIND) {
            log.warn("usage report: skipped node_lifecycle row of node '{}' in pool '{}': unknown state '{}'", clip(node), pool, clip(String.valueOf(state)));
        }
        return s;
    }

    SkippedRows skipped() {
        SkippedRows s = new SkippedRows(unknownState, unknownPool);
        if (s.total() > 0) log.warn("usage report: skipped {} node_lifecycle rows", s.describe());
        return s;
    }

    private static NodeState state(Object v) {
        if (!(v instanceof String name)) return null;
        for (NodeState s : NodeState.values()) if (s.name().equals(name)) return s;
        return null;
    }

    private static String clip(String s) {
        String v = s == null ? "" : s.replaceAll("[\\p{Cntrl}]", "?");
        return v.length() > 80 ? v.substring(0, 80) + "..." : v;
    }
}
