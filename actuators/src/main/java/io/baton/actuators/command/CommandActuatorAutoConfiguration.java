package io.baton.actuators.command;

import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.SharedState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wires the command/webhook actuator (unless {@code baton.command.enabled=false}). Bad settings fail start-up.
 * With a {@link SharedState} bean, its decision ledger and node books are shared (and fenced); with a
 * {@link Leadership} bean, {@code BATON_EPOCH} is the leader's epoch and the actuator waits for
 * {@link CommandActuator#leading} when it starts as a follower. It does not register itself with the
 * Leadership: whoever wires leadership calls {@code leading}/{@code following} on it.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "baton.command", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CommandProperties.class)
public class CommandActuatorAutoConfiguration {

    /** The command actuator over the pools whose {@code actuator} is {@code command}. */
    @Bean(destroyMethod = "close")
    public CommandActuator commandActuator(CommandProperties props, ObjectProvider<LifecycleListener> listeners,
                                           ObjectProvider<SharedState> sharedState, ObjectProvider<Leadership> leadership) {
        List<Pool> pools = new ArrayList<>();
        Map<String, CommandSettings> settings = new HashMap<>();
        props.pools().forEach((name, keys) -> {
            boolean mine = CommandActuator.TYPE.equals(keys.actuator());
            if (mine && keys.command() == null) {
                throw new IllegalArgumentException("pool " + name + ": actuator command needs baton.pools." + name + ".command.*");
            }
            if (keys.command() != null) {
                try {
                    settings.put(name, keys.command().toSettings());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("pool " + name + ": " + e.getMessage(), e);
                }
            }
            if (mine) pools.add(keys.toPool(name));
        });
        Leadership lead = leadership.getIfAvailable();
        LongSupplier epoch = lead == null ? () -> 1 : lead::epoch;
        return new CommandActuator(pools, settings::get, new LifecyclePublisher(() -> listeners.orderedStream().toList()),
                Clock.systemUTC(), ChildEnvironment.system(), sharedState.getIfAvailable(), epoch);
    }
}
