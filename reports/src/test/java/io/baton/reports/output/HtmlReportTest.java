package io.baton.reports.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chart's numbers: the fast formatting gives what {@code String.format("%.1f")} gives. */
class HtmlReportTest {

    @Test
    void chartNumbersAreWhatTheFormatterWrites() {
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 3) {
                case 0 -> r.nextDouble() * 800;                          // x of a step
                case 1 -> 160 - r.nextInt(5000) * 150.0 / (1 + r.nextInt(3000)); // y of a step
                default -> r.nextInt(16_000) / 100.0 + 0.05;             // halves, where rounding decides
            };
            assertThat(HtmlReport.fmt(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
        for (double v : new double[] {0, -0.0, -0.04, -0.05, 0.05, 0.15, 0.25, 0.45, 1e-9, 799.95, 1e7 + 0.05}) {
            assertThat(HtmlReport.fmt(v)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
        }
    }
}
