package io.baton.collectors.ingest;

import java.util.Set;

/**
 * What one ingest token may write: any pool (the global {@code baton.ingest.token}, or no token configured at
 * all), or only the named pools (a customer's {@code ingest-token}).
 *
 * @param holder who holds the token, for error messages ({@code ops}, a customer name)
 * @param pools the pools it may write; null for any pool
 */
public record IngestGrant(String holder, Set<String> pools) {

    public IngestGrant {
        pools = pools == null ? null : Set.copyOf(pools);
    }

    /** Any pool, points with no pool tag included. */
    public static IngestGrant anyPool(String holder) {
        return new IngestGrant(holder, null);
    }

    /** Only the points whose pool tag is one of {@code pools}. */
    public static IngestGrant onlyPools(String holder, Set<String> pools) {
        return new IngestGrant(holder, pools);
    }

    /** Whether a point with this pool tag (null: none) may be written. */
    public boolean allows(String pool) {
        return pools == null || (pool != null && pools.contains(pool));
    }

    /** Why a point of {@code pool} is refused, for the {@code line N: ...} message. */
    String refusal(String poolTag, String pool) {
        return pool == null ? "no '" + poolTag + "' tag: the token of " + holder + " may write only its own pools"
                : "pool '" + pool + "' is not one of " + holder + "'s pools";
    }
}
