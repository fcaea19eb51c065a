package io.baton.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The schedule sentences' windows, in the zone's wall time; instants are worked out by hand from the tz rules. */
class ScheduleTest {
    private static final String BERLIN = "Europe/Berlin";

    private static long at(String instant) { return Instant.parse(instant).toEpochMilli(); }

    private static boolean weekday(String instant, String from, String to) {
        return Schedule.holds(at(instant), "weekday", from, to, BERLIN);
    }

    @Test
    void aWeekdayWindowIncludesItsStartAndExcludesItsEnd() {
        // Wednesday 2026-01-14; Berlin is UTC+1 in winter
        assertThat(weekday("2026-01-14T06:59:59Z", "08:00", "18:00")).isFalse();
        assertThat(weekday("2026-01-14T07:00:00Z", "08:00", "18:00")).isTrue();
        assertThat(weekday("2026-01-14T16:59:59Z", "08:00", "18:00")).isTrue();
        assertThat(weekday("2026-01-14T17:00:00Z", "08:00", "18:00")).isFalse();
        // Saturday 2026-01-17 at noon in Berlin
        assertThat(weekday("2026-01-17T11:00:00Z", "08:00", "18:00")).isFalse();
    }

    @Test
    void theWindowFollowsTheZonesChangesToAndFromSummerTime() {
        // Friday 2026-03-27: CET (UTC+1), 08:00 is 07:00 UTC
        assertThat(weekday("2026-03-27T06:30:00Z", "08:00", "18:00")).isFalse();
        assertThat(weekday("2026-03-27T07:00:00Z", "08:00", "18:00")).isTrue();
        // Monday 2026-03-30, after the change on 29 March: CEST (UTC+2), 08:00 is 06:00 UTC
        assertThat(weekday("2026-03-30T05:59:59Z", "08:00", "18:00")).isFalse();
        assertThat(weekday("2026-03-30T06:00:00Z", "08:00", "18:00")).isTrue();
        assertThat(weekday("2026-03-30T15:59:59Z", "08:00", "18:00")).isTrue();
        assertThat(weekday("2026-03-30T16:00:00Z", "08:00", "18:00")).isFalse();
        // Monday 2026-10-26, after the change back on 25 October: CET again, 08:00 is 07:00 UTC
        assertThat(weekday("2026-10-26T06:00:00Z", "08:00", "18:00")).isFalse();
        assertThat(weekday("2026-10-26T07:00:00Z", "08:00", "18:00")).isTrue();
    }

    @Test
    void aWindowOnTheNightOfTheChangeCountsWallTime() {
        // Sunday 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00 UTC; a 02:30-03:30 window opens at the jump
        assertThat(Schedule.holds(at("2026-03-29T00:59:59Z"), "Sunday", "02:30", "03:30", BERLIN)).isFalse(); // 01:59:59 CET
        assertThat(Schedule.holds(at("2026-03-29T01:00:00Z"), "Sunday", "02:30", "03:30", BERLIN)).isTrue();  // 03:00 CEST
        assertThat(Schedule.holds(at("2026-03-29T01:30:00Z"), "Sunday", "02:30", "03:30", BERLIN)).isFalse(); // 03:30 CEST
    }

    @Test
    void aWindowThatEndsBeforeItStartsRunsOvernightFromTheListedDay() {
        String days = "Saturday, Sunday";
        // Friday 2026-01-16 23:00 in Berlin: Friday is not listed
        assertThat(Schedule.holds(at("2026-01-16T22:00:00Z"), days, "22:00", "06:00", BERLIN)).isFalse();
        // Saturday 01:00: the window opened on Friday, which is not listed
        assertThat(Schedule.holds(at("2026-01-17T00:00:00Z"), days, "22:00", "06:00", BERLIN)).isFalse();
        // Saturday 22:00 opens it, and it holds past midnight into Sunday
        assertThat(Schedule.holds(at("2026-01-17T21:00:00Z"), days, "22:00", "06:00", BERLIN)).isTrue();
        assertThat(Schedule.holds(at("2026-01-17T23:30:00Z"), days, "22:00", "06:00", BERLIN)).isTrue();
        // Sunday's window holds on Monday until 06:00, excluded
        assertThat(Schedule.holds(at("2026-01-19T04:59:59Z"), days, "22:00", "06:00", BERLIN)).isTrue();
        assertThat(Schedule.holds(at("2026-01-19T05:00:00Z"), days, "22:00", "06:00", BERLIN)).isFalse();
    }

    @Test
    void dayListsTakeCommasAndAndInAnyCase() {
        assertThat(Schedule.parse("saturday and SUNDAY", "10:00", "11:00", "UTC").days())
                .containsExactlyInAnyOrder(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY);
        assertThat(Schedule.parse("Monday, Wednesday, Friday", "10:00", "11:00", "UTC").days()).hasSize(3);
    }

    @Test
    void badZonesTimesWindowsAndDaysAreRefusedByName() {
        assertThatThrownBy(() -> Schedule.parse("weekday", "08:00", "18:00", "Europe/Berlinn"))
                .hasMessageContaining("unknown time zone: 'Europe/Berlinn'");
        assertThatThrownBy(() -> Schedule.parse("weekday", "08:00", "18:00", "+02:00")).hasMessageContaining("unknown time zone");
        assertThatThrownBy(() -> Schedule.parse("weekday", "25:00", "18:00", BERLIN)).hasMessageContaining("not a time of day: '25:00'");
        assertThatThrownBy(() -> Schedule.parse("weekday", "08:00", "8:60", BERLIN)).hasMessageContaining("not a time of day: '8:60'");
        assertThatThrownBy(() -> Schedule.parse("weekday", "08:00", "08:00", BERLIN)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Schedule.parse("Saturday, Sundy", "08:00", "09:00", BERLIN)).hasMessageContaining("not a day: 'Sundy'");
    }
}
