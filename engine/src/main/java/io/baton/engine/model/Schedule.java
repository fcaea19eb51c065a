package io.baton.engine.model;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A weekly window in local time, as the schedule sentences say it: {@code it is a weekday between 08:00
 * and 18:00 in Europe/Berlin}, {@code it is Saturday, Sunday between 10:00 and 16:00 in Europe/Berlin}.
 * The start is included and the end excluded, both in the zone's wall time, so the window follows the
 * zone's DST changes. A window whose end is earlier than its start runs overnight: it opens on a listed
 * day and closes on the next morning. Rules call {@link #holds}; rule validation calls {@link #parse}
 * so that a bad zone, time or window is refused with its line.
 *
 * @param days the days on which the window opens
 */
public record Schedule(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Map<String, Schedule> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 10_000;

    public Schedule {
        days = Set.copyOf(days);
    }

    /** Whether it is {@code days} between {@code start} and {@code end} in {@code zone} at epoch millis {@code now}. */
    public static boolean holds(long now, String days, String start, String end, String zone) {
        String key = days + '\u0000' + start + '\u0000' + end + '\u0000' + zone;
        Schedule s = PARSED.get(key);
        if (s == null) {
            s = parse(days, start, end, zone);
            if (PARSED.size() < MAX_CACHED) PARSED.put(key, s);
        }
        return s.holds(now);
    }

    /** Whether the window is open at epoch millis {@code now}. */
    public boolean holds(long now) {
        ZonedDateTime local = Instant.ofEpochMilli(now).atZone(zone);
        LocalTime t = local.toLocalTime();
        DayOfWeek today = local.getDayOfWeek();
        if (start.isBefore(end)) return days.contains(today) && !t.isBefore(start) && t.isBefore(end);
        return (days.contains(today) && !t.isBefore(start)) || (days.contains(today.minus(1)) && t.isBefore(end));
    }

    /**
     * Reads a window: {@code days} is {@code weekday} (Monday to Friday) or a list of English day names
     * separated by commas or "and"; times are {@code HH:MM} from 00:00 to 23:59; the zone is an IANA zone
     * such as {@code Europe/Berlin}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Schedule parse(String days, String start, String end, String zone) {
        LocalTime from = time(start);
        LocalTime to = time(end);
        if (from.equals(to)) {
            throw new IllegalArgumentException("the window between " + start + " and " + end + " is empty (an overnight window ends before it starts, e.g. between 18:00 and 08:00)");
        }
        return new Schedule(dayList(days), from, to, zoneOf(zone));
    }

    private static LocalTime time(String s) {
        String t = s == null ? "" : s.strip();
        if (!TIME.matcher(t).matches()) throw new IllegalArgumentException("not a time of day: '" + s + "' (use HH:MM, 00:00 to 23:59)");
        return LocalTime.parse(t);
    }

    private static ZoneId zoneOf(String zone) {
        String z = zone == null ? "" : zone.strip();
        try {
            if (!ZoneId.getAvailableZoneIds().contains(z)) throw new DateTimeException("not an IANA zone");
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone: '" + zone + "' (use an IANA zone such as Europe/Berlin, or UTC)");
        }
    }

    private static Set<DayOfWeek> dayList(String days) {
        String d = days == null ? "" : days.strip();
        if (d.equalsIgnoreCase("weekday") || d.equalsIgnoreCase("a weekday")) {
            return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : d.split("\\s*,\\s*|\\s+and\\s+")) {
            String name = part.strip().toUpperCase(Locale.ROOT);
            try {
                out.add(DayOfWeek.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a day: '" + part.strip() + "' (use Monday to Sunday, e.g. Saturday, Sunday)");
            }
        }
        return out;
    }
}
