package io.baton.collectors.scrape;

import io.baton.engine.schema.Tags;
import io.baton.engine.schema.LineProtocol;
import io.baton.collectors.sinks.SinkFanout;
import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one Prometheus target. Each sample goes to InfluxDB as a raw point (measurement = metric name, tags =
 * its labels plus {@code pool} and {@code node}, field {@code value}) and to the engine as a {@link Sample} named
 * {@link PromSample#seriesName()}. Every scrape also yields a {@link NodeHealth}: up with the scrape latency, or
 * down when the target is unreachable, slow (timeout) or answers an error. NaN and infinite values are skipped.
 */
public final class PrometheusScraper {
    private static final Logger log = LoggerFactory.getLogger(PrometheusScraper.class);
    private final HttpClient http;
    private final SinkFanout fanout;
    private final LongSupplier clockMs;

    /** What one scrape gave. */
    public record Outcome(boolean up, int samples, List<String> errors, String failure) { }

    private final java.util.function.Function<String, Map<String, String>> poolTags;

    public PrometheusScraper(SinkFanout fanout, LongSupplier clockMs) {
        this(fanout, clockMs, pool -> Map.of());
    }

    /**
     * @param poolTags the tags every point of a pool carries, from the pool catalog: {@code customer},
     *                 {@code service}, {@code software}; they win over a target's labels of the same names
     */
    public PrometheusScraper(SinkFanout fanout, LongSupplier clockMs, java.util.function.Function<String, Map<String, String>> poolTags) {
        this.poolTags = poolTags;
        this.fanout = fanout;
        this.clockMs = clockMs;
        // HTTP/1.1 as exporters speak it: no h2c upgrade offered on every scrape
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Scrapes {@code target} once and sends the results on; never throws for target failures. */
    public Outcome scrape(ScrapeProperties.Target target) {
        return scrape(target, clockMs.getAsLong());
    }

    /** The scraper's clock, epoch millis. */
    long now() { return clockMs.getAsLong(); }

    /**
     * Scrapes {@code target} once, stamping what it gives (samples without their own timestamp, and the
     * probe result) with epoch millis {@code now}.
     */
    Outcome scrape(ScrapeProperties.Target target, long now) {
        return scrapeAsync(target, now).join();
    }

    /**
     * Starts one scrape of {@code target} without waiting for it: the response is parsed and sent on by the HTTP
     * client's thread, so a slow target holds up no other target's scrape. The future never completes
     * exceptionally for target failures (they are an {@link Outcome} that is down).
     */
    CompletableFuture<Outcome> scrapeAsync(ScrapeProperties.Target target, long now) {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.getUrl())).timeout(target.getTimeout())
                    .header("Accept", "text/plain;version=0.0.4").GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(down(target, start, now, "bad URL: " + e.getMessage()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(target.getTimeout().toMillis(), TimeUnit.MILLISECONDS)  // the connect phase too
                .handle((response, failure) -> failure != null ? down(target, start, now, why(target, failure))
                        : response.statusCode() != 200 ? down(target, start, now, "HTTP " + response.statusCode())
                        : up(target, start, now, response.body()));
    }

    private static String why(ScrapeProperties.Target target, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
            return "timeout after " + target.getTimeout().toMillis() + " ms";
        }
        return cause instanceof IOException ? cause.toString() : String.valueOf(cause);
    }

    private Outcome up(ScrapeProperties.Target target, long start, long now, String body) {
        double latencyMs = (System.nanoTime() - start) / 1e6;
        PromTextParser.Result parsed = new PromTextParser().parse(body);
        if (!parsed.errors().isEmpty()) log.warn("scrape {}: {} bad lines, first: {}", target.getUrl(), parsed.errors().size(), parsed.errors().get(0));
        Map<String, String> tags = poolTags.apply(target.getPool());
        List<String> lines = new ArrayList<>(parsed.samples().size());
        List<Sample> samples = new ArrayList<>(parsed.samples().size());
        for (PromSample s : parsed.samples()) {
            if (Double.isNaN(s.value()) || Double.isInfinite(s.value())) continue;
            long ts = s.timestampMs() != null ? s.timestampMs() : now;
            lines.add(line(s, target, ts, tags));
            samples.add(new Sample(target.getPool(), target.getNode(), s.seriesName(), s.value(), ts));
        }
        fanout.points(lines, samples);
        fanout.health(new NodeHealth(target.getPool(), target.getNode(), true, latencyMs, now));
        return new Outcome(true, samples.size(), parsed.errors(), null);
    }

    private Outcome down(ScrapeProperties.Target target, long start, long now, String why) {
        double latencyMs = (System.nanoTime() - start) / 1e6;
        log.debug("scrape {} failed: {}", target.getUrl(), why);
        fanout.health(new NodeHealth(target.getPool(), target.getNode(), false, latencyMs, now));
        return new Outcome(false, 0, List.of(), why);
    }

    static String line(PromSample s, ScrapeProperties.Target target, long tsMs) {
        return line(s, target, tsMs, Map.of());
    }

    static String line(PromSample s, ScrapeProperties.Target target, long tsMs, Map<String, String> poolTags) {
        StringBuilder sb = new StringBuilder(64);
        LineProtocol.measurement(sb, s.name());
        Map<String, String> tags = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : s.labels().entrySet()) {
            if (e.getKey().equals(Tags.NODE) || e.getKey().equals(Tags.POOL)) continue;  // the target's pool and node win
            tags.put(e.getKey(), e.getValue());
        }
        tags.putAll(poolTags); // as do the catalog's customer, service and software: a target cannot bill another customer
        tags.put(Tags.NODE, target.getNode());
        tags.put(Tags.POOL, target.getPool());
        tags.forEach((k, v) -> LineProtocol.tag(sb, k, v));
        return LineProtocol.timeMs(LineProtocol.value(sb, s.value()), tsMs).toString();
    }
}
