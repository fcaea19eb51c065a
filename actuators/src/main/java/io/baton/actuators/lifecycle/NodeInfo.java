package io.baton.actuators.lifecycle;

import io.baton.engine.model.Node;
import io.baton.engine.model.NodeState;

/**
 * A node as an actuator knows it: richer than the engine's {@link Node}.
 *
 * @param id the node id, unique for good (never reused)
 * @param pool the pool's name
 * @param state the last state published
 * @param address where it serves, e.g. {@code 127.0.0.1:20001}, a pod IP, or "" when unknown
 * @param pid the OS process id of a local node, or -1
 * @param decision the id of the decision that made the last transition, or ""
 * @param since epoch millis of the last transition
 */
public record NodeInfo(String id, String pool, NodeState state, String address, long pid, String decision, long since) {

    public NodeInfo {
        address = address == null ? "" : address;
        decision = decision == null ? "" : decision;
    }

    /** The same node in another state. */
    public NodeInfo with(NodeState newState, String newDecision, long time) {
        return new NodeInfo(id, pool, newState, address, pid, newDecision, time);
    }

    /** The same node at another address or pid. */
    public NodeInfo at(String newAddress, long newPid) {
        return new NodeInfo(id, pool, state, newAddress, newPid, decision, since);
    }

    /** The engine's view of this node. */
    public Node toNode() {
        return new Node(id, pool, state, since);
    }
}
