package io.baton.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs Flyway, refusing a database whose schema is newer than this code (a rolled-back deploy must not
 * write into a schema it does not know). When the database is unreachable at start, the start goes on:
 * a background thread retries the migration with backoff (250 ms doubling to 5 s) until the database
 * answers, and the election loop tries it too before anything else. Until then the replica reports
 * not ready ({@link #done()} is false) and cannot lead, so it never acts on an unmigrated schema. On
 * PostgreSQL the whole migration runs under an advisory lock of its own, so replicas starting together
 * migrate one after the other: Flyway alone lets a second replica try to baseline the history table the
 * first has just created ("already exists, and is empty").
 */
public final class SchemaMigration implements FlywayMigrationStrategy, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);
    private static final long FIRST_RETRY_MS = 250;
    private static final long MAX_RETRY_MS = 5_000;
    /** The advisory lock's key on PostgreSQL ("baton" in ASCII). */
    private static final long LOCK_KEY = 0x6261746f6eL;
    private volatile Flyway flyway;
    private volatile boolean done;
    private volatile Thread retry;

    @Override public void migrate(Flyway flyway) {
        this.flyway = flyway;
        try {
            ensure();
        } catch (NewerSchemaException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("schema: the database is unreachable at start ({}); starting not ready, migrating once it answers", e.getMessage());
            retryInBackground();
        }
    }

    /** Migrates now unless done; throws when the database is unreachable or its schema is newer. */
    synchronized void ensure() {
        if (done || flyway == null) return;
        DataSource ds = flyway.getConfiguration().getDataSource();
        try (Connection c = ds.getConnection()) {
            boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            if (postgres) advisory(c, "pg_advisory_lock");
            try {
                migrateNow();
            } finally {
                if (postgres) advisory(c, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("schema: " + e.getMessage(), e);
        }
    }

    private static void advisory(Connection c, String function) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT " + function + "(" + LOCK_KEY + ")");
        }
    }

    private void migrateNow() {
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
    public boolean done() { return done || flyway == null; }

    private synchronized void retryInBackground() {
        if (retry != null) return;
        Thread t = new Thread(this::retryUntilMigrated, "schema-migration");
        t.setDaemon(true);
        retry = t;
        t.start();
    }

    private void retryUntilMigrated() {
        long pause = FIRST_RETRY_MS;
        while (!done && retry == Thread.currentThread()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            try {
                ensure();
                log.info("schema: the database answers; schema migrated");
                return;
            } catch (NewerSchemaException e) {
                log.error("schema: {}", e.getMessage()); // the election loop retires this replica on the same error
                return;
            } catch (RuntimeException e) {
                pause = Math.min(pause * 2, MAX_RETRY_MS);
                log.debug("schema: not migrated yet ({}); next try in {} ms", e.getMessage(), pause);
            }
        }
    }

    /** Stops the background retry (at shutdown). */
    @Override public void close() {
        Thread t = retry;
        retry = null;
        if (t != null) t.interrupt();
    }

    /** The database's schema is newer than the code. */
    public static final class NewerSchemaException extends IllegalStateException {
        NewerSchemaException(String message) { super(message); }
    }
}
