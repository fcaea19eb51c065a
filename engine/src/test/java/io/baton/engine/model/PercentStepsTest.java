package io.baton.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code add {pct} percent more nodes} rounds up, {@code remove {pct} percent of the nodes} down; both at least 1. */
class PercentStepsTest {

    @Test
    void addRoundsUpAndIsAtLeastOne() {
        assertThat(Decision.percentMore(4, 50)).isEqualTo(2);   // 2.0
        assertThat(Decision.percentMore(3, 50)).isEqualTo(2);   // 1.5
        assertThat(Decision.percentMore(10, 10)).isEqualTo(1);  // 1.0, not 2 through rounding
        assertThat(Decision.percentMore(1, 20)).isEqualTo(1);   // 0.2
        assertThat(Decision.percentMore(0, 50)).isEqualTo(1);   // an empty pool still gets one
        assertThat(Decision.percentMore(7, 1000)).isEqualTo(70);
        assertThat(Decision.percentMore(3, 33.4)).isEqualTo(2); // 1.002
    }

    @Test
    void removeRoundsDownAndIsAtLeastOne() {
        assertThat(Decision.percentOf(9, 25)).isEqualTo(2);     // 2.25
        assertThat(Decision.percentOf(8, 25)).isEqualTo(2);     // 2.0
        assertThat(Decision.percentOf(10, 30)).isEqualTo(3);    // 3.0, not 2 through rounding
        assertThat(Decision.percentOf(3, 25)).isEqualTo(1);     // 0.75
        assertThat(Decision.percentOf(5, 100)).isEqualTo(5);
    }
}
