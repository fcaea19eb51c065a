package io.baton.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A pool's nodes as {@code GET /api/pools/{pool}} lists them: each node's id and state. */
record PoolState(Map<String, String> states) {
    /** The states whose nodes hold capacity (the engine's {@code NodeState.countsAsCapacity}). */
    static final Set<String> HOLDING = Set.of("REQUESTED", "STARTING", "RUNNING");

    static PoolState of(String body) {
        Map<String, String> states = new LinkedHashMap<>();
        Map<String, Object> pool = Json.object(Json.parse(body));
        for (Object o : Json.array(pool.get("members"))) {
            Map<String, Object> n = Json.object(o);
            states.put(Json.text(n, "id"), Json.text(n, "state"));
        }
        return new PoolState(states);
    }

    /** Nodes holding capacity: requested, starting or running. */
    int capacity() {
        return (int) states.values().stream().filter(HOLDING::contains).count();
    }

    int count(String state) {
        return (int) states.values().stream().filter(state::equals).count();
    }

    /** How many nodes are in each state, e.g. {@code RUNNING 3, STARTING 1}. */
    String summary() {
        Map<String, Integer> by = new TreeMap<>();
        for (String s : states.values()) by.merge(s, 1, Integer::sum);
        StringBuilder b = new StringBuilder();
        by.forEach((s, n) -> b.append(b.length() == 0 ? "" : ", ").append(s).append(' ').append(n));
        return b.length() == 0 ? "no nodes" : b.toString();
    }
}
