package io.baton.collectors.proc;

import io.baton.engine.schema.Measurements;
import io.baton.engine.model.Sample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Each {@link #collect()} reads the processes from the supplier and emits per node {@code cpu_seconds_total}
 * (counter), {@code mem_bytes} (VmRSS) and, from the second reading on, {@code cpu}: percent of the node's cores
 * used over the interval since the previous reading. Vanished processes are skipped and forgotten.
 */
public final class ProcessMetricsCollector {
    private final Supplier<? extends Collection<ProcessRef>> processes;
    private final Consumer<List<Sample>> sink;
    private final ProcReader reader;
    private final LongSupplier clockMs;
    private final Map<ProcessRef, double[]> previous = new HashMap<>();

    /** Sends samples to {@code sink} (e.g. {@code SinkFanout::samples}), stamped with {@code clockMs}. */
    public ProcessMetricsCollector(Supplier<? extends Collection<ProcessRef>> processes, Consumer<List<Sample>> sink,
                                   ProcReader reader, LongSupplier clockMs) {
        this.processes = processes;
        this.sink = sink;
        this.reader = reader;
        this.clockMs = clockMs;
    }

    /** Reads every process once; returns (and sends) the samples. */
    public synchronized List<Sample> collect() {
        long now = clockMs.getAsLong();
        List<Sample> out = new ArrayList<>();
        Map<ProcessRef, double[]> seen = new HashMap<>();
        for (ProcessRef p : processes.get()) {
            reader.read(p.pid()).ifPresent(stat -> {
                out.add(new Sample(p.pool(), p.node(), Measurements.CPU_SECONDS_TOTAL, stat.cpuSeconds(), now));
                out.add(new Sample(p.pool(), p.node(), Measurements.MEM_BYTES, stat.rssBytes(), now));
                double[] before = previous.get(p);
                if (before != null && now > before[1]) {
                    double seconds = (now - before[1]) / 1000.0;
                    double pct = 100.0 * (stat.cpuSeconds() - before[0]) / (seconds * Math.max(1, p.cores()));
                    out.add(new Sample(p.pool(), p.node(), Measurements.CPU, Math.max(0, pct), now));
                }
                seen.put(p, new double[] {stat.cpuSeconds(), now});
            });
        }
        previous.clear();
        previous.putAll(seen);
        if (!out.isEmpty()) sink.accept(out);
        return out;
    }
}
