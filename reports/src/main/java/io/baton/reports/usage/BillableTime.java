package io.baton.reports.usage;

import io.baton.engine.model.NodeState;
import io.baton.reports.history.NodeHistory;
import io.baton.reports.history.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * Billable time of a node, to the millisecond: from its RUNNING transition until TERMINATED or
 * FAILED (DRAINING is still billed), cut at the period's bounds and split at UTC midnights. A node
 * that never reached RUNNING is not billed.
 */
public final class BillableTime {
    static final long DAY = 86_400_000L;

    private BillableTime() { }

    public static List<Segment> of(NodeHistory n, long from, long to) {
        List<Segment> out = new ArrayList<>();
        Long running = n.stateAtStart() == NodeState.RUNNING || n.stateAtStart() == NodeState.DRAINING ? from : null;
        for (Transition t : n.transitions()) {
            if (t.time() >= to) break;
            if (t.state() == NodeState.RUNNING && running == null) running = Math.max(from, t.time());
            else if (t.state().isFinal() && running != null) {
                split(n, running, Math.min(to, t.time()), out);
                running = null;
            }
        }
        if (running != null) split(n, running, to, out);
        return out;
    }

    private static void split(NodeHistory n, long start, long end, List<Segment> out) {
        long s = start;
        while (s < end) {
            long day = Math.floorDiv(s, DAY) * DAY;
            long e = Math.min(end, day + DAY);
            out.add(new Segment(n.customer(), n.service(), n.software(), n.pool(), n.node(), n.cores(), day, s, e));
            s = e;
        }
    }
}
