package io.baton.app.api;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.local.LocalActuator;
import io.baton.app.config.BatonProperties;
import io.baton.app.engine.EngineService;
import io.baton.app.security.Caller;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Limit;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Pools, their nodes, their history, and planned requests ("six more nodes for service X"). */
@RestController
@RequestMapping("/api/pools")
class PoolsController {
    private final EngineService engine;
    private final BatonProperties props;
    private final ObjectProvider<LocalActuator> local;
    private final PoolHistory history;
    private final PlannedRequests planned;

    PoolsController(EngineService engine, BatonProperties props, ObjectProvider<LocalActuator> local, PoolHistory history,
                    PlannedRequests planned) {
        this.planned = planned;
        this.engine = engine;
        this.props = props;
        this.local = local;
        this.history = history;
    }

    /** A node in the API: its id, state and address, and for a local node its OS pid. */
    record NodeJson(String id, String state, String address, Long pid, long since) { }

    /** A pool in the API; {@code healingPaused} is true while replacements are paused (too many nodes look unhealthy at once). */
    record PoolJson(String name, String customer, String service, String software, String actuator, int min, int max,
                    int cores, int nodes, double cpu, List<NodeJson> members, boolean healingPaused) { }

    /** {@code {"delta": 6}} or {@code {"capacity": 10}}. */
    record ScaleRequest(Integer delta, Integer capacity) { }

    record ScaleAnswer(String decision, String outcome, int requested, int approved, List<String> reasons, long quota, long held) { }

    @GetMapping
    List<PoolJson> pools() {
        Caller caller = CallerAccess.caller();
        return engine.pools().stream().filter(p -> caller.mayUse(p.customer())).map(this::json).toList();
    }

    @GetMapping("/{pool}")
    PoolJson pool(@PathVariable String pool) {
        CallerAccess.pool(engine, pool, CallerAccess.caller());
        return engine.pools().stream().filter(p -> p.name().equals(pool)).findFirst().map(this::json).orElseThrow();
    }

    @GetMapping("/{pool}/history")
    List<PoolHistory.Point> history(@PathVariable String pool) {
        CallerAccess.pool(engine, pool, CallerAccess.caller());
        return history.of(pool);
    }

    /**
     * A planned request. The quota is a guardrail inside the engine, checked in the same step as the
     * decision, so concurrent requests cannot all pass on the same room: a request that does not fit
     * is refused whole (409, naming the quota).
     */
    @PostMapping("/{pool}/scale")
    ScaleAnswer scale(@PathVariable String pool, @RequestBody ScaleRequest req) {
        return planned.scale(pool, req, CallerAccess.caller());
    }

    private PoolJson json(EngineService.PoolView v) {
        Map<String, NodeInfo> infos = Map.of();
        LocalActuator l = local.getIfAvailable();
        if (l != null && LocalActuator.TYPE.equals(v.actuator())) {
            Pool p = engine.pool(v.name());
            infos = l.nodes(p).stream().collect(Collectors.toMap(NodeInfo::id, Function.identity(), (a, b) -> b));
        }
        List<NodeJson> nodes = new ArrayList<>();
        for (EngineService.NodeView n : v.members()) {
            NodeInfo i = infos.get(n.id());
            nodes.add(new NodeJson(n.id(), i != null ? i.state().name() : n.state(), i == null ? "" : i.address(),
                    i == null || i.pid() < 0 ? null : i.pid(), n.since()));
        }
        return new PoolJson(v.name(), v.customer(), v.service(), v.software(), v.actuator(), v.min(), v.max(), v.cores(), v.nodes(), v.cpu(), nodes,
                engine.healingPaused(v.name()));
    }
}
