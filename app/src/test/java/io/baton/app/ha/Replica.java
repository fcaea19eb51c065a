package io.baton.app.ha;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Baton replica as its own OS process (the test's classpath, {@code io.baton.app.BatonApplication}),
 * so it can be killed with SIGKILL, stopped with SIGTERM, or paused with SIGSTOP like a real one.
 */
final class Replica implements AutoCloseable {
    static final String TOKEN = "ops-secret-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final String id;
    final int port;
    final Path dir;
    final Path log;
    private final List<String> args;
    private Process process;

    /** The answer of one HTTP call: status, body and the Retry-After header (null when absent). */
    record Answer(int status, String body, String retryAfter) { }

    Replica(String id, int port, Path dir, List<String> args) {
        this.id = id;
        this.port = port;
        this.dir = dir;
        this.log = dir.resolve(id + ".log");
        this.args = List.copyOf(args);
    }

    Replica launch() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.baton.app.BatonApplication");
        cmd.add("--server.port=" + port);
        cmd.add("--server.address=127.0.0.1");
        cmd.add("--baton.ha.replica-id=" + id);
        cmd.add("--baton.ha.advertise-url=http://127.0.0.1:" + port);
        cmd.add("--baton.security.ops-token=" + TOKEN);
        cmd.addAll(args);
        try {
            Files.createDirectories(dir);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("BATON_") || k.startsWith("SPRING_"));
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts and waits until its API answers. */
    Replica start() {
        launch();
        return awaitUp();
    }

    /** Waits until the launched process's API answers. */
    Replica awaitUp() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException(id + " exited with " + process.exitValue() + "; log:\n" + tail(40));
            if (get("/actuator/health/liveness").status() == 200) return this;
            sleep(100);
        }
        throw new IllegalStateException(id + " not up within 90 s; log:\n" + tail(40));
    }

    boolean alive() { return process != null && process.isAlive(); }

    long pid() { return process.pid(); }

    Process process() { return process; }

    /** SIGKILL: no shutdown hook, no lease release. */
    void kill9() {
        process.destroyForcibly();
        waitFor(10);
    }

    /** SIGTERM, then wait for the exit. */
    void term() {
        process.destroy();
        if (!waitFor(30)) kill9();
    }

    boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int exitValue() { return process.exitValue(); }

    Answer get(String path) { return call("GET", path, null); }

    Answer post(String path, String json) { return call("POST", path, json); }

    Answer call(String method, String path, String json) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + TOKEN);
            if (json != null) b.header("Content-Type", "application/json");
            b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Answer(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        }
    }

    /** Whether this replica says it leads ({@code GET /api/leader} → {@code "self": true}). */
    boolean leads() {
        Answer a = get("/api/leader");
        return a.status() == 200 && a.body().contains("\"self\":true");
    }

    String tail(int n) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override public void close() {
        if (alive()) kill9();
    }
}
