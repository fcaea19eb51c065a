package io.baton.actuators.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code baton.reconcile.*}.
 *
 * @param enabled whether the actuators are reconciled at start and periodically
 * @param interval the time between two passes
 */
@ConfigurationProperties("baton.reconcile")
@Validated
public record ReconcileProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration interval) {

    public ReconcileProperties {
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("baton.reconcile.interval must be positive, got " + interval);
    }
}
