package io.baton.reports.history;

/**
 * Rows of {@code node_lifecycle} a report left out because it could not trust them: a state that is not a
 * {@code NodeState}, or a pool that is not configured. They are counted and logged, never billed, and never fail
 * the report.
 */
public record SkippedRows(long unknownState, long unknownPool) {
    public static final SkippedRows NONE = new SkippedRows(0, 0);

    public long total() {
        return unknownState + unknownPool;
    }

    /** For people: {@code "3 (1 unknown state, 2 unknown pool)"}. */
    public String describe() {
        return total() + " (" + unknownState + " unknown state, " + unknownPool + " unknown pool)";
    }
}
