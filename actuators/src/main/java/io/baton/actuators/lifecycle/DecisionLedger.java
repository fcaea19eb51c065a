package io.baton.actuators.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The decision ids an actuator has already acted on, so a retried or duplicated decision never acts
 * twice. Keeps the newest {@code capacity} ids (thread-safe).
 */
public final class DecisionLedger {
    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    public DecisionLedger(int capacity) {
        this.capacity = capacity;
    }

    /** True the first time an id is claimed; false for every repeat. */
    public synchronized boolean claim(String id) {
        if (!ids.add(id)) return false;
        while (ids.size() > capacity) ids.remove(ids.iterator().next());
        return true;
    }

    /** Whether the id was claimed. */
    public synchronized boolean seen(String id) {
        return ids.contains(id);
    }

    /** The remembered ids, oldest first (for persistence). */
    public synchronized List<String> ids() {
        return new ArrayList<>(ids);
    }

    /** Remembers ids read back from storage. */
    public synchronized void seed(Collection<String> stored) {
        for (String id : stored) claim(id);
    }
}
