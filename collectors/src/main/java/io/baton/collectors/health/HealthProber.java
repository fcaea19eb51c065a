package io.baton.collectors.health;

import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.model.NodeHealth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Probes a node with an HTTP GET: a 2xx answer within the timeout is up, anything else (refused, error status,
 * too slow) is down. Each result, with its latency, goes to every metric sink and back to the caller.
 */
public final class HealthProber {
    private final SinkFanout fanout;
    private final String path;
    private final Duration timeout;
    private final LongSupplier clockMs;
    private final HttpClient http;

    public HealthProber(SinkFanout fanout, String path, Duration timeout, LongSupplier clockMs) {
        this.fanout = fanout;
        this.path = path;
        this.timeout = timeout;
        this.clockMs = clockMs;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Probes {@code address} ({@code host:port}, probed at the configured path, or a full http URL). */
    public NodeHealth probe(String pool, String node, String address) {
        long now = clockMs.getAsLong();
        long start = System.nanoTime();
        boolean up;
        try {
            URI uri = URI.create(address.startsWith("http://") || address.startsWith("https://") ? address : "http://" + address + path);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            HttpResponse<Void> response = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            up = response.statusCode() >= 200 && response.statusCode() < 300;
        } catch (TimeoutException | ExecutionException | IllegalArgumentException e) {
            up = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            up = false;
        }
        NodeHealth health = new NodeHealth(pool, node, up, (System.nanoTime() - start) / 1e6, now);
        fanout.health(health);
        return health;
    }

    /** Probes a target. */
    public NodeHealth probe(HealthTarget target) {
        return probe(target.pool(), target.node(), target.address());
    }
}
