package io.baton.app.engine;

import io.baton.engine.model.Decision;
import io.baton.engine.model.Node;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.StaleEpochException;
import java.util.List;

/**
 * An actuator that acts only while this replica may: otherwise it is not ready (the engine skips the decision)
 * and {@link #apply} refuses with a {@link StaleEpochException}. Reading a pool's nodes is never fenced.
 */
final class FencedActuator implements Actuator {
    private final Actuator actuator;
    private final Leadership leadership;

    private FencedActuator(Actuator actuator, Leadership leadership) {
        this.actuator = actuator;
        this.leadership = leadership;
    }

    /** {@code actuator} fenced by {@code leadership}; null when {@code actuator} is null (a pool without one). */
    static Actuator of(Actuator actuator, Leadership leadership) {
        return actuator == null ? null : new FencedActuator(actuator, leadership);
    }

    @Override public String type() { return actuator.type(); }

    @Override public boolean ready(Pool pool) { return leadership.mayAct() && actuator.ready(pool); }

    @Override public void apply(Pool pool, Decision decision) {
        if (!leadership.mayAct()) throw new StaleEpochException(leadership.epoch(), "replica " + leadership.replicaId() + " does not lead: nothing done");
        actuator.apply(pool, decision);
    }

    @Override public List<Node> status(Pool pool) { return actuator.status(pool); }
}
