package io.baton.app.api;

import io.baton.app.config.BatonProperties;
import io.baton.app.engine.EngineService;
import io.baton.app.security.Caller;
import io.baton.engine.guard.BudgetStatus;
import java.time.LocalDate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer's cost budget per day (OPS, BILLING, and the customer itself): what it spent today, what
 * remains, and what the nodes it holds commit it to until the end of the day. The engine's own figures,
 * the ones its budget guardrail decides with.
 */
@RestController
class BudgetController {
    private final EngineService engine;
    private final BatonProperties props;

    BudgetController(EngineService engine, BatonProperties props) {
        this.engine = engine;
        this.props = props;
    }

    /**
     * @param remaining the budget less what was spent today
     * @param committed what the nodes held now cost until the end of the day
     * @param remainingAfterCommitted what a scale-out still has room for
     */
    record BudgetJson(String customer, LocalDate day, String zone, String currency, double perDay, double spentToday,
                      double remaining, double committed, double remainingAfterCommitted, long nodes, double nodeHoursToday,
                      double hoursLeft) {

        static BudgetJson of(BudgetStatus s) {
            return new BudgetJson(s.customer(), s.day(), s.zone(), s.currency(), s.perDay(), money(s.spentToday()), money(s.remaining()),
                    money(s.committed()), money(s.remainingAfterCommitted()), s.nodes(), round(s.nodeHoursToday()), round(s.hoursLeft()));
        }

        private static double money(double v) { return Math.round(v * 10_000) / 10_000.0; }
        private static double round(double v) { return Math.round(v * 1_000_000) / 1_000_000.0; }
    }

    @GetMapping("/api/customers/{customer}/budget")
    BudgetJson budget(@PathVariable String customer) {
        Caller caller = CallerAccess.caller();
        if (!Caller.BILLING.equals(caller.role()) && !caller.mayUse(customer)) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "the budget of " + customer + " is for OPS, BILLING and " + customer + " only");
        }
        if (!props.customers().containsKey(customer)) throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "no customer named " + customer);
        if (!engine.hasBudget(customer)) {
            throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "customer " + customer + " has no budget (baton.customers." + customer + ".budget.per-day)");
        }
        return BudgetJson.of(engine.budget(customer));
    }
}
