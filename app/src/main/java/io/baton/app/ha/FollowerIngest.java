package io.baton.app.ha;

import io.baton.app.config.BatonProperties;
import io.baton.app.engine.EngineService;
import io.baton.collectors.ingest.IngestGate;
import io.baton.engine.loop.DaemonLoop;
import io.baton.engine.model.Sample;
import io.baton.engine.port.MetricSink;
import io.baton.state.HaStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ingest on a follower. InfluxDB writes stay on the replica that received them; the samples for the
 * engine go to the leader's {@code POST /api/internal/samples}, in batches, with the ops token. While
 * no leader is known the gate is closed: writes get 503 with Retry-After. The leader's own writes go
 * straight to its engine.
 */
@Component
final class FollowerIngest extends DaemonLoop implements SmartLifecycle, IngestGate, MetricSink {
    private static final Logger log = LoggerFactory.getLogger(FollowerIngest.class);
    private final HaStatus ha;
    private final EngineService engine;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final BlockingQueue<List<Sample>> queue = new ArrayBlockingQueue<>(1_024);
    private final AtomicLong dropped = new AtomicLong();
    private volatile String leaderUrl;
    private volatile long checkedAt;

    FollowerIngest(HaStatus ha, EngineService engine, BatonProperties props) {
        super("follower-forward");
        this.ha = ha;
        this.engine = engine;
        this.token = props.security().opsToken();
        engine.whileFollowing(this);
    }

    @Override public String unavailable() {
        if (engine.leads()) return null;
        return leader() == null ? "no leader is known (failover in progress)" : null;
    }

    /** The leader's URL, looked up at most every 200 ms. */
    private String leader() {
        long now = System.nanoTime();
        if (now - checkedAt > 200_000_000L) {
            try {
                leaderUrl = ha.leaderUrl();
            } catch (RuntimeException e) {
                leaderUrl = null;
            }
            checkedAt = now;
        }
        return leaderUrl;
    }

    @Override public void accept(List<Sample> samples) {
        if (samples.isEmpty()) return;
        if (!queue.offer(samples)) count(samples.size());
    }

    /** Probes run on the leader only: nothing to forward. */
    @Override public void health(io.baton.engine.model.NodeHealth health) { }

    private void count(int n) {
        long total = dropped.addAndGet(n);
        if (Long.bitCount(total) == 1) log.warn("follower: {} samples not forwarded to the leader so far (queue full or leader unreachable)", total);
    }

    /** Samples a follower could not hand to the leader. */
    long dropped() { return dropped.get(); }

    @Override protected long round() throws InterruptedException {
        List<List<Sample>> batch = new ArrayList<>();
        List<Sample> first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) return 0;
        batch.add(first);
        queue.drainTo(batch, 63);
        forward(batch);
        return 0;
    }

    private void forward(List<List<Sample>> batch) {
        StringBuilder body = new StringBuilder();
        int n = 0;
        for (List<Sample> list : batch) {
            for (Sample s : list) {
                body.append(s.getPool()).append('\t').append(s.getNode()).append('\t').append(s.getMetric()).append('\t')
                        .append(s.getValue()).append('\t').append(s.getTimestamp()).append('\n');
                n++;
            }
        }
        String url = leader();
        if (url == null) {
            count(n);
            return;
        }
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url + "/api/internal/samples")).timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "text/tab-separated-values").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (!token.isEmpty()) req.header("Authorization", "Bearer " + token);
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                count(n);
                log.debug("follower: leader answered {} to forwarded samples: {}", r.statusCode(), r.body());
            }
        } catch (Exception e) {
            count(n);
            checkedAt = 0;
        }
    }

}
