package io.baton.engine.session;

import io.baton.engine.model.Clock;
import io.baton.engine.model.NodeMetric;
import io.baton.engine.model.NodeStatus;
import io.baton.engine.model.Sample;
import io.baton.engine.model.Target;
import io.baton.engine.schema.Measurements;
import java.util.List;
import java.util.Map;

/**
 * The path of a sample into the engine's state: its checks, its pool's aggregate, its node's status and node
 * metrics. It reads the fleet's maps and writes only the state of the sample's pool and node, and what changed
 * goes to the lane it runs on; so two lanes can fold the samples of different pools at once (see {@link IngestLanes}).
 */
final class SampleFold {
    private final EngineSettings settings;
    private final RuleSession session;
    private final Map<String, NodeEntry> entries;
    private final Map<String, PoolAggregate> aggregates;
    private final FleetCounts counts;
    private final Clock clock;
    private final Drops drops;
    private final SampleCheck check;

    SampleFold(EngineSettings settings, RuleSession session, Map<String, NodeEntry> entries, Map<String, PoolAggregate> aggregates,
               FleetCounts counts, Clock clock, Drops drops) {
        this.settings = settings;
        this.session = session;
        this.entries = entries;
        this.aggregates = aggregates;
        this.counts = counts;
        this.clock = clock;
        this.drops = drops;
        this.check = new SampleCheck(settings);
    }

    /**
     * Folds the samples of {@code group} in as {@link #sample(Sample, Lane)} does one by one, the pools split over two lanes
     * that run at once, one of them on {@code threads}. A lane changes only its own pools' aggregates, nodes and
     * series; it inserts nothing in the session, which gets the new facts once both lanes are done. The samples of a
     * pool are folded in their order. Returns the newest sample time not ahead of engine time by more than the
     * allowed skew (or {@code Long.MIN_VALUE}).
     */
    long group(List<List<Sample>> group, IngestLanes threads, Lane[] lanes, long maxFutureMillis) {
        long limit = clock.getNow() + maxFutureMillis;
        threads.both(() -> fold(group, 0, lanes[0], limit), () -> fold(group, 1, lanes[1], limit));
        long newest = Long.MIN_VALUE;
        for (Lane l : lanes) {
            for (PoolAggregate.MetricState m : l.newMetrics) m.ref = session.insertRef(m.fact);
            l.newMetrics.clear();
            for (FactRef r : l.newFacts) session.insert(r);
            l.newFacts.clear();
            newest = Math.max(newest, l.newest);
            l.newest = Long.MIN_VALUE;
        }
        return newest;
    }

    private void fold(List<List<Sample>> group, int lane, Lane into, long limit) {
        for (List<Sample> batch : group) {
            for (Sample s : batch) {
                String pool = s.getPool();
                if ((pool == null ? 0 : pool.hashCode() & 1) != lane) continue;
                sample(s, into);
                long t = s.getTimestamp();
                if (t > into.newest && t <= limit) into.newest = t;
            }
        }
    }

    /**
     * Folds a sample in on {@code lane}, after checking it: its pool must be configured, its node (when it names one)
     * must be one an actuator reported, its value finite and its time within the window the engine keeps and not
     * ahead of engine time by more than the allowed skew. A sample with no node is a pool-level reading. Anything
     * else is dropped and counted: telemetry never creates capacity.
     */
    void sample(Sample s, Lane lane) {
        String nodeId = s.getNode() == null ? PoolAggregate.POOL_LEVEL : s.getNode();
        boolean poolLevel = nodeId.isEmpty();
        NodeEntry e = poolLevel ? null : entries.get(nodeId);
        PoolAggregate agg;
        if (e != null && e.status != null && e.aggregate.pool().equals(s.getPool())) {
            agg = e.aggregate;
        } else {
            e = null;
            agg = aggregates.get(s.getPool());
        }
        DropReason rejected = check.reject(s, agg != null, clock.getNow());
        if (rejected != null) {
            drops.drop(rejected, s);
            return;
        }
        if (!poolLevel && e == null) {
            drops.drop(DropReason.UNKNOWN_NODE, s);
            return;
        }
        int slot;
        if (e == null) {
            slot = agg.slot(PoolAggregate.POOL_LEVEL);
        } else {
            if (e.slot < 0) e.slot = agg.slot(nodeId);
            slot = e.slot;
        }
        PoolAggregate.MetricState pm = e == null ? null : e.poolMetric(s.getMetric());
        if (pm != null) {
            pm.record(slot, false, s.getValue(), s.getTimestamp());
            lane.created[0] = false;
        } else {
            pm = agg.record(slot, poolLevel, s.getMetric(), s.getValue(), s.getTimestamp(), lane.created);
            if (pm == null) {
                drops.drop(DropReason.METRIC_CAP, s);
                return;
            }
            if (e != null) e.keepPoolMetric(s.getMetric(), pm);
        }
        changed(pm, lane);
        if (REQUEST_RATE.equals(s.getMetric())) perNode(agg, s.getTimestamp(), lane);
        if (e == null) {
            if (settings.rawSamples()) session.insertEvent(s);
            return;
        }
        NodeStatus status = e.status;
        if (!status.isReported()) status.markReported();
        if (s.getTimestamp() > status.getLastSeen()) {
            status.setLastSeen(s.getTimestamp());
            if (status.getSilentSeconds() != 0) {
                status.setSilentSeconds(0);
                lane.dirty(e.statusRef);
            }
        }
        if (settings.nodeMetrics().contains(s.getMetric())) {
            FactRef ref = e.metric(s.getMetric());
            if (ref == null) {
                NodeMetric nm = new NodeMetric(agg.pool(), nodeId, s.getMetric(), settings.nodeHistorySeconds());
                nm.series().record(s.getTimestamp(), s.getValue());
                if (lane.deferred) {
                    FactRef pending = new FactRef(nm, null);
                    e.addMetric(pending);
                    lane.newFacts.add(pending);
                } else {
                    e.addMetric(session.insertRef(nm));
                }
            } else {
                ((NodeMetric) ref.fact).series().record(s.getTimestamp(), s.getValue());
                lane.dirty(ref);
            }
        }
        if (settings.rawSamples()) session.insertEvent(s);
    }

    /** The metric of request rates; {@code rps_per_node} is derived from it. */
    static final String REQUEST_RATE = Measurements.RPS;

    /**
     * Records the pool's request rate per running node ({@code rps_per_node}, a pool-level series): its
     * total rate (see {@link PoolAggregate#total}) over the nodes running now.
     */
    private void perNode(PoolAggregate agg, long time, Lane lane) {
        int run = counts.running(agg.pool());
        double total = agg.total(REQUEST_RATE);
        if (run <= 0 || Double.isNaN(total)) return;
        PoolAggregate.MetricState pm = agg.record(PoolAggregate.POOL_LEVEL, Target.RPS_PER_NODE, total / run, time, lane.created);
        if (pm == null) return;
        changed(pm, lane);
    }

    /** A pool metric changed: a new one goes into the session now, a known one at the next flush. */
    private void changed(PoolAggregate.MetricState m, Lane lane) {
        if (!lane.created[0]) lane.dirtyMetric(m);
        else if (lane.deferred) lane.newMetrics.add(m);
        else m.ref = session.insertRef(m.fact);
    }
}
