package io.baton.actuators.command;

import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.spring.PoolSections;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.catalog.PoolCheck;
import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.SharedState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Wires the command/webhook actuator (unless {@code baton.command.enabled=false}). Bad settings fail start-up.
 * With a {@link SharedState} bean, its decision ledger and node books are shared (and fenced); with a
 * {@link Leadership} bean, {@code BATON_EPOCH} is the leader's epoch and the actuator waits for
 * {@link CommandActuator#leading} when it starts as a follower. It does not register itself with the
 * Leadership: whoever wires leadership calls {@code leading}/{@code following} on it.
 */
@AutoConfiguration(afterName = "io.baton.state.PoolCatalogAutoConfiguration")
@ConditionalOnProperty(prefix = "baton.command", name = "enabled", havingValue = "true", matchIfMissing = true)
public class CommandActuatorAutoConfiguration {

    /** The command actuator over the catalog's pools whose {@code actuator} is {@code command}, following the catalog's changes. */
    @Bean(destroyMethod = "close")
    public CommandActuator commandActuator(PoolCatalog catalog, ObjectProvider<LifecycleListener> listeners,
                                           ObjectProvider<SharedState> sharedState, ObjectProvider<Leadership> leadership) {
        Function<String, CommandSettings> settings = name -> catalog.find(name).filter(p -> p.has("command"))
                .map(p -> PoolSections.bind(p, "command", CommandSection.class, CommandSection::toSettings)).orElse(null);
        for (PoolSpec p : catalog.pools()) {
            List<String> problems = problems(p);
            if (!problems.isEmpty()) throw new IllegalArgumentException("pool " + p.name() + ": " + String.join("; ", problems));
        }
        Leadership lead = leadership.getIfAvailable();
        LongSupplier epoch = lead == null ? () -> 1 : lead::epoch;
        CommandActuator[] made = new CommandActuator[1];
        List<Pool> pools = PoolSections.follow(catalog, CommandActuator.TYPE, p -> made[0].configure(p), n -> made[0].forget(n));
        made[0] = new CommandActuator(pools, settings, new LifecyclePublisher(() -> listeners.orderedStream().toList()),
                Clock.systemUTC(), ChildEnvironment.system(), sharedState.getIfAvailable(), epoch);
        return made[0];
    }

    /** Whether a pool's {@code command.*} keys would run. */
    @Bean
    PoolCheck commandPoolCheck() {
        return CommandActuatorAutoConfiguration::problems;
    }

    static List<String> problems(PoolSpec pool) {
        List<String> problems = new ArrayList<>();
        boolean mine = CommandActuator.TYPE.equals(pool.actuator());
        if (mine && !pool.has("command")) {
            problems.add("command: actuator command needs command.provision (or command.webhook-url)");
        } else if (pool.has("command")) {
            PoolSections.bind(pool, "command", CommandSection.class, CommandSection::toSettings, problems);
        }
        return problems;
    }
}
