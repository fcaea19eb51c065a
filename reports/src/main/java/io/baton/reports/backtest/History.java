package io.baton.reports.backtest;

import java.util.List;
import java.util.Map;

/** The recorded history a backtest replays: who was running at the start, and the metric readings of a stretch of time. */
interface History {

    /** One recorded reading; {@code node} is null for a pool-level one. */
    record Reading(String pool, String node, String metric, double value, long time) { }

    /** The nodes RUNNING at {@code at} (epoch millis) per pool, from {@code node_lifecycle}; pools with none are absent. */
    Map<String, List<String>> runningAt(long at);

    /** Whether any {@code cpu} reading of the pools lies in {@code [from, to)}. */
    boolean hasCpu(long from, long to);

    /** The readings taken after {@code after} and up to {@code until} (epoch millis), oldest first: one stretch, never the whole period. */
    List<Reading> readings(long after, long until);
}
