package io.baton.engine.session;

import java.util.ArrayList;
import java.util.List;

/**
 * What folding samples in changed, for one lane of {@link FleetFacts}: the changed facts to hand to the session at
 * the next flush and, on a lane that runs beside another, the new facts it may not insert itself (the session is
 * the engine thread's alone), inserted once both lanes are done. A lane is used by one thread at a time.
 */
final class Lane {
    /** Whether new facts wait in {@link #newMetrics} and {@link #newFacts} instead of going into the session at once. */
    final boolean deferred;
    /** Whether the reading just recorded created its pool metric. */
    final boolean[] created = new boolean[1];
    /** The pool metrics changed since the last flush, each once (its {@code dirty} flag), in the order they changed. */
    final List<PoolAggregate.MetricState> dirtyMetrics = new ArrayList<>();
    /** The other facts changed since the last flush, each once (its {@code dirty} flag), in the order they changed. */
    final List<FactRef> dirty = new ArrayList<>();
    /** New pool metrics, not yet in the session (deferred lanes only). */
    final List<PoolAggregate.MetricState> newMetrics = new ArrayList<>();
    /** New facts whose reference has no handle yet (deferred lanes only). */
    final List<FactRef> newFacts = new ArrayList<>();
    /** The newest sample time this lane saw that is not ahead of engine time by more than the allowed skew. */
    long newest = Long.MIN_VALUE;

    Lane(boolean deferred) {
        this.deferred = deferred;
    }

    /** A fact changed: it goes to the session at the next flush, once; a fact waiting to be inserted needs none (it goes in as it is then). */
    void dirty(FactRef ref) {
        if (ref == null || ref.dirty || ref.deleted || ref.handle == null) return;
        ref.dirty = true;
        dirty.add(ref);
    }

    /** A pool metric changed: it goes to the session at the next flush, once. */
    void dirtyMetric(PoolAggregate.MetricState m) {
        if (m.dirty) return;
        m.dirty = true;
        dirtyMetrics.add(m);
    }
}
