package io.baton.app.security;

import io.baton.app.config.BatonProperties;
import io.baton.collectors.ingest.IngestAuthority;
import io.baton.collectors.ingest.IngestGrant;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ingest tokens Baton knows: {@code baton.ingest.token} for ops collectors (any pool) and each customer's
 * {@code baton.customers.<c>.ingest-token} (the pools of that customer in the pool catalog, at each request).
 * With none of them set, ingest is open, as before.
 */
final class CustomerIngestAuthority implements IngestAuthority {
    private final String opsToken;
    private final Map<String, IngestGrantFor> customers = new LinkedHashMap<>();

    private final PoolCatalog catalog;

    private record IngestGrantFor(String token, String customer) { }

    CustomerIngestAuthority(String opsToken, BatonProperties props, PoolCatalog catalog) {
        this.opsToken = opsToken == null ? "" : opsToken;
        this.catalog = catalog;
        props.customers().forEach((name, c) -> {
            if (!c.ingestToken().isEmpty()) customers.put(name, new IngestGrantFor(c.ingestToken(), name));
        });
    }

    /** The customer's pools as the catalog has them now. */
    private IngestGrant poolsOf(String customer) {
        Set<String> pools = new java.util.HashSet<>();
        for (PoolSpec p : catalog.pools()) if (p.customer().equals(customer)) pools.add(p.name());
        return IngestGrant.onlyPools(customer, pools);
    }

    @Override
    public IngestGrant grant(String token) {
        if (IngestAuthority.same(token, opsToken)) return IngestGrant.anyPool("ops");
        for (IngestGrantFor c : customers.values()) {
            if (IngestAuthority.same(token, c.token())) return poolsOf(c.customer());
        }
        return null;
    }

    @Override
    public boolean tokenRequired() {
        return !opsToken.isEmpty() || !customers.isEmpty();
    }
}
