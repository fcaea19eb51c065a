package io.baton.engine.guard;

import java.time.ZoneId;

/**
 * A customer's cost budget per day, in the currency of the customer's price. The day is the calendar
 * day in {@code zone} (Baton passes UTC: customers have no zone of their own).
 *
 * @param perDay the most the customer may spend in one day
 * @param currency the currency of the price, for the journal and views
 * @param perNodeHour the price of a node-hour, or 0 when the price is per core-hour
 * @param perCoreHour the price of a core-hour, or 0 when the price is per node-hour
 */
public record Budget(double perDay, String currency, double perNodeHour, double perCoreHour, ZoneId zone) {

    public Budget {
        if (!(perDay >= 0) || Double.isInfinite(perDay)) throw new IllegalArgumentException("a budget per day must be 0 or more, got " + perDay);
        if (!(perNodeHour >= 0) || !(perCoreHour >= 0) || Double.isInfinite(perNodeHour) || Double.isInfinite(perCoreHour)) {
            throw new IllegalArgumentException("a price must be 0 or more");
        }
        if ((perNodeHour > 0) == (perCoreHour > 0)) {
            throw new IllegalArgumentException("a budget needs exactly one price above 0: per node-hour or per core-hour");
        }
        if (zone == null) throw new IllegalArgumentException("a budget needs a zone for its day");
        currency = currency == null ? "" : currency;
    }

    /** A budget in UTC days with a price per node-hour. */
    public static Budget perNodeHour(double perDay, String currency, double price) {
        return new Budget(perDay, currency, price, 0, ZoneId.of("UTC"));
    }

    /** What one node of a pool with {@code cores} cores costs an hour. */
    public double hourly(int cores) {
        return perNodeHour > 0 ? perNodeHour : perCoreHour * cores;
    }
}
