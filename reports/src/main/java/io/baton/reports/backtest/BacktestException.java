package io.baton.reports.backtest;

import java.util.List;

/**
 * Input a backtest cannot run on, with a message for people: a period the wrong way round, a period with no
 * data, rules that do not compile (one {@code FILE:LINE: message} per error), an unknown pool. Nothing was
 * run and nothing written.
 */
public final class BacktestException extends IllegalArgumentException {
    private final List<String> details;

    public BacktestException(String message) {
        this(message, List.of());
    }

    public BacktestException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    /** Further lines, e.g. each compile error as {@code FILE:LINE: message}. */
    public List<String> details() { return details; }
}
