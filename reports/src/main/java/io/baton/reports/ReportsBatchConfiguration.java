package io.baton.reports;

import javax.sql.DataSource;
import org.springframework.batch.core.configuration.support.DefaultBatchConfiguration;
import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.support.DatabaseType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Spring Batch's JDBC job repository in place of Boot's: the same beans, but the database's type is read
 * off the JDBC URL rather than asked of the database, so the application starts while its database is
 * down (the repository first connects when a report runs). Its tables come from the schema's Flyway
 * migrations (schema version 2), never from Boot's schema initializer, which this replaces too.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = {BatchJdbcAutoConfiguration.class, BatchAutoConfiguration.class})
@ConditionalOnClass(JobRepository.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnMissingBean(DefaultBatchConfiguration.class)
public class ReportsBatchConfiguration extends JdbcDefaultBatchConfiguration {

    @Override protected String getDatabaseType() throws MetaDataAccessException {
        DatabaseType known = ofUrl(applicationContext.getEnvironment().getProperty("spring.datasource.url", ""));
        return known != null ? known.name() : super.getDatabaseType();
    }

    /** PostgreSQL and H2 by their URL; null for another database (then it is asked). */
    static DatabaseType ofUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) return DatabaseType.POSTGRES;
        if (url.startsWith("jdbc:h2:")) return DatabaseType.H2;
        return null;
    }
}
