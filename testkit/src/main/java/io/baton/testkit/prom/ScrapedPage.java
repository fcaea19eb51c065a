package io.baton.testkit.prom;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A real Prometheus ({@link PrometheusServer}) that scrapes one fixed page of metrics every second, as job
 * {@code job}, from a small HTTP target on a free loopback port that serves {@code page} at {@code /metrics}.
 */
public final class ScrapedPage implements AutoCloseable {
    private final HttpServer target;
    private final PrometheusServer prometheus;

    private ScrapedPage(HttpServer target, PrometheusServer prometheus) {
        this.target = target;
        this.prometheus = prometheus;
    }

    /**
     * Starts the target and then Prometheus, ready to query once this returns (its first scrape follows within a second).
     *
     * @param honorLabels keep the page's own {@code pool}/{@code node}... labels where they clash with the target's
     */
    public static ScrapedPage start(String job, boolean honorLabels, String page) {
        HttpServer target;
        try {
            target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        target.createContext("/metrics", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        try {
            return new ScrapedPage(target, PrometheusServer.start("""
                    global: {scrape_interval: 1s}
                    scrape_configs:
                      - job_name: %s
                    %s    static_configs: [{targets: ['127.0.0.1:%d']}]
                    """.formatted(job, honorLabels ? "    honor_labels: true\n" : "", target.getAddress().getPort())));
        } catch (RuntimeException e) {
            target.stop(0);
            throw e;
        }
    }

    /** Prometheus's base URL, {@code http://127.0.0.1:<port>}. */
    public String url() { return prometheus.url(); }

    /** Stops Prometheus (removing its temp dir), then the target. */
    @Override public void close() {
        prometheus.close();
        target.stop(0);
    }
}
