package io.baton.state;

import io.baton.engine.port.Leadership;
import io.baton.engine.port.SharedState;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shared state in the application's database (PostgreSQL for several replicas, H2 embedded for one):
 * the Flyway schema, the leader lease ({@code baton.ha.*}), and the fenced stores built on it.
 * Without {@code baton.ha.enabled} the process leads alone, through the same lease and the same code.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, SchemaAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(HaProperties.class)
public class StateAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(StateAutoConfiguration.class);
    /** The database when none is configured (Boot's embedded default). */
    static final String EMBEDDED_URL = "jdbc:h2:mem:baton";

    @Bean
    StateDatabase batonStateDatabase(DataSource ds, Environment env) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.setQueryTimeout(5);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        tx.setTimeout(5);
        return new StateDatabase(jdbc, tx, Dialect.ofUrl(env.getProperty("spring.datasource.url", EMBEDDED_URL)));
    }

    @Bean
    @DependsOnDatabaseInitialization
    ReplicaRegistry batonReplicaRegistry(StateDatabase db, HaProperties ha, Environment env) {
        String url = ha.advertiseUrl() != null && !ha.advertiseUrl().isBlank() ? ha.advertiseUrl()
                : "http://127.0.0.1:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        ReplicaRegistry r = new ReplicaRegistry(db.jdbc(), db.tx(), db.dialect(), ha.replicaId(), url, ha.lease().toMillis());
        return r;
    }

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    @ConditionalOnProperty(name = "baton.ha.backend", havingValue = "jdbc", matchIfMissing = true)
    JdbcLeadership batonLeadership(StateDatabase db, ReplicaRegistry replicas, SchemaMigration schema, HaProperties ha) {
        if (schema.done()) {
            try {
                replicas.register();
                replicas.registered();
            } catch (ReplicaRegistry.DuplicateReplicaException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("ha: the database is unreachable at start ({}); registering once it answers", e.getMessage());
            }
        }
        JdbcLeadership l = new JdbcLeadership(new LeaseStore(db.jdbc(), db.tx(), db.dialect()), replicas, schema, ha);
        l.start();
        return l;
    }

    /** Stops first when the application shuts down, after only the local nodes' stop (when not under HA): the lease is released before anything else stops, for a quick handover. */
    @Bean
    @ConditionalOnBean(JdbcLeadership.class)
    org.springframework.context.SmartLifecycle batonLeaseRelease(JdbcLeadership leadership) {
        return new org.springframework.context.SmartLifecycle() {
            private volatile boolean running;
            @Override public void start() { running = true; }
            @Override public void stop() { running = false; leadership.close(); }
            @Override public boolean isRunning() { return running; }
            @Override public int getPhase() { return Integer.MAX_VALUE - 1; } // after the local nodes' stop
        };
    }

    @Bean
    Fence batonFence(StateDatabase db, Leadership leadership, ObjectProvider<JdbcLeadership> jdbcLeadership) {
        JdbcLeadership jl = jdbcLeadership.getIfAvailable();
        return new Fence(db.jdbc(), db.tx(), new LeaseStore(db.jdbc(), db.tx(), db.dialect()), leadership,
                (epoch, why) -> { if (jl != null) jl.fenced(epoch, why); });
    }

    /** The kubernetes backend elects through a Lease (see the app's wiring); the lease row follows it, so the fence is the same. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "baton.ha.backend", havingValue = "kubernetes")
    LeaseMirror batonLeaseMirror(StateDatabase db, ReplicaRegistry replicas, Leadership leadership, HaProperties ha) {
        return new LeaseMirror(new LeaseStore(db.jdbc(), db.tx(), db.dialect()), replicas, leadership, ha.lease().toMillis(), ha.renew().toMillis());
    }

    @Bean
    @ConditionalOnMissingBean(SharedState.class)
    SharedState batonSharedState(StateDatabase db, Fence fence) {
        return new JdbcSharedState(db.jdbc(), fence);
    }

    @Bean(destroyMethod = "close")
    JournalStore batonJournalStore(StateDatabase db, Fence fence) {
        return new JournalStore(db.jdbc(), fence);
    }

    @Bean
    RequestQueue batonRequestQueue(StateDatabase db, Fence fence) {
        return new RequestQueue(db.jdbc(), fence, db.dialect());
    }

    @Bean
    ReportRuns batonReportRuns(StateDatabase db, Fence fence) {
        return new ReportRuns(db.jdbc(), fence);
    }

    @Bean
    HaStatus batonHaStatus(StateDatabase db, Leadership leadership, ReplicaRegistry replicas, SchemaMigration schema, HaProperties ha) {
        return new HaStatus(new LeaseStore(db.jdbc(), db.tx(), db.dialect()), leadership, replicas, schema, ha);
    }
}
