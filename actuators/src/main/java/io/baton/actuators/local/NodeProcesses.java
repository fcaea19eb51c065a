package io.baton.actuators.local;

import io.baton.actuators.node.NodeServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts, probes, drains and finds node processes. A node's command line carries
 * {@code --owner <data dir> --pool <pool> --id <id>}, which is how a later Baton (or a test) tells its
 * own node processes apart from every other process, through {@code /proc/<pid>/cmdline}.
 */
final class NodeProcesses {
    private final Path dataDir;
    private final String owner;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    NodeProcesses(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.owner = this.dataDir.toString();
    }

    /** Starts a node process on {@code port}; its output goes to {@code <data>/nodes/<pool>/<id>.log}. */
    ProcessHandle launch(String pool, String id, int port, int cores, List<String> jvmOptions) throws IOException {
        Path logs = dataDir.resolve("nodes").resolve(pool);
        Files.createDirectories(logs);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(NodeClasspath.resolve());
        cmd.add(NodeServer.class.getName());
        cmd.addAll(List.of("--port", String.valueOf(port), "--id", id, "--pool", pool,
                "--cores", String.valueOf(cores), "--owner", owner));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(id + ".log").toFile()));
        return pb.start().toHandle();
    }

    /** Deletes a node's log once it is TERMINATED (the logs of FAILED nodes are kept for diagnosis). */
    void forgetLog(String pool, String id) {
        try {
            Files.deleteIfExists(dataDir.resolve("nodes").resolve(pool).resolve(id + ".log"));
        } catch (IOException e) {
            // a leftover log is harmless
        }
    }

    /** Whether {@code 127.0.0.1:port} can be bound now. */
    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the node answers {@code /health} with 200 within a short bound. */
    boolean healthy(String address) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + address + "/health"))
                    .timeout(Duration.ofMillis(500)).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the node to refuse new work; returns its in-flight count, or -1 when it does not answer. */
    int drain(String address) {
        return inflight(address, HttpRequest.newBuilder(URI.create("http://" + address + "/drain"))
                .timeout(Duration.ofSeconds(1)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The node's in-flight count from {@code /health}, or -1 when it does not answer. */
    int inflight(String address) {
        return inflight(address, HttpRequest.newBuilder(URI.create("http://" + address + "/health"))
                .timeout(Duration.ofSeconds(1)).GET().build());
    }

    private int inflight(String address, HttpRequest req) {
        try {
            String body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
            int i = body.indexOf("\"inflight\":");
            if (i < 0) return -1;
            int j = i + 11;
            int k = j;
            while (k < body.length() && Character.isDigit(body.charAt(k))) k++;
            return Integer.parseInt(body.substring(j, k));
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The arguments of a live process, or empty when it is gone or unreadable. */
    static Optional<List<String>> cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
            if (raw.length == 0) return Optional.empty();
            String s = new String(raw, StandardCharsets.UTF_8);
            return Optional.of(List.of(s.split("\0")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code pid} is our node process {@code id} of {@code pool} (and not a reused pid). */
    boolean isOurNode(long pid, String pool, String id) {
        return pid > 0 && cmdline(pid).map(args -> isOurs(args) && id.equals(argOf(args, "--id"))
                && pool.equals(argOf(args, "--pool"))).orElse(false);
    }

    private boolean isOurs(List<String> args) {
        return args.contains(NodeServer.class.getName()) && owner.equals(argOf(args, "--owner"));
    }

    /** Every live node process of this data dir: pid → {pool, id, port}. */
    Map<Long, String[]> scan() {
        Map<Long, String[]> found = new LinkedHashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
                long pid = Long.parseLong(n);
                cmdline(pid).filter(this::isOurs).ifPresent(args -> found.put(pid, new String[] {
                        argOf(args, "--pool"), argOf(args, "--id"), argOf(args, "--port")}));
            });
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private static String argOf(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : "";
    }
}
