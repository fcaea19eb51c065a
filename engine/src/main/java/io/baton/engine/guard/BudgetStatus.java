package io.baton.engine.guard;

import java.time.LocalDate;

/**
 * A customer's spend against its budget at one moment.
 *
 * @param day the calendar day of the budget, in {@code zone}
 * @param spentToday node-hours already run today × price
 * @param committed what the nodes held now cost from now to the end of the day
 * @param remaining the budget less what was spent today (negative when over)
 * @param remainingAfterCommitted the budget less the spend plus what is committed: what room a scale-out has
 * @param nodes the nodes the customer holds now, growth on its way included
 * @param nodeHoursToday the node-hours its pools ran today
 */
public record BudgetStatus(String customer, LocalDate day, String zone, String currency, double perDay, double spentToday,
                           double committed, double remaining, double remainingAfterCommitted, long nodes,
                           double nodeHoursToday, double hoursLeft) { }
