package io.baton.actuators.local;

import io.baton.actuators.env.ChildEnvironment;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, probes, drains and finds node processes. A node's command line carries
 * {@code --owner <data dir> --pool <pool> --id <id>}, which is how a later Baton (or a test) finds
 * the processes that claim to be its nodes, through {@code /proc/<pid>/cmdline}. A claim is only a
 * claim: {@link Adoption} checks the user, the id and the port, and that the process holds the data
 * dir's {@link NodeSecret}, which nodes get in their environment (built from nothing by
 * {@link ChildEnvironment}) and prove on {@code /health}.
 */
final class NodeProcesses {
    private static final Logger log = LoggerFactory.getLogger(NodeProcesses.class);
    private final Path dataDir;
    private final String owner;
    private final ChildEnvironment childEnv;
    private final int uid;
    private volatile NodeSecret secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    /** Over this JVM's environment and user. */
    NodeProcesses(Path dataDir) {
        this(dataDir, ChildEnvironment.system(), currentUid());
    }

    /**
     * @param childEnv what node JVMs may inherit of the parent's environment
     * @param uid the OS user id whose processes may be adopted (Baton's own)
     */
    NodeProcesses(Path dataDir, ChildEnvironment childEnv, int uid) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.owner = this.dataDir.toString();
        this.childEnv = childEnv;
        this.uid = uid;
    }

    /** The data dir's secret, read (or made) on first use so that an unused actuator writes nothing. */
    NodeSecret secret() {
        NodeSecret s = secret;
        if (s == null) {
            synchronized (this) {
                if (secret == null) secret = NodeSecret.of(dataDir);
                s = secret;
            }
        }
        return s;
    }

    /** The OS user id whose processes may be adopted. */
    int uid() { return uid; }

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
        ProcessBuilder pb = childEnv.applyTo(new ProcessBuilder(cmd), Map.of(NodeServer.SECRET_ENV, secret().value()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(pool, id).toFile()));
        return pb.start().toHandle();
    }

    /** Deletes a node's log once it is TERMINATED (the logs of FAILED nodes are kept for diagnosis). */
    void forgetLog(String pool, String id) {
        try {
            Files.deleteIfExists(logFile(pool, id));
        } catch (IOException | IllegalArgumentException e) {
            // a leftover log is harmless
        }
    }

    /** {@code <data>/nodes/<pool>/<id>.log}; refuses a pool or id that would name a file elsewhere. */
    private Path logFile(String pool, String id) {
        if (!Adoption.validId(pool) || !Adoption.validId(id)) throw new IllegalArgumentException("not a node id: " + pool + "/" + id);
        Path dir = dataDir.resolve("nodes").resolve(pool);
        Path file = dir.resolve(id + ".log").normalize();
        if (!file.getParent().equals(dir)) throw new IllegalArgumentException("not a node id: " + id);
        return file;
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

    /**
     * True when the node answers {@code /health?nonce=N} with 200 within a short bound, and with the
     * proof of this data dir's secret for a fresh nonce: a process that merely listens there, or a
     * node of another data dir, is not healthy.
     */
    boolean healthy(String address) {
        String nonce = NodeSecret.nonce();
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + address + "/health?nonce=" + nonce))
                    .timeout(Duration.ofMillis(500)).GET().build();
            HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
            return resp.statusCode() == 200 && secret().proves(nonce, resp.headers().firstValue(NodeServer.PROOF_HEADER).orElse(null));
        } catch (IOException | IllegalArgumentException e) {
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

    private boolean isOurs(List<String> args) {
        return args.contains(NodeServer.class.getName()) && owner.equals(argOf(args, "--owner"));
    }

    /**
     * Every live process whose command line claims to be a node of this data dir, checked or not. A
     * process that vanishes or cannot be read while scanning is left out; nothing here throws.
     */
    Map<Long, NodeProcess> scan() {
        Map<Long, NodeProcess> found = new LinkedHashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> !n.isEmpty() && n.length() < 19 && n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        long pid = Long.parseLong(n);
                        cmdline(pid).filter(this::isOurs).ifPresent(args -> found.put(pid,
                                new NodeProcess(pid, argOf(args, "--pool"), argOf(args, "--id"), argOf(args, "--port"))));
                    });
        } catch (IOException | RuntimeException e) {
            log.warn("cannot list /proc: {}", e.toString());
        }
        return found;
    }

    /** The real user id of a process from {@code /proc/<pid>/status}, or -1 when it cannot be read. */
    static int uidOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static int currentUid() {
        int uid = uidOf(ProcessHandle.current().pid());
        if (uid < 0) throw new IllegalStateException("cannot read this process's user id from /proc/self/status");
        return uid;
    }

    /**
     * Whether process {@code pid} was started with this data dir's secret in its environment
     * ({@code /proc/<pid>/environ}, which only its own user and root can read).
     */
    boolean holdsSecret(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
            String prefix = NodeServer.SECRET_ENV + "=";
            for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(prefix)) return secret().is(entry.substring(prefix.length()));
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String argOf(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : "";
    }
}
