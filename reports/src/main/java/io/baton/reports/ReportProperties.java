package io.baton.reports;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code baton.reports.*}: where reports go, when they run, prices and customer tags.
 *
 * @param schedule cron (UTC) of the daily report of the previous day
 * @param prices per customer: {@code per-node-hour} or {@code per-core-hour}, and {@code currency}
 * @param tags per customer: tags copied into every line item (e.g. cost centre)
 * @param chunkSize nodes per committed chunk
 * @param queryTimeout how long to wait for InfluxDB's answer to one query (or, streamed, for its next chunk)
 * @param queryChunkRows rows per chunk of InfluxDB's streamed answers (what the reader holds of an answer at once)
 * @param readers InfluxDB queries in flight at once: the CPU-seconds are read in that many stretches of whole days
 */
@ConfigurationProperties("baton.reports")
@Validated
public record ReportProperties(@DefaultValue("true") boolean enabled, @DefaultValue("0 15 0 * * *") String schedule,
                               @DefaultValue("data/reports") @NotBlank String outDir, Map<String, Price> prices,
                               Map<String, Map<String, String>> tags, @DefaultValue("200") @Min(1) int chunkSize,
                               @DefaultValue("120s") Duration queryTimeout, @DefaultValue("10000") @Min(1) int queryChunkRows,
                               @DefaultValue("2") @Min(1) int readers) {

    public ReportProperties {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A customer's price: per node-hour or per core-hour (one of them). */
    public record Price(BigDecimal perNodeHour, BigDecimal perCoreHour, @DefaultValue("USD") String currency) { }
}
