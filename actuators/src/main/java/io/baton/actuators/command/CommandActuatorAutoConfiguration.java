package io.baton.actuators.command;

import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.engine.model.Pool;
import io.baton.engine.port.LifecycleListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Wires the command/webhook actuator (unless {@code baton.command.enabled=false}). Bad settings fail start-up. */
@AutoConfiguration
@ConditionalOnProperty(prefix = "baton.command", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CommandProperties.class)
public class CommandActuatorAutoConfiguration {

    /** The command actuator over the pools whose {@code actuator} is {@code command}. */
    @Bean(destroyMethod = "close")
    public CommandActuator commandActuator(CommandProperties props, ObjectProvider<LifecycleListener> listeners) {
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
        return new CommandActuator(pools, settings::get, new LifecyclePublisher(() -> listeners.orderedStream().toList()),
                Clock.systemUTC());
    }
}
