package io.baton.engine.guard;

import io.baton.engine.model.Pool;
import java.util.Collection;

/** What the budget needs to know of a customer's pools, from the engine's own counts (never from rule facts). */
public interface CustomerFleet {
    /** The pools of {@code customer}. */
    Collection<Pool> poolsOf(String customer);

    /** The nodes counting as capacity in {@code pool}, as its actuator reported them. */
    int capacity(String pool);
}
