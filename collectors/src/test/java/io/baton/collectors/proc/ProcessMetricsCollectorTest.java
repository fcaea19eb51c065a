package io.baton.collectors.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.model.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProcessMetricsCollectorTest {
    final long self = ProcessHandle.current().pid();

    @Test
    void readsOwnCpuAndMemoryFromProc() {
        ProcReader.ProcStat stat = new ProcReader().read(self).orElseThrow();
        assertThat(stat.cpuSeconds()).isPositive();  // a JVM that ran tests has used CPU
        long heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(stat.rssBytes()).isGreaterThan(Math.min(heapUsed, 20L << 20)).isLessThan(64L << 30);
    }

    @Test
    void missingProcessIsEmpty() {
        assertThat(new ProcReader().read(Long.MAX_VALUE / 2)).isEmpty();
    }

    @Test
    void parsesCommandNamesWithSpacesAndParens(@org.junit.jupiter.api.io.TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("7"));
        Files.writeString(proc.resolve("7/stat"), "7 (a (weird) name) S 1 7 7 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 100 1000 10\n");
        Files.writeString(proc.resolve("7/status"), "Name:\tx\nVmPeak:\t 999 kB\nVmRSS:\t    2048 kB\nThreads:\t1\n");
        ProcReader.ProcStat stat = new ProcReader(proc, 100).read(7).orElseThrow();
        assertThat(stat.cpuSeconds()).isEqualTo(3.0);
        assertThat(stat.rssBytes()).isEqualTo(2048L * 1024);
    }

    @Test
    void emitsCounterMemoryAndPercentOverTheInterval() {
        AtomicLong clock = new AtomicLong(1_000_000);
        List<List<Sample>> sent = new ArrayList<>();
        ProcessMetricsCollector collector = new ProcessMetricsCollector(
                () -> List.of(new ProcessRef("web", "n1", self), new ProcessRef("web", "gone", Long.MAX_VALUE / 2)),
                sent::add, new ProcReader(), clock::get);

        Map<String, Double> first = byMetric(collector.collect());
        assertThat(first).containsOnlyKeys("cpu_seconds_total", "mem_bytes");  // no rate on the first reading

        burnCpu(300);
        clock.addAndGet(2_000);  // the interval the percent is computed over
        Map<String, Double> second = byMetric(collector.collect());
        double used = second.get("cpu_seconds_total") - first.get("cpu_seconds_total");
        assertThat(used).isPositive();
        assertThat(second.get("cpu")).isCloseTo(100.0 * used / 2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(second.get("mem_bytes")).isPositive();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).allSatisfy(s -> assertThat(s.getTimestamp()).isEqualTo(1_002_000L))
                .allSatisfy(s -> assertThat(s.getNode()).isEqualTo("n1"));
    }

    private static Map<String, Double> byMetric(List<Sample> samples) {
        return samples.stream().collect(Collectors.toMap(Sample::getMetric, Sample::getValue));
    }

    private static void burnCpu(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        double x = 0;
        while (System.nanoTime() < end) x += Math.sqrt(x + 1);
        if (x == 42) System.out.println(x);
    }
}
