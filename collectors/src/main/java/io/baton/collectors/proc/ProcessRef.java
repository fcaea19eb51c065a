package io.baton.collectors.proc;

/**
 * A local process that is a node. {@code cores} scales the {@code cpu} percent: 100 means all of the node's cores busy.
 */
public record ProcessRef(String pool, String node, long pid, int cores) {

    /** A process measured against one core. */
    public ProcessRef(String pool, String node, long pid) {
        this(pool, node, pid, 1);
    }
}
