package io.baton.app.bench.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP relay in front of influxd that counts, at the wire, every point of measurement {@code outage} that
 * InfluxDB acknowledged (2xx), by its unique integer field {@code seq}: how many distinct, how many more than
 * once. Stopping the relay closes its port (connections refused, as with a stopped influxd); starting it again
 * binds the same port.
 */
final class CountingRelay implements AutoCloseable {
    private final String upstream;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    private final BitSet seen = new BitSet();
    private long duplicates;
    private long stored;
    final AtomicLong writes = new AtomicLong();
    final AtomicLong upstreamFailures = new AtomicLong();
    private HttpServer server;

    CountingRelay(String upstream, int port) {
        this.upstream = upstream;
        this.port = port;
    }

    String url() { return "http://127.0.0.1:" + port; }

    synchronized void start() throws IOException {
        if (server != null) return;
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
                break;
            } catch (IOException e) {
                last = e;
                BatonProcess.sleep(100);
            }
        }
        if (server == null) throw last;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    synchronized void stop() {
        if (server == null) return;
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        server = null;
    }

    @Override public void close() { stop(); }

    synchronized long distinct() { return stored; }

    synchronized long duplicates() { return duplicates; }

    synchronized BitSet seen() { return (BitSet) seen.clone(); }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI())).timeout(Duration.ofSeconds(30))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null) b.header("Content-Type", type);
            String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
            if (enc != null) b.header("Content-Encoding", enc);
            HttpResponse<byte[]> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                upstreamFailures.incrementAndGet();
                ex.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (ex.getRequestURI().getPath().endsWith("/write") && r.statusCode() / 100 == 2) {
                writes.incrementAndGet();
                count(body);
            }
            r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
            byte[] out = r.body();
            ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private static final byte[] MEASUREMENT = "outage,".getBytes();
    private static final byte[] FIELD = "seq=".getBytes();

    /** Finds {@code seq=<n>i} in each line that starts with {@code outage,}. */
    private void count(byte[] b) {
        int i = 0;
        int n = b.length;
        java.util.List<Long> found = new java.util.ArrayList<>();
        while (i < n) {
            int eol = i;
            while (eol < n && b[eol] != '\n') eol++;
            if (startsWith(b, i, MEASUREMENT)) {
                for (int j = i; j + FIELD.length < eol; j++) {
                    if (b[j] == 's' && startsWith(b, j, FIELD) && (b[j - 1] == ' ' || b[j - 1] == ',')) {
                        long v = 0;
                        int k = j + FIELD.length;
                        while (k < eol && b[k] >= '0' && b[k] <= '9') v = v * 10 + (b[k++] - '0');
                        found.add(v);
                        break;
                    }
                }
            }
            i = eol + 1;
        }
        synchronized (this) {
            for (long v : found) {
                if (seen.get((int) v)) duplicates++;
                else {
                    seen.set((int) v);
                    stored++;
                }
            }
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) return false;
        for (int k = 0; k < prefix.length; k++) if (b[at + k] != prefix[k]) return false;
        return true;
    }
}
