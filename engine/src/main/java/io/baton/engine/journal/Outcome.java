package io.baton.engine.journal;

/** What became of a decision. */
public enum Outcome {
    /** Dispatched to the actuator as asked. */
    EXECUTED,
    /** Dispatched after a guardrail changed its size. */
    CLAMPED,
    /** Stopped by a guardrail. */
    SUPPRESSED,
    /** Held back because it would make the rules undo it at once (flap protection). */
    DEFERRED,
    /** Recorded only: dry-run is on. */
    DRY_RUN,
    /** Recorded only: a forecast decision of a pool whose forecast mode is {@code forecast-only}. */
    FORECAST,
    /** The actuator was not ready or missing; nothing was done. */
    SKIPPED,
    /** The actuator refused or failed; nothing was done, and no cooldown started. */
    FAILED;

    /** Whether the actuator accepted the decision (it was carried out, as asked or resized). */
    public boolean acted() {
        return this == EXECUTED || this == CLAMPED;
    }
}
