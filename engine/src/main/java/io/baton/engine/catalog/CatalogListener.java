package io.baton.engine.catalog;

/** Told of each change of the {@link PoolCatalog}. */
@FunctionalInterface
public interface CatalogListener {

    /**
     * A pool changed: {@code before} is null for a pool just added, {@code after} is null for a pool just
     * removed (the catalog removes only pools that hold no nodes).
     */
    void changed(PoolSpec before, PoolSpec after);
}
