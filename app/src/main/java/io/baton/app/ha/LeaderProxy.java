package io.baton.app.ha;

import io.baton.app.engine.EngineService;
import io.baton.state.HaStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passes a write that only the leader may make (a change of the pool catalog) on to the leader, with the
 * caller's own credentials, and answers with the leader's answer. While no leader is known, or it does
 * not answer, the caller gets 503 with Retry-After, so it retries and nothing is lost.
 */
@Component
public class LeaderProxy {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EngineService engine;
    private final ObjectProvider<HaStatus> ha;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LeaderProxy(EngineService engine, ObjectProvider<HaStatus> ha) {
        this.engine = engine;
        this.ha = ha;
    }

    /** Empty when this replica leads (it acts itself); else the leader's answer to the same call. */
    public Optional<ResponseEntity<String>> passOnUnlessLeading(HttpServletRequest req, Map<String, Object> body) {
        if (engine.leads()) return Optional.empty();
        HaStatus status = ha.getIfAvailable();
        String url = status == null ? null : status.leaderUrl();
        if (url == null || url.isBlank()) throw new EngineService.NotLeading(engine.leadership().replicaId());
        try {
            HttpRequest.BodyPublisher payload = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + req.getRequestURI())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", MediaType.APPLICATION_JSON_VALUE).method(req.getMethod(), payload);
            String auth = req.getHeader("Authorization");
            if (auth != null) b.header("Authorization", auth);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            ResponseEntity.BodyBuilder out = ResponseEntity.status(HttpStatus.valueOf(r.statusCode()));
            r.headers().firstValue("Content-Type").ifPresent(ct -> out.header("Content-Type", ct));
            r.headers().firstValue("Retry-After").ifPresent(ra -> out.header("Retry-After", ra));
            return Optional.of(out.body(r.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineService.NotLeading(engine.leadership().replicaId());
        } catch (Exception e) {
            throw new EngineService.NotLeading(engine.leadership().replicaId());
        }
    }
}
