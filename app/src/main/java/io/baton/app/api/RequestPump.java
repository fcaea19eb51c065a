package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.engine.loop.DaemonLoop;
import io.baton.engine.port.StaleEpochException;
import io.baton.state.RequestQueue;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** On the leader: takes the requests followers queued, decides each once, and stores the answer. */
@Component
final class RequestPump extends DaemonLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RequestPump.class);
    private final EngineService engine;
    private final PlannedRequests planned;
    private final ObjectProvider<RequestQueue> queues;
    private long rounds;

    RequestPump(EngineService engine, PlannedRequests planned, ObjectProvider<RequestQueue> queues) {
        super("request-pump");
        this.engine = engine;
        this.planned = planned;
        this.queues = queues;
    }

    @Override protected long round() {
        RequestQueue q = queues.getIfAvailable();
        if (q == null) return 1_000;
        try {
            if (engine.leads()) {
                for (RequestQueue.Queued r : q.queued(16)) {
                    if (!engine.leads()) break;
                    if (!q.take(r.id())) continue;
                    q.answer(r.id(), planned.decideQueued(r.pool(), r.body()));
                }
                if (++rounds % 6_000 == 0) q.prune(Duration.ofHours(1));
            }
        } catch (StaleEpochException e) {
            log.warn("request queue: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("request queue: {}", e.toString());
            return 1_000;
        }
        return 50;
    }
}
