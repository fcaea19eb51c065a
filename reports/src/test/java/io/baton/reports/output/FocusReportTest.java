package io.baton.reports.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.reports.usage.LineItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The FOCUS 1.2 file: every mandatory column, each with the type the specification requires, and the same money as the CSV. */
class FocusReportTest {
    static final long FROM = Instant.parse("2026-11-01T06:00:00Z").toEpochMilli();
    static final long TO = Instant.parse("2026-11-03T00:00:00Z").toEpochMilli();
    static final long DAY1 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    static final long DAY2 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;

    /** acme pays 0.05 EUR a core-hour: 20 core-hours on day 1 (1.00), 10 on day 2 (0.50); uni has no price, 2 core-hours. */
    static final List<LineItem> LINES = List.of(
            new LineItem("acme", "shop", "nginx:1.27", DAY1, FROM, TO, 10 * HOUR, 20 * HOUR, 3600, 3, new BigDecimal("0.555556"), 2, 1, 0,
                    "core-hours", new BigDecimal("0.05"), new BigDecimal("1.00"), "EUR", Map.of("team", "web, \"blue\"")),
            new LineItem("acme", "shop", "nginx:1.27", DAY2, FROM, TO, 5 * HOUR, 10 * HOUR, 1800, 2, new BigDecimal("0.208333"), 0, 1, 1,
                    "core-hours", new BigDecimal("0.05"), new BigDecimal("0.50"), "EUR", Map.of("team", "web, \"blue\"")),
            new LineItem("uni", "", "", DAY2, FROM, TO, 2 * HOUR, 2 * HOUR, 0, 1, new BigDecimal("0.083333"), 1, 0, 0,
                    "node-hours", BigDecimal.ZERO, BigDecimal.ZERO, "", Map.of()));

    static final Set<String> DECIMAL = Set.of("BilledCost", "ContractedCost", "EffectiveCost", "ListCost", "PricingQuantity", "ConsumedQuantity");
    static final Set<String> DATETIME = Set.of("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd");

    private static List<Map<String, String>> rows(String csv) {
        List<List<String>> records = Csv.parse(csv);
        List<String> header = records.get(0);
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            assertThat(r).as("cells per row").hasSameSizeAs(header);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), r.get(i));
            out.add(row);
        }
        return out;
    }

    @Test void theHeaderCarriesEveryMandatoryColumnAndEachColumnHasItsType() {
        String focus = FocusReport.render(FROM, TO, LINES);
        List<String> header = Csv.parse(focus).get(0);
        assertThat(header).containsAll(List.of("BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodStart",
                "BillingPeriodEnd", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd",
                "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName",
                "PublisherName", "ServiceCategory", "ServiceName"));
        assertThat(header).contains("ConsumedQuantity", "ConsumedUnit", "ResourceId", "SubAccountId", "SubAccountName", "Tags");
        assertThat(header).filteredOn(h -> !FocusReport.MANDATORY.contains(h) && !FocusReport.CONDITIONAL.contains(h)).allMatch(h -> h.startsWith("x_"));
        List<Map<String, String>> rows = rows(focus);
        assertThat(rows).hasSize(3);
        for (Map<String, String> r : rows) {
            for (String d : DECIMAL) assertThat(r.get(d)).as(d).matches("-?\\d+(\\.\\d+)?");
            for (String t : DATETIME) {
                assertThat(r.get(t)).as(t).endsWith("Z");
                Instant.parse(r.get(t));
            }
            assertThat(r.get("ChargeCategory")).isEqualTo("Usage");
            assertThat(r.get("ChargeClass")).as("null for a regular charge").isEmpty();
            assertThat(r.get("ServiceCategory")).isEqualTo("Compute");
            assertThat(r.get("BillingCurrency")).matches("[A-Z]{3}");
            assertThat(r.get("Tags")).startsWith("{").endsWith("}");
            assertThat(r.get("BilledCost")).isEqualTo(r.get("EffectiveCost")).isEqualTo(r.get("ListCost")).isEqualTo(r.get("ContractedCost"));
            for (String nonNull : List.of("BillingAccountId", "ChargeDescription", "InvoiceIssuerName", "PricingUnit", "ProviderName",
                    "PublisherName", "ServiceName", "SubAccountId", "ConsumedUnit", "ResourceId")) {
                assertThat(r.get(nonNull)).as(nonNull).isNotEmpty();
            }
        }
        Map<String, String> day1 = rows.get(0);
        assertThat(day1.get("ChargePeriodStart")).as("the charge starts with the period, not the day").isEqualTo("2026-11-01T06:00:00Z");
        assertThat(day1.get("ChargePeriodEnd")).isEqualTo("2026-11-02T00:00:00Z");
        assertThat(day1.get("BillingPeriodStart")).isEqualTo("2026-11-01T06:00:00Z");
        assertThat(day1.get("Tags")).isEqualTo("{\"team\":\"web, \\\"blue\\\"\"}");
        assertThat(day1.get("PricingUnit")).isEqualTo("Core-Hours");
        assertThat(new BigDecimal(day1.get("PricingQuantity"))).isEqualByComparingTo("20");
    }

    @Test void perCustomerTheCostsAndCoreHoursAreThoseOfTheCsvAndAnUnpricedCustomerCostsZero() {
        Map<String, BigDecimal[]> focus = new HashMap<>();
        for (Map<String, String> r : rows(FocusReport.render(FROM, TO, LINES))) {
            BigDecimal[] s = focus.computeIfAbsent(r.get("SubAccountId"), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            s[0] = s[0].add(new BigDecimal(r.get("BilledCost")));
            s[1] = s[1].add(new BigDecimal(r.get("ConsumedQuantity")));
        }
        assertThat(focus.get("acme")[0]).isEqualByComparingTo("1.50");
        assertThat(focus.get("acme")[1]).isEqualByComparingTo("30");
        assertThat(focus.get("uni")[0]).isEqualByComparingTo("0");
        assertThat(focus.get("uni")[1]).isEqualByComparingTo("2");

        Map<String, BigDecimal[]> csv = new HashMap<>();
        for (Map<String, String> r : rows(CsvReport.render(LINES))) {
            BigDecimal[] s = csv.computeIfAbsent(r.get("customer"), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            s[0] = s[0].add(new BigDecimal(r.get("amount")));
            s[1] = s[1].add(new BigDecimal(r.get("core_hours")));
        }
        for (String c : List.of("acme", "uni")) {
            assertThat(focus.get(c)[0]).as(c + " cost").isEqualByComparingTo(csv.get(c)[0]);
            assertThat(focus.get(c)[1]).as(c + " core-hours").isEqualByComparingTo(csv.get(c)[1]);
        }
    }

    /** RFC 4180 records, for reading the files back. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> out = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cell.append(c);
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    out.add(row);
                    row = new ArrayList<>();
                } else {
                    cell.append(c);
                }
            }
            return out;
        }
    }
}
