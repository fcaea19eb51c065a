package io.baton.actuators.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.baton.actuators.lifecycle.NodeInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The local pools' front: a small load-balancing HTTP proxy on a loopback port. {@code GET /work?...}
 * goes round-robin to a RUNNING node (of pool {@code pool=} when given, else of any local pool) and
 * returns its answer; a node that does not answer is skipped for the next one. {@code GET /nodes}
 * lists the RUNNING nodes as JSON (a registry for load generators and scrapers). Nodes that are
 * REQUESTED, STARTING, DRAINING or gone never get traffic.
 */
public final class Front implements AutoCloseable {
    private final Function<String, List<NodeInfo>> running;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "local-front");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final AtomicLong next = new AtomicLong();

    /**
     * @param port the loopback port, 0 for any free one
     * @param running the RUNNING nodes of a pool (null: of all pools)
     */
    public Front(int port, Function<String, List<NodeInfo>> running) throws IOException {
        this.running = running;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.createContext("/work", this::work);
        server.createContext("/nodes", this::nodes);
        server.setExecutor(executor);
        server.start();
    }

    /** The port it listens on. */
    public int port() { return server.getAddress().getPort(); }

    private void work(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String pool = param(query, "pool");
        List<NodeInfo> nodes = running.apply(pool);
        if (nodes.isEmpty()) {
            reply(ex, 503, "no running node" + (pool == null ? "" : " in pool " + pool) + "\n");
            return;
        }
        int tries = Math.min(3, nodes.size());
        for (int i = 0; i < tries; i++) {
            NodeInfo n = nodes.get((int) Math.floorMod(next.getAndIncrement(), (long) nodes.size()));
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + n.address() + "/work" + (query == null ? "" : "?" + query)))
                        .timeout(Duration.ofSeconds(30)).GET().build();
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == 503 && i + 1 < tries) continue;
                ex.getResponseHeaders().set("X-Baton-Node", n.id());
                reply(ex, resp.statusCode(), resp.body());
                return;
            } catch (IOException e) {
                if (i + 1 == tries) reply(ex, 502, "node " + n.id() + " did not answer: " + e.getMessage() + "\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(ex, 503, "interrupted\n");
                return;
            }
        }
    }

    private void nodes(HttpExchange ex) throws IOException {
        List<NodeInfo> nodes = running.apply(param(ex.getRequestURI().getRawQuery(), "pool"));
        StringBuilder sb = new StringBuilder("[");
        for (NodeInfo n : nodes) {
            if (sb.length() > 1) sb.append(',');
            sb.append("{\"id\":\"").append(n.id()).append("\",\"pool\":\"").append(n.pool())
              .append("\",\"address\":\"").append(n.address()).append("\",\"pid\":").append(n.pid()).append('}');
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        reply(ex, 200, sb.append("]\n").toString());
    }

    static String param(String query, String key) {
        if (query == null) return null;
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(key)) return part.substring(eq + 1);
        }
        return null;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
