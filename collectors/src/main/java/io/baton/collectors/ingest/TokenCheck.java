package io.baton.collectors.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks the ingest token the ways InfluxDB clients send credentials: query parameter {@code p}, the password of
 * HTTP Basic, {@code Authorization: Token <t>} or {@code Authorization: Bearer <t>}.
 */
final class TokenCheck {
    private final byte[] token;

    TokenCheck(String token) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the request may write; always true when no token is configured. */
    boolean allows(String pParam, String authorization) {
        if (token == null) return true;
        if (pParam != null && same(pParam)) return true;
        if (authorization == null) return false;
        String a = authorization.trim();
        int space = a.indexOf(' ');
        if (space < 0) return false;
        String scheme = a.substring(0, space);
        String value = a.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Token") || scheme.equalsIgnoreCase("Bearer")) return same(value);
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon >= 0 && same(decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    private boolean same(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
