package io.baton.engine.rules;

import java.util.List;

/**
 * One attempt to change the running rules, and how it went.
 *
 * @param time epoch millis of the attempt
 * @param outcome whether the new set runs
 * @param version the version running afterwards (the old one when the attempt was refused)
 * @param errors the attempt's errors, empty when it was loaded
 */
public record RuleReload(long time, Outcome outcome, long version, List<RuleError> errors) {

    public RuleReload {
        errors = List.copyOf(errors);
    }

    /** What became of a reload. */
    public enum Outcome {
        /** The new set compiled, passed its scenarios and runs. */
        LOADED,
        /** The new set did not compile or failed a scenario: the running rules stay. */
        REJECTED,
        /** The new set kept firing without end: the engine went back to the previous one. */
        ROLLED_BACK
    }

    /** Told of every reload attempt, after it ended; must not block. */
    @FunctionalInterface
    public interface Listener {
        void onReload(RuleReload reload);
    }
}
