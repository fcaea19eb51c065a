package io.baton.testkit.influx;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real InfluxDB 1.x server for the tests of one class. Register it as
 * {@code @RegisterExtension static InfluxServer influx = InfluxServer.perClass();} (or use
 * {@link InfluxExtension} to receive it as a parameter).
 *
 * <p>Where Docker runs, the server is Testcontainers' InfluxDB container; otherwise Debian's {@code influxd}
 * on random free ports with its own temp dirs. Force one with {@code -Dbaton.test.influx=local|docker} (or the
 * env var {@code BATON_TEST_INFLUX}). The server starts before the first test that needs it (availability is
 * checked in {@code @BeforeEach}), is started again before each test if a test left it stopped, and is
 * removed after the class.
 */
public final class InfluxServer implements BeforeEachCallback, AfterAllCallback, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InfluxServer.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile Boolean dockerAvailable;

    private InfluxBackend backend;
    private boolean running;

    private InfluxServer() { }

    /** A server shared by the tests of one class; register it in a static field. */
    public static InfluxServer perClass() {
        return new InfluxServer();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}; the same after {@link #stop()} and {@link #start()}. */
    public synchronized String url() {
        if (backend == null) start();
        return backend.url();
    }

    /** Starts the server, or starts it again on the same port with the same data after {@link #stop()}. */
    public synchronized void start() {
        if (running) return;
        if (backend == null) backend = chooseBackend();
        try {
            backend.start();
        } catch (RuntimeException e) {
            java.nio.file.Path influxd = LocalInfluxd.findBinary();
            if (!(backend instanceof DockerInflux) || influxd == null) throw e;
            log.warn("InfluxDB container did not start ({}), falling back to local {}", e.toString(), influxd);
            backend.close();
            backend = new LocalInfluxd(influxd);
            backend.start();
        }
        running = true;
    }

    /** Stops the server (SIGTERM, waits for the exit); the URL then refuses connections until {@link #start()}. */
    public synchronized void stop() {
        if (backend != null && running) backend.stop();
        running = false;
    }

    /** Whether the server is up (as far as this fixture started or stopped it). */
    public synchronized boolean isRunning() {
        return running;
    }

    /** Creates a database with a name no other test used and returns the name. */
    public String newDatabase() {
        String name = newDatabaseName();
        createDatabase(name);
        return name;
    }

    /** A database name no other test used, without creating the database. */
    public String newDatabaseName() {
        return "t" + DATABASES.incrementAndGet() + "_" + Long.toString(System.nanoTime() & 0xffffffL, 36);
    }

    /** Creates {@code name} (no error when it exists). */
    public void createDatabase(String name) {
        query(null, "CREATE DATABASE \"" + name + "\"");
    }

    /**
     * Runs InfluxQL against {@code db} and returns the rows: one map per row with the columns (time as epoch
     * millis), the series' GROUP BY tags and {@code _series}, the measurement name. Errors throw.
     */
    public List<Map<String, Object>> query(String db, String influxql) {
        return InfluxHttp.query(url(), db, influxql);
    }

    /** The first numeric non-time value of the first row of an aggregate query such as {@code SELECT count(value) ...}; 0 when no rows. */
    public long count(String db, String influxql) {
        List<Map<String, Object>> rows = query(db, influxql);
        if (rows.isEmpty()) return 0;
        for (Map.Entry<String, Object> e : rows.get(0).entrySet()) {
            if (!e.getKey().equals("time") && e.getValue() instanceof Number n) return n.longValue();
        }
        throw new IllegalStateException("no numeric column in " + rows.get(0) + " for " + influxql);
    }

    /** Writes line protocol (lines joined by newlines) with precision {@code ms}. */
    public void write(String db, String... lines) {
        writeWithPrecision(db, "ms", lines);
    }

    /** Writes line protocol with the given precision: ns, u, ms, s, m or h. */
    public void writeWithPrecision(String db, String precision, String... lines) {
        InfluxHttp.write(url(), db, precision, String.join("\n", lines));
    }

    /** Which server runs: {@code influxd ...} or {@code docker ...}. */
    @Override
    public synchronized String toString() {
        return backend == null ? "InfluxServer (not started)" : backend.toString();
    }

    /** Stops the server for good and deletes its data. */
    @Override
    public synchronized void close() {
        if (backend != null) backend.close();
        backend = null;
        running = false;
    }

    private static InfluxBackend chooseBackend() {
        String mode = System.getProperty("baton.test.influx", System.getenv().getOrDefault("BATON_TEST_INFLUX", "auto"))
                .toLowerCase(Locale.ROOT);
        java.nio.file.Path influxd = LocalInfluxd.findBinary();
        if (!mode.equals("local") && dockerAvailable()) {
            return new DockerInflux();
        }
        if (mode.equals("docker")) {
            throw new IllegalStateException("baton.test.influx=docker but Docker is not available");
        }
        if (influxd == null) {
            throw new IllegalStateException("Tests need InfluxDB 1.x: Docker is not available and influxd is not installed; "
                    + LocalInfluxd.INSTALL_HINT);
        }
        log.debug("Docker not available, using local {}", influxd);
        return new LocalInfluxd(influxd);
    }

    private static boolean dockerAvailable() {
        Boolean known = dockerAvailable;
        if (known == null) {
            try {
                known = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                known = false;
            }
            dockerAvailable = known;
        }
        return known;
    }
}
