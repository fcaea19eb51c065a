package io.baton.actuators.command;

import io.baton.engine.model.Decision;
import io.baton.engine.model.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** How a decision reaches a command (environment variables, JSON on stdin) or a webhook (JSON body), and what comes back. */
final class DecisionPayload {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DecisionPayload() { }

    /**
     * The {@code BATON_*} environment variables of an action; {@code BATON_EPOCH} is the leader's fencing
     * epoch when the decision was applied (1 for a single process), so a command can refuse an older one.
     */
    static Map<String, String> env(Pool pool, Decision d, String action, List<String> nodes, String oldNode, long epoch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BATON_ACTION", action);
        env.put("BATON_DECISION_ID", d.getId());
        env.put("BATON_EPOCH", String.valueOf(epoch));
        env.put("BATON_DECISION_KIND", d.getKind().name());
        env.put("BATON_POOL", pool.getName());
        env.put("BATON_AMOUNT", String.valueOf(d.getAmount()));
        env.put("BATON_NODE", oldNode == null ? (d.getNode() == null ? "" : d.getNode()) : oldNode);
        env.put("BATON_NODES", String.join(",", nodes));
        env.put("BATON_CUSTOMER", pool.getCustomer());
        env.put("BATON_SERVICE", pool.getService());
        env.put("BATON_SOFTWARE", pool.getSoftware());
        env.put("BATON_CORES", String.valueOf(pool.getCores()));
        return env;
    }

    /** The JSON given on stdin and POSTed to the webhook. */
    static String json(Pool pool, Decision d, String action, List<String> nodes, String oldNode, long epoch) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("epoch", epoch);
        Map<String, Object> dec = new LinkedHashMap<>();
        dec.put("id", d.getId());
        dec.put("kind", d.getKind().name());
        dec.put("amount", d.getAmount());
        dec.put("node", d.getNode());
        dec.put("rule", d.getRule());
        dec.put("requester", d.getRequester());
        body.put("decision", dec);
        body.put("pool", Map.of("name", pool.getName(), "customer", pool.getCustomer(), "service", pool.getService(),
                "software", pool.getSoftware(), "cores", pool.getCores()));
        body.put("nodes", nodes);
        if (oldNode != null) body.put("replaces", oldNode);
        return JSON.writeValueAsString(body);
    }

    /** Lines {@code <id> <address>} (or {@code <id> <state> <address>}) of a command's output. */
    static Map<String, String> addresses(String out) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2) map.put(f[0], f[f.length - 1]);
        }
        return map;
    }
}
