package io.baton.testkit.influx;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls an InfluxDB's {@code /ping} until it answers 204. */
final class Ping {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private Ping() { }

    /** Whether {@code url}/ping answers 204 right now. */
    static boolean ok(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/ping")).timeout(Duration.ofSeconds(1)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until /ping answers 204. Gives up when {@code alive} turns false (the server died) or after
     * {@code timeout}; {@code why} describes the failure for the exception.
     */
    static void await(String url, Duration timeout, BooleanSupplier alive, java.util.function.Supplier<String> why) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ok(url)) return;
            if (!alive.getAsBoolean()) throw new IllegalStateException("InfluxDB exited before answering " + url + "/ping: " + why.get());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + url, e);
            }
        }
        throw new IllegalStateException("InfluxDB did not answer " + url + "/ping within " + timeout + ": " + why.get());
    }
}
