package io.baton.app.ha;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/readiness} (in place of Boot's indicator of that name): UP only when the
 * application has started and {@link LeaderReadiness} says this replica is ready. Boot marks the
 * application ready once started, even while the database has never answered; this keeps it
 * OUT_OF_SERVICE until it has.
 */
@Component("readinessStateHealthIndicator")
final class ReadinessProbe extends ReadinessStateHealthIndicator {
    private final LeaderReadiness replica;

    ReadinessProbe(ApplicationAvailability availability, LeaderReadiness replica) {
        super(availability);
        this.replica = replica;
    }

    @Override protected AvailabilityState getState(ApplicationAvailability availability) {
        return replica.state() == ReadinessState.ACCEPTING_TRAFFIC ? super.getState(availability) : ReadinessState.REFUSING_TRAFFIC;
    }
}
