package io.baton.collectors;

import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Sample;
import io.baton.engine.port.MetricSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Stands in for the rule engine: remembers (up to a limit) and counts what it is sent. */
public final class CountingSink implements MetricSink {
    public final List<Sample> samples = new CopyOnWriteArrayList<>();
    public final List<NodeHealth> healths = new CopyOnWriteArrayList<>();
    public final AtomicLong count = new AtomicLong();
    private final int keep;

    public CountingSink(int keep) {
        this.keep = keep;
    }

    public CountingSink() {
        this(100_000);
    }

    @Override
    public void accept(List<Sample> batch) {
        count.addAndGet(batch.size());
        if (samples.size() < keep) samples.addAll(batch);
    }

    @Override
    public void health(NodeHealth health) {
        healths.add(health);
    }

    public void clear() {
        samples.clear();
        healths.clear();
        count.set(0);
    }
}
