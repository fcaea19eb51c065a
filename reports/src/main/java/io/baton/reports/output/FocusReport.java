package io.baton.reports.output;

import io.baton.reports.usage.LineItem;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The usage report as a FinOps FOCUS 1.2 cost and usage file, one row per line item (customer, service,
 * software and UTC day): the 21 mandatory columns, the conditional ones that apply (ConsumedQuantity and
 * ConsumedUnit in core-hours, ResourceId, SubAccountId and SubAccountName for the customer, Tags as JSON) and
 * custom {@code x_} columns. Internal showback: BilledCost = EffectiveCost = ContractedCost = ListCost =
 * PricingQuantity × the customer's rate, 0 (not empty) for a customer without a price. Datetimes are ISO 8601
 * UTC with {@code Z}, decimals use a dot.
 */
final class FocusReport {
    /** The mandatory columns of FOCUS 1.2, in the specification's order. */
    static final List<String> MANDATORY = List.of("BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
            "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
            "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity",
            "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName");
    static final List<String> CONDITIONAL = List.of("ConsumedQuantity", "ConsumedUnit", "ResourceId", "SubAccountId", "SubAccountName", "Tags");
    static final List<String> CUSTOM = List.of("x_NodeHours", "x_CoreHours", "x_Software", "x_PeakNodes", "x_ScaleOuts", "x_ScaleIns",
            "x_Replacements");
    static final String PROVIDER = "Baton";
    private static final String CORE_HOURS = "Core-Hours";
    private static final String NODE_HOURS = "Node-Hours";

    private FocusReport() { }

    static String header() {
        return String.join(",", MANDATORY) + "," + String.join(",", CONDITIONAL) + "," + String.join(",", CUSTOM);
    }

    static String render(long from, long to, List<LineItem> lines) {
        return Text.of(out -> write(out, from, to, lines));
    }

    /** The same text as {@link #render}, written as it goes. */
    static void write(Appendable out, long from, long to, Iterable<LineItem> lines) throws IOException {
        out.append(header()).append('\n');
        for (LineItem l : lines) {
            boolean perCore = l.unit().equals("core-hours");
            BigDecimal quantity = perCore ? l.coreHours() : l.nodeHours();
            BigDecimal cost = l.amount() == null ? BigDecimal.ZERO : l.amount();
            String money = cost.toPlainString();
            String currency = l.currency() == null || l.currency().isBlank() ? "USD" : l.currency();
            long chargeStart = Math.max(l.day(), from);
            long chargeEnd = Math.min(l.day() + 86_400_000L, to);
            String service = l.service().isEmpty() ? "nodes" : l.service();
            String software = l.software().isEmpty() ? "unnamed software" : l.software();
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("BilledCost", money);
            row.put("BillingAccountId", PROVIDER.toLowerCase());
            row.put("BillingAccountName", PROVIDER);
            row.put("BillingCurrency", currency);
            row.put("BillingPeriodEnd", Instant.ofEpochMilli(to).toString());
            row.put("BillingPeriodStart", Instant.ofEpochMilli(from).toString());
            row.put("ChargeCategory", "Usage");
            row.put("ChargeClass", ""); // null: a regular charge, not a correction
            row.put("ChargeDescription", "node usage of " + software + " for service " + service);
            row.put("ChargePeriodEnd", Instant.ofEpochMilli(chargeEnd).toString());
            row.put("ChargePeriodStart", Instant.ofEpochMilli(chargeStart).toString());
            row.put("ContractedCost", money);
            row.put("EffectiveCost", money);
            row.put("InvoiceIssuerName", PROVIDER);
            row.put("ListCost", money);
            row.put("PricingQuantity", quantity.toPlainString());
            row.put("PricingUnit", perCore ? CORE_HOURS : NODE_HOURS);
            row.put("ProviderName", PROVIDER);
            row.put("PublisherName", PROVIDER);
            row.put("ServiceCategory", "Compute");
            row.put("ServiceName", service);
            row.put("ConsumedQuantity", l.coreHours().toPlainString());
            row.put("ConsumedUnit", CORE_HOURS);
            row.put("ResourceId", "baton/" + l.customer() + "/" + service + "/" + software);
            row.put("SubAccountId", l.customer());
            row.put("SubAccountName", l.customer());
            row.put("Tags", json(l.tags()));
            row.put("x_NodeHours", l.nodeHours().toPlainString());
            row.put("x_CoreHours", l.coreHours().toPlainString());
            row.put("x_Software", l.software());
            row.put("x_PeakNodes", Integer.toString(l.peakNodes()));
            row.put("x_ScaleOuts", Long.toString(l.scaleOuts()));
            row.put("x_ScaleIns", Long.toString(l.scaleIns()));
            row.put("x_Replacements", Long.toString(l.replacements()));
            StringBuilder cells = new StringBuilder();
            for (Object v : row.values()) cells.append(cells.length() == 0 ? "" : ",").append(CsvReport.cell(String.valueOf(v)));
            out.append(cells).append('\n');
        }
    }

    /** The tags as a JSON object of strings. */
    static String json(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder("{");
        new java.util.TreeMap<>(tags).forEach((k, v) -> sb.append(sb.length() == 1 ? "" : ",").append(JsonReport.str(k)).append(':').append(JsonReport.str(v)));
        return sb.append('}').toString();
    }
}
