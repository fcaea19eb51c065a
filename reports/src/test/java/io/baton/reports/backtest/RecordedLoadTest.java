package io.baton.reports.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** L(t): the sum of each recorded node's latest cpu reading, a reading counting for up to 30 s. */
class RecordedLoadTest {

    @Test
    void twoNodesReading95GiveL190() {
        RecordedLoad l = new RecordedLoad();
        l.reading("a", 95, 1_000);
        l.reading("b", 95, 2_000);
        assertThat(l.at(2_000)).isEqualTo(190);
    }

    @Test
    void aReadingCountsForUpTo30SecondsThenNoMore() {
        RecordedLoad l = new RecordedLoad();
        l.reading("a", 60, 10_000);
        l.reading("b", 40, 20_000);
        assertThat(l.at(40_000)).as("a is 30 s old: it still counts").isEqualTo(100);
        assertThat(l.at(41_000)).as("a is 31 s old").isEqualTo(40);
        assertThat(l.at(51_000)).as("both gone").isZero();
    }

    @Test
    void theLatestReadingOfANodeReplacesItsEarlierOne() {
        RecordedLoad l = new RecordedLoad();
        l.reading("a", 30, 0);
        l.reading("a", 80, 10_000);
        l.reading("a", 10, 5_000); // older than what we have: ignored
        assertThat(l.at(10_000)).isEqualTo(80);
        assertThat(l.at(40_000)).isEqualTo(80);
        assertThat(l.at(40_001)).isZero();
    }
}
