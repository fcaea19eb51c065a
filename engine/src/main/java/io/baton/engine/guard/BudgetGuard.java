package io.baton.engine.guard;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.Pool;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * A customer's cost budget per day. Spend today = the node-hours its pools already ran today × price,
 * plus the nodes it holds after a decision × the hours left today × price; a scale-out may add only the
 * nodes that keep this within the budget. Node-hours come from the RUNNING transitions the engine saw
 * ({@link SpendMeter}), read in the same step as the decision. Not thread-safe: the engine owns it.
 */
final class BudgetGuard {
    private final Budgets budgets;
    private final CustomerFleet fleet;
    private final SpendMeter meter = new SpendMeter();

    BudgetGuard(Budgets budgets, CustomerFleet fleet) {
        this.budgets = budgets;
        this.fleet = fleet;
    }

    void lifecycle(LifecycleEvent e) { meter.lifecycle(e); }

    Budget budget(String customer) { return budgets.of(customer); }

    /**
     * Where {@code customer} stands at {@code now}, or null when it has no budget.
     *
     * @param reserved growth dispatched to actuators and not yet reported (charged at the dearest pool's price)
     */
    BudgetStatus status(String customer, long now, long reserved) {
        Budget b = budgets.of(customer);
        if (b == null) return null;
        ZonedDateTime t = Instant.ofEpochMilli(now).atZone(b.zone());
        long dayStart = t.toLocalDate().atStartOfDay(b.zone()).toInstant().toEpochMilli();
        long dayEnd = t.toLocalDate().plusDays(1).atStartOfDay(b.zone()).toInstant().toEpochMilli();
        double hoursLeft = (dayEnd - now) / 3_600_000.0;
        double spent = 0;
        double nodeHours = 0;
        double committedPerHour = 0;
        double dearest = 0;
        long nodes = reserved;
        for (Pool p : fleet.poolsOf(customer)) {
            double hourly = b.hourly(p.getCores());
            double ran = meter.nodeHours(p.getName(), dayStart, now);
            int held = fleet.capacity(p.getName());
            nodeHours += ran;
            spent += ran * hourly;
            committedPerHour += held * hourly;
            nodes += held;
            dearest = Math.max(dearest, hourly);
        }
        double committed = (committedPerHour + reserved * dearest) * hoursLeft;
        return new BudgetStatus(customer, t.toLocalDate(), b.zone().getId(), b.currency(), b.perDay(), spent, committed,
                b.perDay() - spent, b.perDay() - spent - committed, nodes, nodeHours, hoursLeft);
    }

    /** How many more nodes of {@code pool} fit in the budget of {@code s}; never negative. */
    static long room(BudgetStatus s, Budget b, Pool pool) {
        double each = b.hourly(pool.getCores()) * s.hoursLeft();
        if (each <= 0) return Long.MAX_VALUE;
        // a hair of tolerance so that an exact fit is not lost to rounding
        double fit = Math.floor(s.remainingAfterCommitted() / each + 1e-9);
        return fit <= 0 ? 0 : (long) Math.min(fit, Long.MAX_VALUE / 2);
    }

    /**
     * The journal's words: the budget, and what was spent and is committed when some room is left. When
     * none is, the words stay the same from second to second, so a rule that keeps asking leaves one entry.
     */
    static String reason(BudgetStatus s, Budget b, Pool pool, long asked, long room) {
        String head = String.format(Locale.ROOT, "budget: customer %s may spend %.2f %s a day (%s, %s)",
                s.customer(), b.perDay(), b.currency(), s.day(), s.zone()).replace(" " + " ", " ");
        if (room == 0) {
            return head + ": what it spent today and its " + s.nodes() + " nodes to the end of the day leave no room for "
                    + asked + " more";
        }
        return head + String.format(Locale.ROOT, ", spent %.2f today, %d nodes to the end of the day cost %.2f more, "
                + "room for %d of %d more at %.2f each", s.spentToday(), s.nodes(), s.committed(), room, asked, b.hourly(pool.getCores()) * s.hoursLeft());
    }
}
