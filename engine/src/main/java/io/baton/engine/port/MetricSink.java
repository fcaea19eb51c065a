package io.baton.engine.port;

import io.baton.engine.model.NodeHealth;
import io.baton.engine.model.Sample;
import java.util.List;

/** Where collectors send what they gather: the rule engine and InfluxDB both implement it. */
public interface MetricSink {

    /** Accepts a batch of samples. Must not block for long; a sink buffers what it cannot take at once. */
    void accept(List<Sample> samples);

    /** Accepts the result of one health probe. */
    void health(NodeHealth health);

    /** Pushes out whatever is buffered; returns once it has been handed on or spooled. */
    default void flush() { }
}
