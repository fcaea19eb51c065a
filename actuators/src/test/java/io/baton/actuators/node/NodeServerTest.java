package io.baton.actuators.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The node service as a real process: its endpoints, its metrics, and that it starts from copied class files alone. */
class NodeServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> started = new ArrayList<>();

    @AfterEach void stop() {
        for (Process p : started) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }

    private int start(String classpath) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath, NodeServer.class.getName(), "--port", String.valueOf(port), "--id", "n1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (get(port, "/health").statusCode() == 200) return port;
            } catch (java.io.IOException e) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("node did not start");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/work?ms=50,   200, node=n1",
            "/work?ms=abc,  400, whole number",
            "/health,       200, \"status\":\"UP\"",
            "/drain,        405, POST only"})
    void endpointsAnswer(String path, int status, String body) throws Exception {
        int port = start(System.getProperty("java.class.path"));
        HttpResponse<String> r = get(port, path);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).contains(body);
    }

    @Test void metricsCountWorkAndCpuAndDrainRefusesNewWork() throws Exception {
        int port = start(System.getProperty("java.class.path"));
        assertThat(get(port, "/work?ms=200").statusCode()).isEqualTo(200);
        String metrics = get(port, "/metrics").body();
        assertThat(metrics).contains("requests_total 1", "requests_in_flight 0", "# TYPE cpu_seconds_total counter", "mem_bytes ");
        double p95 = Double.parseDouble(metrics.lines().filter(l -> l.startsWith("latency_p95 ")).findFirst().orElseThrow().substring(12));
        assertThat(p95).isGreaterThanOrEqualTo(190);
        double cpuSeconds = Double.parseDouble(metrics.lines().filter(l -> l.startsWith("cpu_seconds_total ")).findFirst().orElseThrow().substring(18));
        assertThat(cpuSeconds).isGreaterThanOrEqualTo(0.2);

        HttpResponse<String> drained = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/drain"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(drained.body()).isEqualTo("{\"inflight\":0}");
        assertThat(get(port, "/work?ms=1").statusCode()).isEqualTo(503);
    }

    @Test void startsFromItsOwnClassFilesCopiedOutOfAnyJar(@TempDir Path dir) throws Exception {
        io.baton.actuators.local.NodeClasspathAccess.extract(dir);
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
                    .containsExactly("io/baton/actuators/node/NodeServer.class");
        }
        int port = start(dir.toString());
        assertThat(get(port, "/work?ms=1").body()).contains("node=n1");

        String shared = io.baton.actuators.local.NodeClasspathAccess.shared();
        assertThat(io.baton.actuators.local.NodeClasspathAccess.shared()).as("extracted once, then reused").isEqualTo(shared);
        assertThat(Path.of(shared).getFileName().toString()).matches("baton-node-classes-[0-9a-f]{16}");
        assertThat(Path.of(shared, "io/baton/actuators/node/NodeServer.class")).isRegularFile();
    }
}
