package io.baton.engine.guard;

/** The cost budgets of customers, as the guardrails see them. */
@FunctionalInterface
public interface Budgets {
    /** No customer has a budget. */
    Budgets NONE = customer -> null;

    /** The budget of {@code customer}, or null when it has none. */
    Budget of(String customer);
}
