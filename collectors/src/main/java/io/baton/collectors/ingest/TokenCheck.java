package io.baton.collectors.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Finds the ingest token the ways InfluxDB clients send credentials (query parameter {@code p}, the password of
 * HTTP Basic, {@code Authorization: Token <t>} or {@code Authorization: Bearer <t>}) and asks the
 * {@link IngestAuthority} what it grants.
 */
public final class TokenCheck {
    private static final IngestGrant OPEN = IngestGrant.anyPool("anyone (no ingest token configured)");
    private final IngestAuthority authority;

    public TokenCheck(IngestAuthority authority) {
        this.authority = authority;
    }

    /** What the request may write, or null (401). Any pool when no token is configured at all. */
    public IngestGrant grant(String pParam, String authorization) {
        if (!authority.tokenRequired()) return OPEN;
        if (pParam != null) {
            IngestGrant g = authority.grant(pParam);
            if (g != null) return g;
        }
        String token = fromHeader(authorization);
        return token == null ? null : authority.grant(token);
    }

    private static String fromHeader(String authorization) {
        if (authorization == null) return null;
        String a = authorization.trim();
        int space = a.indexOf(' ');
        if (space < 0) return null;
        String scheme = a.substring(0, space);
        String value = a.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Token") || scheme.equalsIgnoreCase("Bearer")) return value;
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
