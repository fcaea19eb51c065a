package io.baton.app.engine;

import io.baton.engine.guard.ScaleTimes;
import io.baton.engine.port.SharedState;
import io.baton.engine.session.RuleEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guardrails' scale times per pool, kept in the shared state (as JSON under {@code scale-times}) so that the
 * next leader's cooldowns and stabilization go on from them. Without a shared state they live in the engine only.
 * A time that cannot be read or stored is logged (as {@link EngineService}) and the pool's cooldowns start afresh.
 */
final class SharedScaleTimes {
    private static final Logger log = LoggerFactory.getLogger(EngineService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCALE_TIMES = "scale-times";
    private final SharedState shared;

    /** @param shared where the scale times are kept (null: in memory only) */
    SharedScaleTimes(SharedState shared) {
        this.shared = shared;
    }

    /** Gives {@code en}'s guardrails the stored scale times, and stores each new one they record; nothing without a shared state. */
    void restoreInto(RuleEngine en) {
        if (shared == null) return;
        try {
            shared.readAll(SCALE_TIMES).forEach((pool, json) -> {
                try {
                    en.guardrails().restore(pool, JSON.readValue(json, ScaleTimes.class));
                } catch (RuntimeException ex) {
                    log.warn("pool {}: stored scale times unreadable ({}): cooldowns start afresh", pool, ex.getMessage());
                }
            });
        } catch (RuntimeException ex) {
            log.warn("scale times could not be read ({}): cooldowns start afresh", ex.getMessage());
        }
        en.guardrails().onScaled((pool, times) -> {
            try {
                shared.write(SCALE_TIMES, pool, JSON.writeValueAsString(times));
            } catch (RuntimeException ex) {
                log.warn("pool {}: scale times not stored: {}", pool, ex.getMessage());
            }
        });
    }
}
