package io.baton.engine.port;

import io.baton.engine.model.Decision;
import io.baton.engine.model.Node;
import io.baton.engine.model.Pool;
import java.util.List;

/**
 * Turns approved decisions into nodes. The engine picks the actuator whose {@link #type()} a pool
 * names, checks {@link #ready(Pool)} first and skips (never fails) a pool whose target is not ready.
 * Implementations report every node transition to the {@link LifecycleListener} they were given.
 */
public interface Actuator {

    /** The type name pools use to choose this actuator, e.g. {@code local}, {@code kubernetes}, {@code command}. */
    String type();

    /**
     * Whether the pool's target can take an operation now: reachable, and no conflicting operation
     * (a deployment in progress, say) under way. False makes the engine skip the decision and record why.
     */
    boolean ready(Pool pool);

    /**
     * Carries out an approved decision. Must return quickly (the work may go on in the background)
     * and must be idempotent by {@link Decision#getId()}: a repeated id never acts twice.
     */
    void apply(Pool pool, Decision decision);

    /** The pool's nodes as the backend sees them now. */
    List<Node> status(Pool pool);
}
