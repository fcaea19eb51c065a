package io.baton.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Baton's REST API as the client commands use it: one call, one answer. The JDK's
 * {@link HttpURLConnection} keeps the start fast. A server that cannot be reached, and any answer that
 * is not a success, become a {@link CliException} with the exit code that says why.
 */
final class Api {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A follower waits up to 10 s for the leader to decide a planned request, then answers 503. */
    private static final int READ_TIMEOUT_MS = 30_000;

    private final String server;
    private final String token;

    /** One answer: its HTTP status and body. */
    record Answer(int status, String body) {
        boolean ok() { return status >= 200 && status < 300; }
    }

    private Api(String server, String token) {
        this.server = server;
        this.token = token;
    }

    /** The server from {@code --server} or {@code BATON_URL}, the token from {@code --token} or {@code BATON_TOKEN}. */
    static Api of(Args args, Map<String, String> env) {
        String server = args.value("server", env.getOrDefault("BATON_URL", ""));
        if (server.isBlank()) server = DEFAULT_SERVER;
        String token = args.value("token", env.getOrDefault("BATON_TOKEN", ""));
        return new Api(checkServer(server.trim()), token.trim());
    }

    private static String checkServer(String server) {
        try {
            URI u = new URI(server);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw CliException.usage("--server must be an http:// or https:// URL with a host, not '" + server + "'");
            }
        } catch (URISyntaxException e) {
            throw CliException.usage("--server is not a URL: '" + server + "' (" + e.getReason() + ")");
        }
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    String server() { return server; }

    /** A path segment or query value, percent-encoded. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET {@code path}; a non-success answer throws. */
    Answer get(String path) {
        return checked(call("GET", path, null));
    }

    /** POST {@code json} to {@code path}; a non-success answer throws. */
    Answer post(String path, String json) {
        return checked(call("POST", path, json));
    }

    private Answer call(String method, String path, String json) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) new URL(server + path).openConnection();
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            c.setRequestMethod(method);
            c.setRequestProperty("Accept", "application/json");
            if (!token.isEmpty()) c.setRequestProperty("Authorization", "Bearer " + token);
            if (json != null) {
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream o = c.getOutputStream()) {
                    o.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            return new Answer(status, in == null ? "" : read(in));
        } catch (MalformedURLException e) {
            throw CliException.usage("bad URL " + server + path + ": " + e.getMessage());
        } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
            throw new CliException(Exit.UNREACHABLE, "cannot reach the Baton server at " + server + " (" + e.getMessage()
                    + "); is it running? Set --server or BATON_URL");
        } catch (SocketTimeoutException e) {
            throw new CliException(Exit.UNREACHABLE, "the Baton server at " + server + " did not answer " + method + " " + path
                    + " in time (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new CliException(Exit.UNREACHABLE, "cannot talk to the Baton server at " + server + ": " + e);
        } finally {
            if (c != null) c.disconnect();
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    private Answer checked(Answer a) {
        if (a.ok()) return a;
        String msg = message(a);
        CliException e = switch (a.status()) {
            case 400, 404, 405, 422 -> new CliException(Exit.USAGE, msg);
            case 401 -> new CliException(Exit.UNAUTHORIZED, "unauthorized: " + msg
                    + (token.isEmpty() ? " (no token given: set --token or BATON_TOKEN)" : " (the token was not accepted)"));
            case 403 -> new CliException(Exit.UNAUTHORIZED, "forbidden: " + msg);
            case 409 -> new CliException(Exit.REFUSED, "refused: " + msg);
            case 503 -> new CliException(Exit.UNREACHABLE, "the server cannot decide now (503): " + msg + "; nothing was done");
            default -> new CliException(Exit.FAILED, "the server answered " + a.status() + ": " + msg);
        };
        throw e.withBody(a.body());
    }

    /** The {@code error} of a JSON error body, or the body itself. */
    static String message(Answer a) {
        String b = a.body() == null ? "" : a.body().trim();
        try {
            Object v = Json.parse(b);
            if (v instanceof Map<?, ?> m && m.get("error") != null) return String.valueOf(m.get("error"));
        } catch (IllegalArgumentException notJson) {
            // a plain-text body is its own message
        }
        return b.isEmpty() ? "HTTP " + a.status() : b.length() > 500 ? b.substring(0, 500) + "..." : b;
    }
}
