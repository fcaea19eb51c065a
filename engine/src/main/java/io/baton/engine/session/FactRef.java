package io.baton.engine.session;

import org.kie.api.runtime.rule.FactHandle;

/**
 * A fact the engine owns and its handle in the session, kept by the fact's owner so that updating a fact that
 * changes often needs no lookup. {@link RuleSession} points it at the new handle when it opens a fresh session,
 * and marks it deleted when the fact leaves the session.
 */
final class FactRef {
    final Object fact;
    FactHandle handle;
    /** Whether the fact changed since the last flush (it is then in the engine's list of changed facts). */
    boolean dirty;
    /** Whether the fact left the session: an update of it is then skipped. */
    boolean deleted;

    FactRef(Object fact, FactHandle handle) {
        this.fact = fact;
        this.handle = handle;
    }
}
