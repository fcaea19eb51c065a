package io.baton.engine.session;

import io.baton.engine.model.Floor;
import io.baton.engine.model.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The floors and targets that rules keep right now ({@code keep at least {n} nodes}, {@code keep CPU of
 * the pool near {pct} percent}), mirrored from the session: rules insert them logically, and Drools
 * takes them out when the rule's conditions stop holding. The engine reads them after each firing.
 * Engine thread only.
 */
final class Standings {
    private final Map<String, List<Floor>> floors = new HashMap<>();
    private final Map<String, List<Target>> targets = new HashMap<>();

    /** A fact entered the session. */
    void inserted(Object o) {
        if (o instanceof Floor f) floors.computeIfAbsent(f.getPool(), k -> new ArrayList<>(2)).add(f);
        else if (o instanceof Target t) targets.computeIfAbsent(t.getPool(), k -> new ArrayList<>(2)).add(t);
    }

    /** A fact left the session. */
    void deleted(Object o) {
        if (o instanceof Floor f) remove(floors, f.getPool(), f);
        else if (o instanceof Target t) remove(targets, t.getPool(), t);
    }

    private static <T> void remove(Map<String, List<T>> map, String pool, T fact) {
        List<T> of = map.get(pool);
        if (of == null) return;
        of.remove(fact);
        if (of.isEmpty()) map.remove(pool);
    }

    /** The session was replaced: what it held is gone, and the rules derive it again. */
    void clear() {
        floors.clear();
        targets.clear();
    }

    /** The highest floor kept under {@code pool}, or null. */
    Floor floor(String pool) {
        Floor best = null;
        for (Floor f : floors.getOrDefault(pool, List.of())) if (best == null || f.getNodes() > best.getNodes()) best = f;
        return best;
    }

    /** The pools that have a floor. */
    Collection<String> floorPools() { return List.copyOf(floors.keySet()); }

    /** The targets kept for {@code pool}. */
    List<Target> targets(String pool) { return targets.getOrDefault(pool, List.of()); }

    /** The pools that have a target. */
    Collection<String> targetPools() { return List.copyOf(targets.keySet()); }
}
