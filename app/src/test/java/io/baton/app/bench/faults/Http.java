package io.baton.app.bench.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for the harness: one call, its status and body, no exception for a status. */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    record Answer(int status, String body) {
        boolean ok() { return status / 100 == 2; }
    }

    private Http() { }

    /** {@code method base+path} with an optional bearer token (null for none) and body (null for none). */
    static Answer call(String base, String method, String path, String token, String body) {
        return call(base, method, path, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), body, Duration.ofSeconds(30));
    }

    static Answer call(String base, String method, String path, Map<String, String> headers, String body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) b.header("Content-Type", path.startsWith("/api/rules/") && method.equals("PUT") ? "text/plain" : "application/json");
        return send(b, headers);
    }

    static Answer postBytes(String base, String path, Map<String, String> headers, byte[] body, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    /** Sends {@code b} with {@code headers}; an I/O failure is the answer -1 with the error as its body. */
    private static Answer send(HttpRequest.Builder b, Map<String, String> headers) {
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
