package io.baton.actuators.command;

import io.baton.actuators.env.ChildEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs one action: a shell command (env + JSON on stdin) or a webhook POST, within a timeout. */
final class Invoker {
    private static final int MAX_OUTPUT = 4000;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Runs {@code sh -c command} in an environment built by {@code childEnv} from nothing, with
     * {@code env} (the decision's {@code BATON_*} variables); returns its stdout. Non-zero exit or
     * timeout is an {@link ActionFailed}.
     */
    String command(String command, ChildEnvironment childEnv, Map<String, String> env, String json, Duration timeout) throws ActionFailed {
        ProcessBuilder pb = childEnv.applyTo(new ProcessBuilder("sh", "-c", command), env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ActionFailed("cannot run sh: " + e.getMessage(), false);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the command need not read its stdin
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new ActionFailed("command timed out after " + timeout + ": " + command, true);
            }
            int code = p.exitValue();
            if (code != 0) {
                throw new ActionFailed("command exited with " + code + ": " + clip(err.get(5, TimeUnit.SECONDS).strip()), true);
            }
            return out.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ActionFailed("interrupted", false);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ActionFailed("cannot read the command's output: " + e, true);
        }
    }

    /** POSTs {@code json}; returns the body. 5xx and I/O errors are retryable failures, 4xx are not. */
    String webhook(URI url, String json, Duration timeout) throws ActionFailed {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            int code = resp.statusCode();
            if (code >= 200 && code < 300) return resp.body();
            throw new ActionFailed("webhook " + url + " answered " + code + ": " + clip(resp.body().strip()), code >= 500 || code == 429);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new ActionFailed("webhook " + url + " timed out after " + timeout, true);
        } catch (IOException e) {
            throw new ActionFailed("webhook " + url + " failed: " + e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailed("interrupted", false);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String clip(String s) {
        return s.length() <= MAX_OUTPUT ? s : s.substring(0, MAX_OUTPUT) + "...";
    }
}
