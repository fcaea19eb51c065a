package io.baton.collectors.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScrapeTicksTest {
    private static final long T = 1_767_225_600_123L;

    @Test
    void scrapesNearTheirTickAreStampedWithItSoSamplesLieExactlyAnIntervalApart() {
        ScrapeTicks ticks = new ScrapeTicks(1000);
        assertThat(ticks.stamp(T)).as("the first scrape sets the ticks").isEqualTo(T);
        assertThat(ticks.stamp(T + 1_003)).isEqualTo(T + 1_000);
        assertThat(ticks.stamp(T + 1_999)).as("a millisecond early").isEqualTo(T + 2_000);
        assertThat(ticks.stamp(T + 120_025)).as("25 ms late, the tolerance").isEqualTo(T + 120_000);
    }

    @Test
    void aScrapeFarFromItsTickKeepsItsOwnTime() {
        ScrapeTicks ticks = new ScrapeTicks(1000);
        ticks.stamp(T);
        assertThat(ticks.stamp(T + 3_026)).isEqualTo(T + 3_026);
        assertThat(ticks.stamp(T + 3_600)).as("a stalled thread").isEqualTo(T + 3_600);
        assertThat(ticks.stamp(T + 5_000)).as("back on its ticks").isEqualTo(T + 5_000);
    }

    @Test
    void theToleranceIsATenthOfAShortInterval() {
        ScrapeTicks ticks = new ScrapeTicks(100);
        ticks.stamp(T);
        assertThat(ticks.stamp(T + 110)).isEqualTo(T + 100);
        assertThat(ticks.stamp(T + 211)).isEqualTo(T + 211);
    }

    @Test
    void ticksFromTheSchedulesOriginDoNotMoveWithALateFirstScrape() {
        ScrapeTicks ticks = new ScrapeTicks(1000, T);
        assertThat(ticks.stamp(T + 300)).as("a cold first scrape, 300 ms late").isEqualTo(T + 300);
        assertThat(ticks.stamp(T + 1_002)).as("the next one, on the schedule").isEqualTo(T + 1_000);
        assertThat(ticks.stamp(T + 121_001)).isEqualTo(T + 121_000);
    }

    @Test
    void anIntervalMustBePositive() {
        assertThatThrownBy(() -> new ScrapeTicks(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
