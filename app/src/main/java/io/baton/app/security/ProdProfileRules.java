package io.baton.app.security;

import io.baton.app.config.BatonProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@code prod} profile refuses to start with, each problem naming its key: no ops, billing or ingest
 * token; a sample token shipped in {@code config/application.yml}; a token shorter than {@value #MIN_LENGTH}
 * characters; the same token under two keys.
 */
final class ProdProfileRules {
    static final int MIN_LENGTH = 16;
    /** The customer tokens {@code config/application.yml} ships as defaults, for trying Baton out. */
    static final Set<String> SAMPLE_TOKENS = Set.of("acme-dev-token", "university-dev-token");

    private ProdProfileRules() { }

    /** Every problem, in key order; empty when {@code prod} may start. */
    static List<String> problems(BatonProperties props, String ingestToken) {
        List<String> out = new ArrayList<>();
        required(out, "baton.security.ops-token (BATON_OPS_TOKEN)", props.security().opsToken());
        required(out, "baton.security.billing-token (BATON_BILLING_TOKEN)", props.security().billingToken());
        required(out, "baton.ingest.token (BATON_INGEST_TOKEN)", ingestToken);
        Map<String, String> tokens = tokens(props, ingestToken);
        Map<String, String> keyOf = new LinkedHashMap<>();
        tokens.forEach((key, token) -> {
            if (SAMPLE_TOKENS.contains(token)) {
                out.add(key + " is a sample token shipped in config/application.yml: set a secret of your own in the prod profile");
            } else if (token.length() < MIN_LENGTH) {
                out.add(key + " is shorter than " + MIN_LENGTH + " characters: the prod profile needs longer tokens");
            }
            String first = keyOf.putIfAbsent(token, key);
            if (first != null) out.add(key + " is the same token as " + first + ": each key needs its own token in the prod profile");
        });
        return out;
    }

    private static void required(List<String> out, String key, String value) {
        if (value == null || value.isBlank()) out.add(key + " must be set in the prod profile");
    }

    /** Every token that is set, by key. */
    private static Map<String, String> tokens(BatonProperties props, String ingestToken) {
        Map<String, String> t = new LinkedHashMap<>();
        put(t, "baton.security.ops-token", props.security().opsToken());
        put(t, "baton.security.billing-token", props.security().billingToken());
        put(t, "baton.ingest.token", ingestToken);
        new java.util.TreeMap<>(props.customers()).forEach((name, c) -> {  // by name, so the messages come in a fixed order
            put(t, "baton.customers." + name + ".token", c.token());
            put(t, "baton.customers." + name + ".ingest-token", c.ingestToken());
        });
        return t;
    }

    private static void put(Map<String, String> t, String key, String value) {
        if (value != null && !value.isBlank()) t.put(key, value);
    }
}
