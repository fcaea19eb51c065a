package io.baton.app.ha;

import io.baton.engine.loop.DaemonLoop;
import io.baton.state.HaStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This replica's readiness, worked out every 200 ms: ready once the shared database has answered and
 * its schema is migrated, while a leader is known (this replica, or another to forward to); with
 * {@code baton.ha.ready-only-when-leading: true}, ready only on the leader, so a Kubernetes Service
 * routes to the leader alone. Refusing until the first round has said otherwise, so a replica whose
 * database is down at start is never ready. {@link ReadinessProbe} serves it.
 */
@Component
final class LeaderReadiness extends DaemonLoop implements SmartLifecycle {
    private final HaStatus ha;
    private final ApplicationEventPublisher events;
    private final boolean onlyLeader;
    private volatile ReadinessState state = ReadinessState.REFUSING_TRAFFIC;

    LeaderReadiness(HaStatus ha, ApplicationEventPublisher events, @Value("${baton.ha.ready-only-when-leading:false}") boolean onlyLeader) {
        super("leader-readiness");
        this.ha = ha;
        this.events = events;
        this.onlyLeader = onlyLeader;
    }

    ReadinessState now() {
        if (!ha.schemaReady()) return ReadinessState.REFUSING_TRAFFIC;
        if (ha.leading()) return ReadinessState.ACCEPTING_TRAFFIC;
        if (onlyLeader) return ReadinessState.REFUSING_TRAFFIC;
        try {
            return ha.leader().leader() != null ? ReadinessState.ACCEPTING_TRAFFIC : ReadinessState.REFUSING_TRAFFIC;
        } catch (RuntimeException e) {
            return ReadinessState.REFUSING_TRAFFIC;
        }
    }

    /** The readiness of the last round. */
    ReadinessState state() { return state; }

    @Override protected long round() {
        ReadinessState s = now();
        if (s != state) {
            state = s;
            AvailabilityChangeEvent.publish(events, this, s);
        }
        return 200;
    }

    /** After the web server, so the readiness it publishes is the last word. */
    @Override public int getPhase() { return Integer.MAX_VALUE - 10; }
}
