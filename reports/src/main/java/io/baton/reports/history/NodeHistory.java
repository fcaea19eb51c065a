package io.baton.reports.history;

import io.baton.engine.model.NodeState;
import java.util.List;

/**
 * What billing needs of one node for a period: who it ran for, its size, the state it was in when the
 * period began (null if it did not exist yet) and its transitions within the period, oldest first.
 */
public record NodeHistory(String customer, String service, String software, String pool, String node, int cores,
                          NodeState stateAtStart, List<Transition> transitions) { }
