package io.baton.app.bench.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built service jar ({@code app/target/baton.jar}) as a child process: its own working directory (so no
 * {@code config/application.yml} of the repository is picked up), its log in a file, arguments as
 * {@code --key=value}. Started, waited for on {@code /actuator/health}, stopped with SIGTERM or killed with SIGKILL.
 */
final class BatonProcess implements AutoCloseable {
    static final List<BatonProcess> ALL = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Path dir;
    final Path log;
    final int port;
    final List<String> args;
    private Process process;
    private String heap = System.getProperty("faults.baton-heap", "-Xmx768m");

    BatonProcess(Path dir, int port, List<String> args) {
        this.dir = dir;
        this.port = port;
        this.args = List.copyOf(args);
        this.log = dir.resolve("baton.log");
        ALL.add(this);
    }

    /** The child's heap flag, e.g. {@code -Xmx1g}. */
    BatonProcess heap(String flag) {
        this.heap = flag;
        return this;
    }

    String base() { return "http://127.0.0.1:" + port; }

    long pid() { return process == null ? -1 : process.pid(); }

    boolean alive() { return process != null && process.isAlive(); }

    /** Starts the jar (appending to the log) and returns without waiting. */
    BatonProcess launch() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(heap);
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-jar");
        cmd.add(FaultHarness.jar().toString());
        cmd.add("--server.port=" + port);
        cmd.add("--server.address=127.0.0.1");
        cmd.addAll(args);
        try {
            Files.createDirectories(dir);
            Files.writeString(log, "==== start " + java.time.Instant.now() + " " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("BATON_") || k.startsWith("SPRING_"));
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Baton", e);
        }
    }

    /** Starts and waits until {@code /actuator/health} answers 200. */
    BatonProcess start() {
        launch();
        awaitUp(Duration.ofSeconds(120));
        return this;
    }

    void awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Baton exited with " + process.exitValue() + " at start; log " + log + ":\n" + tail(40));
            if (Http.call(base(), "GET", "/actuator/health", null, null).status() == 200) return;
            sleep(100);
        }
        throw new IllegalStateException("Baton not up within " + timeout + "; log " + log + ":\n" + tail(40));
    }

    /** {@code kill -9}: no shutdown hook runs. */
    void kill9() {
        if (process == null) return;
        process.destroyForcibly();
        waitGone(10);
    }

    /** SIGTERM and wait (then SIGKILL after 60 s). */
    void stop() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!waitGone(60)) kill9();
    }

    private boolean waitGone(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override public void close() { stop(); }

    /** The last {@code n} lines of the log. */
    String tail(int n) {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the log shows from line {@code from} on: ERROR lines and stack traces (a run of {@code \tat }
     * lines counts once), with the first few of each for the report.
     */
    LogScan scan(int from) {
        List<String> lines = logLines();
        int errors = 0;
        int traces = 0;
        List<String> examples = new ArrayList<>();
        boolean inTrace = false;
        for (int i = from; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains(" ERROR ")) {
                errors++;
                if (examples.size() < 6) examples.add(l.length() > 400 ? l.substring(0, 400) + "..." : l);
            }
            boolean traceLine = l.startsWith("\tat ") || l.startsWith("Caused by:");
            if (traceLine && !inTrace) {
                traces++;
                if (examples.size() < 6) examples.add((i > 0 ? lines.get(i - 1) : "") + " / " + l);
            }
            inTrace = traceLine || (inTrace && l.startsWith("\t..."));
        }
        return new LogScan(lines.size(), errors, traces, examples);
    }

    record LogScan(int lines, int errors, int traces, List<String> examples) { }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
