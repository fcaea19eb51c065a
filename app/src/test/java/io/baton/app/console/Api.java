package io.baton.app.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Baton's REST API over real HTTP, as the tests call it beside the browser. */
final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    Api(String base) {
        this.base = base;
    }

    /** An answer: status, body, and its headers. */
    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        String header(String name) { return headers.firstValue(name).orElse(""); }
        JsonNode json() { return JSON.readTree(body); }
    }

    Answer call(String method, String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers());
    }

    JsonNode get(String path, String token) throws IOException, InterruptedException {
        Answer a = call("GET", path, token, null);
        if (a.status() != 200) throw new AssertionError("GET " + path + ": " + a.status() + " " + a.body());
        return a.json();
    }
}
