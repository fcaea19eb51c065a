package io.baton.app.engine;

import io.baton.app.config.BatonProperties;
import io.baton.engine.catalog.PoolCatalog;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.SharedState;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleCompiler;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The engine, its policies and its journal. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    DecisionJournal decisionJournal(BatonProperties props, ObjectProvider<io.baton.state.JournalStore> store) {
        DecisionJournal journal = new DecisionJournal(props.engine().journalCapacity());
        store.ifAvailable(journal::addListener);
        return journal;
    }

    @Bean
    PolicyManager policyManager(BatonProperties props) {
        return new PolicyManager(Path.of(props.rules().dir()), new RuleCompiler(props.rules().mode()));
    }

    @Bean
    EngineService engineService(BatonProperties props, PoolCatalog catalog, PolicyManager policies, DecisionJournal journal,
                                ObjectProvider<Actuator> actuators, ObjectProvider<Leadership> leadership, ObjectProvider<SharedState> shared,
                                Environment env) {
        return new EngineService(props, catalog, policies, journal, actuators.orderedStream().toList(),
                leadership.getIfAvailable(() -> Leadership.single("local")), shared.getIfAvailable(), CustomerBudgets.of(props, env));
    }
}
