package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.model.PoolMetric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoolAggregateTest {
    private final boolean[] created = new boolean[1];

    @Test
    void nodeChurnReusesSlotsSoTheArraysDoNotGrow() {
        PoolAggregate agg = new PoolAggregate("web", 720, 64);
        agg.record("web-keep", "cpu", 10, 1000, created);
        for (int i = 0; i < 1000; i++) {
            agg.record("web-" + i, "cpu", 30, 1000 + i, created);
            agg.removeNode("web-" + i, 1000 + i);
        }
        assertThat(agg.slotCount()).isEqualTo(2);
        PoolMetric cpu = agg.record("web-keep", "cpu", 10, 5000, created).fact;
        assertThat(cpu.getValue()).isEqualTo(10.0);
        assertThat(cpu.getNodes()).isEqualTo(1);
    }

    @Test
    void aPoolLevelReadingCountsAsNoNodeButFeedsTheValue() {
        PoolAggregate agg = new PoolAggregate("web", 720, 64);
        agg.record("web-1", "rps", 100, 1000, created);
        PoolMetric rps = agg.record(PoolAggregate.POOL_LEVEL, "rps", 300, 1000, created).fact;
        assertThat(rps.getNodes()).isEqualTo(1);
        assertThat(rps.getValue()).isEqualTo(200.0); // the mean of the node's reading and the pool's
    }

    /** The median, mean and node count against the plain way (a map of each node's latest reading) over random readings and leavers. */
    @Test
    void medianMeanAndNodesAnswerLikeAMapOfLatestReadings() {
        for (long seed = 1; seed <= 100; seed++) {
            Random r = new Random(seed);
            PoolAggregate agg = new PoolAggregate("web", 720, 64);
            Map<String, Double> latest = new LinkedHashMap<>();
            long t = 1_767_225_600_000L;
            PoolAggregate.MetricState m = null;
            for (int step = 0; step < 1_500; step++) {
                t += r.nextInt(700);
                String node = r.nextInt(12) == 0 ? PoolAggregate.POOL_LEVEL : "web-" + r.nextInt(20); // up to 20 slots: the arrays grow
                if (r.nextInt(6) == 0 && !latest.isEmpty()) {
                    String gone = new ArrayList<>(latest.keySet()).get(r.nextInt(latest.size()));
                    if (gone.isEmpty()) continue; // a pool-level reading does not leave
                    agg.removeNode(gone, t);
                    latest.remove(gone);
                } else {
                    double v = r.nextInt(4) == 0 ? r.nextInt(3) * 10 : r.nextInt(5) == 0 ? -0.0 : r.nextGaussian() * 40;
                    m = agg.record(node, "cpu", v, t, created);
                    latest.put(node, v);
                }
                if (m == null) continue;
                List<Double> values = new ArrayList<>(latest.values());
                assertThat(Double.doubleToRawLongBits(m.median())).as("seed %d step %d %s", seed, step, latest)
                        .isEqualTo(Double.doubleToRawLongBits(values.isEmpty() ? Double.NaN : SortedValuesTest.naiveMedian(values)));
                assertThat(m.count).isEqualTo(latest.size());
                assertThat(m.nodes()).isEqualTo(latest.size() - (latest.containsKey(PoolAggregate.POOL_LEVEL) ? 1 : 0));
                double sum = 0;
                for (double v : values) sum += v;
                assertThat(m.sum).as("seed %d step %d", seed, step).isCloseTo(Math.abs(sum) < 1e-9 ? 0 : sum, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }
}
