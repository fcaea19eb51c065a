package io.baton.collectors.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may write through line-protocol ingest, and to which pools. The collectors only see the token a request
 * carries; the application says what each token grants (the global {@code baton.ingest.token} any pool, a
 * customer's {@code baton.customers.<c>.ingest-token} the pools of that customer). Without a bean of this type,
 * only the global token is known.
 */
public interface IngestAuthority {

    /** What {@code token} may write, or null when it is not an ingest token. Implementations compare in constant time. */
    IngestGrant grant(String token);

    /** Whether a write must carry a token; false only when no ingest token is configured at all (open, the dev default). */
    boolean tokenRequired();

    /** Only {@code baton.ingest.token} (any pool); open when it is null or empty. */
    static IngestAuthority single(String token) {
        boolean open = token == null || token.isEmpty();
        return new IngestAuthority() {
            @Override
            public IngestGrant grant(String given) {
                return open || same(given, token) ? IngestGrant.anyPool("ops") : null;
            }

            @Override
            public boolean tokenRequired() {
                return !open;
            }
        };
    }

    /** Constant-time comparison; false when {@code expected} is null or empty. */
    static boolean same(String given, String expected) {
        if (given == null || expected == null || expected.isEmpty()) return false;
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
