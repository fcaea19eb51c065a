package io.baton.engine.session;

import org.kie.api.runtime.rule.FactHandle;

/**
 * A fact the engine owns and its handle in the session, kept by the fact's owner so that updating a fact that
 * changes often needs no lookup. {@link RuleSession} points it at the new handle when it opens a fresh session.
 */
final class FactRef {
    final Object fact;
    FactHandle handle;

    FactRef(Object fact, FactHandle handle) {
        this.fact = fact;
        this.handle = handle;
    }
}
