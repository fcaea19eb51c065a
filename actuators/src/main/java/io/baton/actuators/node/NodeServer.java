package io.baton.actuators.node;

import io.baton.engine.schema.Measurements;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The small HTTP service a local node runs: one OS process per node, JDK only (no dependency), so it
 * starts in a fraction of a second with a tiny heap. Endpoints:
 * {@code /health}, {@code /metrics} (Prometheus text), {@code /work?ms=N} (burns N ms of CPU) and
 * {@code POST /drain} (refuse new work, report what is in flight).
 *
 * <p>Arguments: {@code --port N --id ID [--pool P] [--cores C] [--owner DIR]}. The owner and pool only
 * mark the process so that Baton can recognise its own nodes in {@code /proc/<pid>/cmdline}.
 *
 * <p>Proof of ownership: Baton starts its nodes with {@value #SECRET_ENV} in the environment (the
 * text of its data dir's secret file). {@code GET /health?nonce=N} then answers, in the header
 * {@value #PROOF_HEADER}, the hex HMAC-SHA256 of the nonce keyed with that secret ({@link #proof}).
 * A look-alike process that does not know the secret cannot answer it, so Baton never adopts it.
 */
public final class NodeServer {
    /** The environment variable that carries the data dir's secret. */
    public static final String SECRET_ENV = "BATON_NODE_SECRET";
    /** The response header of {@code /health} that carries the proof. */
    public static final String PROOF_HEADER = "X-Baton-Proof";
    private static final int MAX_NONCE = 128;
    private static final int WINDOW = 512;
    private static final long WINDOW_MS = 60_000;

    private final String id;
    private final int cores;
    private final String secret;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final long[] latencies = new long[WINDOW];
    private final long[] stamps = new long[WINDOW];
    private int next;
    private long lastCpuNs;
    private long lastWallNs;
    private volatile double cpuPercent;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private NodeServer(String id, int cores, String secret) {
        this.id = id;
        this.secret = secret == null || secret.isEmpty() ? null : secret;
        this.cores = Math.max(1, cores);
        this.lastCpuNs = processCpuNs();
        this.lastWallNs = System.nanoTime();
    }

    /** Starts the node; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(arg(args, "--port", "0"));
        String id = arg(args, "--id", "node");
        int cores = Integer.parseInt(arg(args, "--cores", "1"));
        NodeServer node = new NodeServer(id, cores, System.getenv(SECRET_ENV));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/health", node::health);
        server.createContext("/metrics", node::metrics);
        server.createContext("/work", node::work);
        server.createContext("/drain", node::drain);
        server.setExecutor(Executors.newFixedThreadPool(16));
        Thread sampler = new Thread(node::sampleLoop, "cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        server.start();
        System.out.println("node " + id + " listening on 127.0.0.1:" + server.getAddress().getPort());
    }

    static String arg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }

    /**
     * The proof for {@code nonce}: lower-case hex of HMAC-SHA256 over the nonce's UTF-8 bytes, keyed
     * with the secret's UTF-8 bytes. Baton computes the same to check a node's answer.
     */
    public static String proof(String secret, String nonce) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(nonce.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether a nonce is one the node answers: 1 to 128 letters, digits or dashes. */
    static boolean validNonce(String nonce) {
        return nonce != null && !nonce.isEmpty() && nonce.length() <= MAX_NONCE
                && nonce.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-'));
    }

    private void health(HttpExchange ex) throws IOException {
        String nonce = query(ex.getRequestURI(), "nonce", null);
        if (secret != null && validNonce(nonce)) ex.getResponseHeaders().set(PROOF_HEADER, proof(secret, nonce));
        String state = draining.get() ? "DRAINING" : "UP";
        reply(ex, 200, "application/json", "{\"status\":\"" + state + "\",\"id\":\"" + id + "\",\"inflight\":"
                + inFlight.get() + ",\"pid\":" + ProcessHandle.current().pid() + "}");
    }

    private void drain(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            reply(ex, 405, "text/plain", "POST only\n");
            return;
        }
        draining.set(true);
        reply(ex, 200, "application/json", "{\"inflight\":" + inFlight.get() + "}");
    }

    private void work(HttpExchange ex) throws IOException {
        if (draining.get()) {
            reply(ex, 503, "text/plain", "draining\n");
            return;
        }
        long ms;
        try {
            ms = Math.min(10_000, Math.max(0, Long.parseLong(query(ex.getRequestURI(), "ms", "10"))));
        } catch (NumberFormatException e) {
            reply(ex, 400, "text/plain", "ms must be a whole number of milliseconds\n");
            return;
        }
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        try {
            long x = burn(ms);
            long took = (System.nanoTime() - start) / 1_000_000;
            record(took);
            total.incrementAndGet();
            reply(ex, 200, "text/plain", "node=" + id + " ms=" + took + " x=" + (x & 0xff) + "\n");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Spins until this thread has used {@code ms} of CPU time (wall time bounds it at 20x). */
    private long burn(long ms) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallEnd = System.nanoTime() + ms * 20_000_000L;
        long target = ms * 1_000_000L;
        long x = 17;
        while (threads.getCurrentThreadCpuTime() - cpuStart < target && System.nanoTime() < wallEnd) {
            for (int i = 0; i < 20_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    private synchronized void record(long ms) {
        latencies[next] = ms;
        stamps[next] = System.currentTimeMillis();
        next = (next + 1) % WINDOW;
    }

    synchronized double p95() {
        long cutoff = System.currentTimeMillis() - WINDOW_MS;
        long[] recent = new long[WINDOW];
        int n = 0;
        for (int i = 0; i < WINDOW; i++) if (stamps[i] >= cutoff && stamps[i] > 0) recent[n++] = latencies[i];
        if (n == 0) return 0;
        Arrays.sort(recent, 0, n);
        return recent[(int) Math.ceil(0.95 * n) - 1];
    }

    private void sampleLoop() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long cpu = processCpuNs();
            long wall = System.nanoTime();
            double pct = 100.0 * (cpu - lastCpuNs) / Math.max(1, (wall - lastWallNs) * cores);
            cpuPercent = Math.min(100.0, Math.max(0.0, pct));
            lastCpuNs = cpu;
            lastWallNs = wall;
        }
    }

    private static long processCpuNs() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return 0;
    }

    private static long rssBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(statm[1]) * 4096L;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        }
    }

    private void metrics(HttpExchange ex) throws IOException {
        String body = promText(Measurements.CPU, "gauge", fmt(cpuPercent))
                + promText(Measurements.CPU_SECONDS_TOTAL, "counter", fmt(processCpuNs() / 1e9))
                + promText(Measurements.LATENCY_P95, "gauge", fmt(p95()))
                + promText(Measurements.REQUESTS_IN_FLIGHT, "gauge", Long.toString(inFlight.get()))
                + promText(Measurements.REQUESTS_TOTAL, "counter", Long.toString(total.get()))
                + promText(Measurements.MEM_BYTES, "gauge", Long.toString(rssBytes()));
        reply(ex, 200, "text/plain; version=0.0.4", body);
    }

    private static String promText(String name, String type, String value) {
        return "# TYPE " + name + " " + type + "\n" + name + " " + value + "\n";
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    static String query(URI uri, String key, String fallback) {
        String q = uri.getRawQuery();
        if (q == null) return fallback;
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(key)) return part.substring(eq + 1);
        }
        return fallback;
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
