package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.model.PoolMetric;
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
}
