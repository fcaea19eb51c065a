package io.baton.engine.journal;

/** Which guardrail changed or stopped a decision; the journal's reasons say the same in words. */
public enum Limit {
    /** The pool's maximum. */
    MAX,
    /** The pool's minimum. */
    MIN,
    /** The most nodes one decision may add or remove. */
    MAX_STEP,
    /** The customer's quota of nodes across its pools. */
    QUOTA,
    /** The customer's cost budget per day. */
    BUDGET,
    /** The scale-out cooldown. */
    COOLDOWN,
    /** The scale-in stabilization window. */
    STABILIZATION,
    /** Flap protection. */
    FLAP,
    /** Dry-run: recorded only. */
    DRY_RUN,
    /** The node is already being replaced, or is not there to replace. */
    NODE_STATE,
    /** The pool's replacement budget ({@code max-replacing}) is used up. */
    REPLACEMENT_BUDGET,
    /** Healing is paused: too many of the pool's nodes look unhealthy at once. */
    HEALING_PAUSED,
    /** A crashed node's capacity was already made good. */
    ALREADY_MADE_GOOD,
    /** A floor a rule keeps while its conditions hold ({@code keep at least {n} nodes}). */
    FLOOR
}
