package io.baton.app.api;

import io.baton.app.config.BatonProperties;
import io.baton.app.engine.EngineService;
import io.baton.app.security.Caller;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Limit;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Pool;
import io.baton.state.RequestQueue;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Planned requests ("six more nodes for service X"), decided by the leader's engine. The leader decides
 * at once; a follower checks the request and the caller's right to the pool, queues it in the shared
 * database, and answers with what the leader decided: the same response either way. Nobody deciding
 * within {@link #WAIT} withdraws the request (it is then never acted on) and answers 503 with
 * Retry-After.
 */
@Component
final class PlannedRequests {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EngineService engine;
    private final BatonProperties props;
    private final ObjectProvider<RequestQueue> queue;

    /** A request as queued: what was asked, and by whom (already authorised by the replica that took it). */
    record Queued(Integer delta, Integer capacity, String requester) { }

    PlannedRequests(EngineService engine, BatonProperties props, ObjectProvider<RequestQueue> queue) {
        this.engine = engine;
        this.props = props;
        this.queue = queue;
    }

    PoolsController.ScaleAnswer scale(String pool, PoolsController.ScaleRequest req, Caller caller) {
        CallerAccess.pool(engine, pool, caller);
        check(req);
        RequestQueue q = queue.getIfAvailable();
        if (engine.leads() || q == null) return decide(pool, req.delta(), req.capacity(), caller.name());
        String id = q.enqueue(pool, JSON.writeValueAsString(new Queued(req.delta(), req.capacity(), caller.name())), engine.leadership().replicaId());
        RequestQueue.Answer a;
        try {
            a = q.await(id, WAIT);
            if (a == null && !q.withdraw(id)) a = q.await(id, Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a = null;
        }
        if (a == null) throw new ApiErrors.Unavailable("no leader decided the request within " + WAIT.toSeconds() + " s (it was withdrawn, nothing was done)");
        if (a.status() == 200) return JSON.readValue(a.body(), PoolsController.ScaleAnswer.class);
        if (a.status() == 503) throw new ApiErrors.Unavailable(a.body());
        throw new ApiErrors.ApiException(HttpStatus.valueOf(a.status()), a.body());
    }

    /** Decides a queued request on the leader: the answer a caller of the leader would have had. */
    RequestQueue.Answer decideQueued(String pool, String body) {
        Queued r = JSON.readValue(body, Queued.class);
        try {
            check(new PoolsController.ScaleRequest(r.delta(), r.capacity()));
            if (engine.pool(pool) == null) throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no pool " + pool);
            return new RequestQueue.Answer(200, JSON.writeValueAsString(decide(pool, r.delta(), r.capacity(), r.requester())));
        } catch (ApiErrors.ApiException e) {
            return new RequestQueue.Answer(e.status.value(), e.getMessage());
        } catch (EngineService.NotLeading e) {
            return new RequestQueue.Answer(503, e.getMessage());
        }
    }

    private static void check(PoolsController.ScaleRequest req) {
        if ((req.delta() == null) == (req.capacity() == null)) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "give either \"delta\" (nodes to add, negative to remove) or \"capacity\"");
        }
        if (req.capacity() != null && req.capacity() < 0) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "a pool cannot have " + req.capacity() + " nodes");
        }
        if (req.delta() != null && req.delta() == Integer.MIN_VALUE) {
            throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "delta out of range");
        }
    }

    /**
     * The quota is a guardrail inside the engine, checked in the same step as the decision, so
     * concurrent requests cannot all pass on the same room: a request that does not fit is refused
     * whole (409, naming the quota). So is one that does not fit the customer's budget per day.
     */
    private PoolsController.ScaleAnswer decide(String pool, Integer delta, Integer capacity, String requester) {
        Pool p = engine.pool(pool);
        Decision d = capacity != null
                ? Decision.requested(DecisionKind.SET_CAPACITY, pool, capacity, requester)
                : Decision.requested(delta >= 0 ? DecisionKind.SCALE_OUT : DecisionKind.SCALE_IN, pool, Math.abs(delta), requester);
        JournalEntry e = engine.submit(d);
        long quota = engine.quota(p.getCustomer());
        if (e.outcome() == Outcome.SUPPRESSED && (e.limits().contains(Limit.QUOTA) || e.limits().contains(Limit.BUDGET))) {
            throw new ApiErrors.ApiException(HttpStatus.CONFLICT, "over " + String.join("; ", e.reasons()));
        }
        long held = 0;
        for (String name : engine.poolsOf(p.getCustomer())) held += engine.capacityOf(name);
        return new PoolsController.ScaleAnswer(e.decisionId(), e.outcome().name(), e.requested(), e.approved(), e.reasons(),
                quota == Long.MAX_VALUE ? -1 : quota, held);
    }
}
