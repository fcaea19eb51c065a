package io.baton.app.security;

import io.baton.app.config.BatonProperties;
import io.baton.collectors.ingest.IngestAuthority;
import io.baton.collectors.ingest.IngestGrant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ingest tokens Baton knows: {@code baton.ingest.token} for ops collectors (any pool) and each customer's
 * {@code baton.customers.<c>.ingest-token} (the pools of that customer, from {@link BatonProperties#poolsOf}).
 * With none of them set, ingest is open, as before.
 */
final class CustomerIngestAuthority implements IngestAuthority {
    private final String opsToken;
    private final Map<String, IngestGrantFor> customers = new LinkedHashMap<>();

    private record IngestGrantFor(String token, IngestGrant grant) { }

    CustomerIngestAuthority(String opsToken, BatonProperties props) {
        this.opsToken = opsToken == null ? "" : opsToken;
        props.customers().forEach((name, c) -> {
            if (!c.ingestToken().isEmpty()) {
                customers.put(name, new IngestGrantFor(c.ingestToken(), IngestGrant.onlyPools(name, Set.copyOf(props.poolsOf(name)))));
            }
        });
    }

    @Override
    public IngestGrant grant(String token) {
        if (IngestAuthority.same(token, opsToken)) return IngestGrant.anyPool("ops");
        for (IngestGrantFor c : customers.values()) {
            if (IngestAuthority.same(token, c.token())) return c.grant();
        }
        return null;
    }

    @Override
    public boolean tokenRequired() {
        return !opsToken.isEmpty() || !customers.isEmpty();
    }
}
