package io.baton.testkit.pg;

import io.baton.testkit.influx.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server (Debian's package {@code postgresql}, 15 here) in a temp directory of its own:
 * {@code initdb -A trust -U baton}, then {@code pg_ctl start} on a free port below the ephemeral range on
 * 127.0.0.1, with its Unix socket in the temp directory and {@code fsync=off}. PostgreSQL refuses to run as root,
 * so when the JVM is root the server runs as the {@code postgres} user ({@code su postgres -c ...}).
 *
 * <p>Besides {@link #stop()} and {@link #startAgain()} (same data, same port) it can {@link #crash()}
 * ({@code pg_ctl -m immediate stop}, which needs crash recovery on the next start) and {@link #pause()} /
 * {@link #resume()} the postmaster and all its children with SIGSTOP / SIGCONT: a cheap partition, in which
 * connection attempts hang instead of being refused. {@link #close()} stops it and deletes everything.
 *
 * <p>Missing binaries are an error, never a skip: install the Debian package {@code postgresql}.
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser initdb creates; connections need no password ({@code -A trust}). */
    public static final String USER = "baton";
    static final String INSTALL_HINT = "install the Debian package postgresql (apt-get install -y postgresql)";
    private static final String HOST = "127.0.0.1";
    private static final String RUN_AS = "postgres";
    private static final Path VERSIONS = Paths.get("/usr/lib/postgresql");
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY = Duration.ofSeconds(30);

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final boolean asPostgresUser;
    private final Thread reaper;
    private int port;
    private boolean running;
    /** Server settings given at start, as {@code -c name=value} after the defaults (so they win over them). */
    private String settings = "";
    private boolean paused;
    private boolean closed;

    private PostgresServer(Path bin) {
        this.bin = bin;
        this.asPostgresUser = runningAsRoot();
        try {
            this.dir = Files.createTempDirectory("baton-pg-");
            if (asPostgresUser) {
                UserPrincipal postgres;
                try {
                    postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(RUN_AS);
                } catch (IOException e) {
                    throw new IllegalStateException("the JVM runs as root, so PostgreSQL must run as the user '" + RUN_AS
                            + "', which does not exist: " + INSTALL_HINT, e);
                }
                Files.setOwner(dir, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for PostgreSQL", e);
        }
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.reaper = new Thread(this::reap, "postgres-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Makes a new cluster in a temp directory and starts it; returns once it accepts connections.
     *
     * @throws IllegalStateException when PostgreSQL is not installed (the message says which package to install)
     *         or does not start (the message has the end of its log)
     */
    public static PostgresServer start() {
        return start(new String[0]);
    }

    /**
     * {@link #start()} with server settings of the caller's, each {@code name=value} (letters, digits, '_', '.'),
     * which win over the defaults: for example {@code fsync=on} for a benchmark that must pay for its commits.
     */
    public static PostgresServer start(String... settings) {
        StringBuilder extra = new StringBuilder();
        for (String setting : settings) {
            if (!setting.matches("[a-z_]+=[A-Za-z0-9_.]+")) throw new IllegalArgumentException("not a server setting name=value: " + setting);
            extra.append(" -c ").append(setting);
        }
        PostgresServer server = new PostgresServer(requireBinaries(VERSIONS, System.getenv("PATH")));
        server.settings = extra.toString();
        try {
            server.initdb();
            server.firstStart();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** The directory holding initdb and pg_ctl of the highest installed version, or null when there is none. */
    static Path findBinaries() {
        return findBinaries(VERSIONS, System.getenv("PATH"));
    }

    /** {@link #findBinaries(Path, String)}, or an error that says which package to install. */
    static Path requireBinaries(Path versions, String pathEnv) {
        Path bin = findBinaries(versions, pathEnv);
        if (bin == null) {
            throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found under " + versions
                    + "/*/bin or on PATH: " + INSTALL_HINT);
        }
        return bin;
    }

    /** The highest {@code versions/<v>/bin} with initdb and pg_ctl, else the first PATH entry with both, else null. */
    static Path findBinaries(Path versions, String pathEnv) {
        if (Files.isDirectory(versions)) {
            try (Stream<Path> all = Files.list(versions)) {
                Path best = all.map(v -> v.resolve("bin"))
                        .filter(PostgresServer::hasServerBinaries)
                        .max(Comparator.comparing(b -> version(b.getParent().getFileName().toString())))
                        .orElse(null);
                if (best != null) return best;
            } catch (IOException ignored) {
                // fall through to PATH
            }
        }
        if (pathEnv == null) return null;
        for (String entry : pathEnv.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && hasServerBinaries(Paths.get(entry))) return Paths.get(entry);
        }
        return null;
    }

    private static boolean hasServerBinaries(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    /** "15" -> 15000, "9.6" -> 9006; anything else sorts first. */
    private static int version(String name) {
        String[] parts = name.split("\\.");
        try {
            return Integer.parseInt(parts[0]) * 1000 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** JDBC URL of the {@code postgres} database, e.g. {@code jdbc:postgresql://127.0.0.1:23456/postgres?user=baton}. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** JDBC URL of database {@code name} on this server (which need not exist). */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + name + "?user=" + USER;
    }

    /** The TCP port; the same after {@link #stop()}, {@link #crash()} and {@link #startAgain()}. */
    public int port() {
        return port;
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The superuser, {@value #USER}; no password. */
    public String user() {
        return USER;
    }

    /** The server's log file, for diagnostics. */
    public Path log() {
        return log;
    }

    /** Whether the server runs, as far as this fixture started or stopped it (a paused server runs). */
    public synchronized boolean isRunning() {
        return running;
    }

    /** Whether the server is paused by {@link #pause()}. */
    public synchronized boolean isPaused() {
        return paused;
    }

    /** Creates database {@code name} (lower-case letters, digits, underscores) and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name '" + name + "' must match " + DATABASE_NAME.pattern());
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + this + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** Stops the server quickly ({@code pg_ctl -m fast stop}: sessions are ended, the data is checkpointed). */
    public synchronized void stop() {
        if (!running) return;
        resume();
        pgCtl("stop", "-m", "fast", "-t", "60");
        running = false;
    }

    /** Stops the server the way a crash would ({@code pg_ctl -m immediate stop}); the next start does crash recovery. */
    public synchronized void crash() {
        if (!running) return;
        resume();
        pgCtl("stop", "-m", "immediate", "-t", "60");
        running = false;
    }

    /** Starts the server again after {@link #stop()} or {@link #crash()}: the same data directory, the same port. */
    public synchronized void startAgain() {
        checkOpen();
        if (running) return;
        launch();
    }

    /**
     * Freezes the postmaster and every process whose parent it is (SIGSTOP): open connections hang, new ones are
     * accepted by the kernel but never answered. Undo with {@link #resume()}.
     */
    public synchronized void pause() {
        checkOpen();
        if (!running) throw new IllegalStateException("cannot pause " + this + ": it is not running");
        if (paused) return;
        long postmaster = postmasterPid();
        signal("STOP", List.of(postmaster));  // first, so that it forks no child we would miss
        signal("STOP", children(postmaster));
        paused = true;
    }

    /** Lets a paused server go on (SIGCONT to its children, then the postmaster). */
    public synchronized void resume() {
        if (!paused) return;
        long postmaster = postmasterPid();
        signal("CONT", children(postmaster));
        signal("CONT", List.of(postmaster));
        paused = false;
    }

    /** Stops the server (resuming it first if paused) and deletes its temp directory. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        try {
            if (running) {
                try {
                    stop();
                } catch (RuntimeException e) {
                    try {
                        crash();
                    } catch (RuntimeException again) {
                        killNow();
                        throw again;
                    }
                }
            }
        } finally {
            closed = true;
            deleteDir();
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + HOST + ":" + port + " (" + dir + (paused ? ", paused" : running ? "" : ", stopped") + ")";
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException(this + " is closed");
    }

    private void initdb() {
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", USER,
                "-E", "UTF8", "--no-locale", "--no-sync"), Duration.ofSeconds(120), "initdb");
    }

    private void firstStart() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            port = FreePorts.pickBelowEphemeral();
            try {
                launch();
                return;
            } catch (IllegalStateException e) {  // e.g. the port taken by someone else between pick and bind
                last = e;
                if (running) crash();
            }
        }
        throw last;
    }

    private void launch() {
        String options = "-p " + port + " -k " + dir + " -c listen_addresses=" + HOST + " -c fsync=off" + settings;
        pgCtl("start", "-w", "-t", "60", "-l", log.toString(), "-o", options);
        running = true;
        awaitConnections();
    }

    /** pg_ctl -w already waited for the postmaster; this checks what tests will do: a JDBC login and a query. */
    private void awaitConnections() {
        long deadline = System.nanoTime() + READY.toNanos();
        Properties props = new Properties();
        props.setProperty("loginTimeout", "2");
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "5");
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(jdbcUrl(), props); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
                sleep(50);
            }
        }
        throw new IllegalStateException(this + " does not accept connections after " + READY.toSeconds() + " s: "
                + (last == null ? "" : last.getMessage()) + "\n" + tail(log));
    }

    private void pgCtl(String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
        command.addAll(List.of(args));
        run(command, Duration.ofSeconds(90), "pg_ctl " + args[0]);
    }

    /** Runs a PostgreSQL tool, as the postgres user when we are root; throws with its output and the log's end when it fails. */
    private void run(List<String> command, Duration timeout, String what) {
        List<String> argv = asPostgresUser
                ? List.of("su", RUN_AS, "-s", "/bin/sh", "-c", shellJoin(command))
                : command;
        Path out = dir.resolve("tool.out");
        try {
            Files.deleteIfExists(out);
            Process p = new ProcessBuilder(argv)
                    .directory(dir.toFile())  // a working directory the postgres user can enter
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s\n" + read(out) + tail(log));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + ") for " + this + ":\n" + read(out) + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    static String shellJoin(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) sb.append(' ');
            sb.append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    private long postmasterPid() {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) throw new IllegalStateException(pidFile + " is empty");
            return Long.parseLong(lines.get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the postmaster's pid from " + pidFile, e);
        }
    }

    /** All processes whose parent is {@code pid}. */
    private static List<Long> children(long pid) {
        return ProcessHandle.of(pid).map(h -> h.children().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    private static void signal(String sig, List<Long> pids) {
        if (pids.isEmpty()) return;
        List<String> argv = new ArrayList<>(List.of("kill", "-" + sig));
        pids.forEach(pid -> argv.add(Long.toString(pid)));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + sig, e);
        }
    }

    /** The last resort: SIGKILL to the postmaster and its children. */
    private void killNow() {
        try {
            long postmaster = postmasterPid();
            List<Long> all = new ArrayList<>(children(postmaster));
            all.add(postmaster);
            signal("KILL", all);
        } catch (RuntimeException ignored) {
            // nothing left to kill
        }
        running = false;
        paused = false;
    }

    /** At JVM exit, a server a test forgot to close must not outlive it. */
    private void reap() {
        try {
            if (paused) resume();
            if (running) crash();
        } catch (RuntimeException ignored) {
            // best effort
        }
        deleteDir();
    }

    private void deleteDir() {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        try {
            if (!Files.exists(log)) return "(no server log yet)";
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "server log, last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
