package io.baton.actuators.command;

import io.baton.actuators.env.ChildEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs one action: a shell command (env + JSON on stdin) or a webhook POST, within a timeout. */
final class Invoker {
    private static final int MAX_OUTPUT = 4000;

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

    /**
     * POSTs {@code json}; returns the body. 5xx, 429 and I/O errors are retryable failures, other 4xx are not.
     *
     * <p>A blocking {@link HttpURLConnection} in the calling worker thread, with the JDK's keep-alive pool: the
     * call already has a thread of its own, and {@code java.net.http.HttpClient}'s hand-offs between its
     * selector and executor threads cost about 2 ms more per call on a 2-core machine (BENCHMARKS.md, "The race").
     * {@code timeout} bounds the connect and each read. In fixed-length streaming mode the JDK never sends a
     * POST again by itself, so only {@link CommandActuator}'s counted attempts repeat an action.
     */
    String webhook(URI url, String json, Duration timeout) throws ActionFailed {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) url.toURL().openConnection();
            int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            c.setConnectTimeout(ms);
            c.setReadTimeout(ms);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Content-Type", "application/json");
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int code = c.getResponseCode();
            InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
            String answer = in == null ? "" : read(in);
            if (code >= 200 && code < 300) return answer;
            throw new ActionFailed("webhook " + url + " answered " + code + ": " + clip(answer.strip()), code >= 500 || code == 429);
        } catch (SocketTimeoutException e) {
            if (c != null) c.disconnect();
            throw new ActionFailed("webhook " + url + " timed out after " + timeout, true);
        } catch (IOException | IllegalArgumentException e) {
            if (c != null) c.disconnect();
            throw new ActionFailed("webhook " + url + " failed: " + e, true);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String clip(String s) {
        return s.length() <= MAX_OUTPUT ? s : s.substring(0, MAX_OUTPUT) + "...";
    }
}
