package io.baton.state;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The schema of the application's database under Flyway, without leadership (tools such as
 * {@code baton report} use it alone): the shared-state migrations of {@code classpath:db/migration},
 * plus those written for the database's vendor in {@code classpath:db/batch/<vendor>} (the Spring Batch
 * repository, whose DDL differs between PostgreSQL and H2). The vendor is read off the JDBC URL, not
 * from the database (Boot's {@code {vendor}} placeholder would connect at start), so a replica starts
 * while its database is down; {@link SchemaMigration} migrates once it answers.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = FlywayAutoConfiguration.class)
@ConditionalOnClass(Flyway.class)
@ConditionalOnBean(DataSource.class)
public class SchemaAutoConfiguration {
    static final String VENDOR_MIGRATIONS = "classpath:db/batch/";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SchemaMigration batonSchemaMigration() {
        return new SchemaMigration();
    }

    @Bean
    FlywayConfigurationCustomizer batonVendorMigrations(Environment env) {
        Location vendor = new Location(VENDOR_MIGRATIONS + Dialect.ofUrl(env.getProperty("spring.datasource.url", StateAutoConfiguration.EMBEDDED_URL)).vendor());
        return configuration -> {
            List<Location> all = new ArrayList<>(List.of(configuration.getLocations()));
            if (!all.contains(vendor)) all.add(vendor);
            configuration.locations(all.toArray(Location[]::new));
        };
    }
}
