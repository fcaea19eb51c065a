package io.baton.app.telemetry;

import io.baton.app.engine.EngineService;
import io.baton.collectors.sinks.RecordSink;
import io.baton.engine.model.NodeState;
import io.baton.engine.schema.Lines;
import io.baton.engine.schema.PoolTags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every {@code baton.telemetry.pool-nodes-interval} (10 s by default) the leader writes how many nodes of each
 * pool are in each live state (zeros included) as {@code pool_nodes} points in the records database, so that
 * a dashboard can draw nodes per pool over time by state, and node-hours per customer per day.
 */
final class PoolNodesTelemetry {
    private static final List<NodeState> LIVE = java.util.Arrays.stream(NodeState.values()).filter(s -> !s.isFinal()).toList();
    private final EngineService engine;
    private final ObjectProvider<RecordSink> stores;

    PoolNodesTelemetry(EngineService engine, ObjectProvider<RecordSink> stores) {
        this.engine = engine;
        this.stores = stores;
    }

    @Scheduled(fixedRateString = "${baton.telemetry.pool-nodes-interval:10s}", initialDelayString = "${baton.telemetry.pool-nodes-interval:10s}")
    void write() {
        if (!engine.isRunning() || !engine.leads()) return;
        long now = System.currentTimeMillis();
        List<String> lines = new ArrayList<>();
        for (EngineService.PoolView p : engine.pools()) {
            Map<NodeState, Integer> counts = new EnumMap<>(NodeState.class);
            for (NodeState s : LIVE) counts.put(s, 0);
            for (EngineService.NodeView n : p.members()) {
                NodeState s = NodeState.valueOf(n.state());
                if (!s.isFinal()) counts.merge(s, 1, Integer::sum);
            }
            PoolTags tags = new PoolTags(p.customer(), p.service(), p.software());
            counts.forEach((s, c) -> lines.add(Lines.poolNodes(p.name(), tags, s, c, now)));
        }
        if (!lines.isEmpty()) stores.orderedStream().forEach(s -> s.acceptRecords(lines));
    }
}
