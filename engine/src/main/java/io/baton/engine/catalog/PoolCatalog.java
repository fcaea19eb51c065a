package io.baton.engine.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one place pools are defined. Every module reads pools from here: the engine, the guardrails,
 * the actuators, the collectors' tags and the API. Pools may be added, changed and removed while
 * Baton runs; {@link #onChange} tells who needs to know.
 */
public interface PoolCatalog {

    /** Every pool, in name order. */
    List<PoolSpec> pools();

    /** The pool named {@code name}, if the catalog has it. */
    Optional<PoolSpec> find(String name);

    /**
     * Tells {@code listener} of every later change, in the order they happen: a pool added, changed or
     * removed, on the thread that made or first saw the change.
     */
    void onChange(CatalogListener listener);

    /** A catalog that never changes (tools, tests, the scenario runner). */
    static PoolCatalog of(Collection<PoolSpec> pools) {
        Map<String, PoolSpec> byName = new TreeMap<>();
        for (PoolSpec p : pools) byName.put(p.name(), p);
        List<PoolSpec> all = List.copyOf(byName.values());
        return new PoolCatalog() {
            @Override public List<PoolSpec> pools() { return all; }
            @Override public Optional<PoolSpec> find(String name) { return Optional.ofNullable(byName.get(name)); }
            @Override public void onChange(CatalogListener listener) { }
        };
    }
}
