package io.baton.actuators.command;

import io.baton.actuators.lifecycle.NodeInfo;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command pool's node book as it is kept in the shared state (kind {@value #KIND}, key = the pool's
 * name): every node, and the events booked but maybe not yet published, oldest first. The same field
 * names as the local actuator's state ({@code nodes}, {@code pending}); the command actuator's ledger is
 * kept as claims, not in the document.
 */
record BookDocument(List<NodeInfo> nodes, List<NodeInfo> pending) {
    static final String KIND = "node-book";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    BookDocument {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    String json() {
        return JSON.writeValueAsString(this);
    }

    /** Reads a stored document; a corrupt one is an error that names the pool (nothing is dropped silently). */
    static BookDocument parse(String pool, String json) {
        try {
            return JSON.readValue(json, BookDocument.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("the " + KIND + " document of command pool " + pool + " in the shared state is not valid: "
                    + e.getOriginalMessage() + " (fix or delete it to start this pool from its status command)", e);
        }
    }
}
