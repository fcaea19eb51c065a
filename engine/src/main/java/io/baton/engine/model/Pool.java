package io.baton.engine.model;

import java.util.Objects;

/**
 * A pool of interchangeable nodes that runs one service for one customer. The configuration part is
 * immutable; the engine keeps {@link #getNodes()} (nodes that count towards capacity) up to date.
 */
public final class Pool {
    private final String name;
    private final String customer;
    private final String service;
    private final String software;
    private final int min;
    private final int max;
    private final int cores;
    private int nodes;

    public Pool(String name, String customer, String service, String software, int min, int max, int cores) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("pool name is required");
        if (min < 0 || max < min) throw new IllegalArgumentException("pool " + name + ": need 0 <= min <= max, got min=" + min + " max=" + max);
        if (cores < 1) throw new IllegalArgumentException("pool " + name + ": cores must be at least 1");
        this.name = name;
        this.customer = Objects.requireNonNullElse(customer, "");
        this.service = Objects.requireNonNullElse(service, "");
        this.software = Objects.requireNonNullElse(software, "");
        this.min = min;
        this.max = max;
        this.cores = cores;
    }

    public String getName() { return name; }
    public String getCustomer() { return customer; }
    public String getService() { return service; }
    public String getSoftware() { return software; }
    public int getMin() { return min; }
    public int getMax() { return max; }
    public int getCores() { return cores; }
    /** Nodes that count towards capacity: requested, starting or running. */
    public int getNodes() { return nodes; }
    public void setNodes(int nodes) { this.nodes = nodes; }

    @Override public String toString() { return "Pool(" + name + " nodes=" + nodes + " min=" + min + " max=" + max + ")"; }
}
