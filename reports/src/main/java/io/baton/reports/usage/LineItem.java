package io.baton.reports.usage;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One line of the report: a customer's use of one service and software on one UTC day, within the period.
 *
 * @param nodeMillis billable node time in milliseconds (node-hours = nodeMillis / 3,600,000)
 * @param coreMillis nodeMillis weighted by each node's cores
 * @param peakNodes the most nodes billed at the same moment
 * @param avgNodes node time divided by the part of the day inside the period
 * @param rate price per unit ({@code unit} is node-hours or core-hours), 0 when no price is configured
 */
public record LineItem(String customer, String service, String software, long day, long periodStart, long periodEnd,
                       long nodeMillis, long coreMillis, double cpuSeconds, int peakNodes, BigDecimal avgNodes,
                       long scaleOuts, long scaleIns, long replacements, String unit, BigDecimal rate, BigDecimal amount,
                       String currency, Map<String, String> tags) {

    public BigDecimal nodeHours() { return Hours.of(nodeMillis); }
    public BigDecimal coreHours() { return Hours.of(coreMillis); }
}
