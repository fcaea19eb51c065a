package io.baton.app.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A throw-away local InfluxDB 1.x ({@code influxd}) on free ports, with its data under a directory of its own. */
final class InfluxProcess implements AutoCloseable {
    private final Process process;
    private final int httpPort;

    private InfluxProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * Starts {@code influxd} through {@code script} (the repository's {@code bench/influxd-throwaway.sh}, which writes
     * the config under {@code dir} and becomes influxd) and waits until /ping answers.
     */
    static InfluxProcess start(Path script, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int http = freePort();
        int rpc = freePort();
        Process p = new ProcessBuilder(script.toString(), dir.toString(), String.valueOf(http), String.valueOf(rpc))
                .redirectErrorStream(true).redirectOutput(dir.resolve("influxd.log").toFile()).start();
        InfluxProcess influx = new InfluxProcess(p, http);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int i = 0; i < 200; i++) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(influx.url() + "/ping")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 204) return influx;
            } catch (IOException e) {
                if (!p.isAlive()) throw new IOException("influxd exited at start; see " + dir.resolve("influxd.log"));
            }
            Thread.sleep(50);
        }
        influx.close();
        throw new IOException("influxd did not answer /ping within 10 s; see " + dir.resolve("influxd.log"));
    }

    String url() { return "http://127.0.0.1:" + httpPort; }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
