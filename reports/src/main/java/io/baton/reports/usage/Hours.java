package io.baton.reports.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Milliseconds as decimal hours with 6 decimals, rounded half-even: the one rounding the reports do. */
public final class Hours {
    private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

    private Hours() { }

    public static BigDecimal of(long millis) {
        return BigDecimal.valueOf(millis).divide(MS_PER_HOUR, 6, RoundingMode.HALF_EVEN);
    }
}
