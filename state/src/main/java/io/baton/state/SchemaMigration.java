package io.baton.state;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs Flyway, refusing a database whose schema is newer than this code (a rolled-back deploy must not
 * write into a schema it does not know). When the database is unreachable at start, the migration is
 * left to the election loop, which retries it before anything else, so the replica starts, reports
 * not ready, and never acts on an unmigrated schema.
 */
public final class SchemaMigration implements FlywayMigrationStrategy {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);
    private volatile Flyway flyway;
    private volatile boolean done;

    @Override public void migrate(Flyway flyway) {
        this.flyway = flyway;
        try {
            ensure();
        } catch (NewerSchemaException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("schema: the database is unreachable at start ({}); migrating once it answers", e.getMessage());
        }
    }

    /** Migrates now unless done; throws when the database is unreachable or its schema is newer. */
    synchronized void ensure() {
        if (done || flyway == null) return;
        MigrationInfo[] all = flyway.info().all();
        MigrationVersion known = Arrays.stream(all).filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion).filter(v -> v != null).max(MigrationVersion::compareTo).orElse(MigrationVersion.EMPTY);
        MigrationVersion applied = Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion).max(MigrationVersion::compareTo).orElse(null);
        if (applied != null) {
            throw new NewerSchemaException("the database schema is at version " + applied + ", newer than this Baton's schema version " + known
                    + " (a rolled-back deploy?): refusing to start; run a Baton that knows schema version " + applied);
        }
        flyway.migrate();
        done = true;
    }

    /** Whether the schema is in place (ready for the lease and the stores). */
    boolean done() { return done || flyway == null; }

    /** The database's schema is newer than the code. */
    public static final class NewerSchemaException extends IllegalStateException {
        NewerSchemaException(String message) { super(message); }
    }
}
