package io.baton.engine.guard;

import io.baton.engine.journal.Limit;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Floor;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The normalize step between the rules and the actuators: min/max clamps, the maximum step, the
 * customer's quota, the customer's cost budget per day ({@link BudgetGuard}), cooldowns per direction, scale-in stabilization, flap protection, dry-run, and the
 * {@link ReplacementPolicy}. Holds the cooldown clocks, which outlive rule reloads, so a reload never
 * repeats an action. Judging changes nothing: a cooldown starts only once the actuator accepted the
 * decision ({@link #accepted}), so a failed dispatch may be retried at the next evaluation.
 * Planned requests (from people) skip cooldowns but start them, and are refused whole when they do not
 * fit the quota. Refilling a pool below its minimum (or trimming one above its maximum) skips cooldowns
 * and holds back only scale-in. Not thread-safe: the engine owns it.
 */
public final class Guardrails {
    private final Function<String, GuardrailSettings> settings;
    private final FlapEstimator flap;
    private final QuotaGuard quota;
    private final BudgetGuard budget;
    private final Function<String, Floor> floors;
    private final ReplacementPolicy replacements = new ReplacementPolicy();
    private final Map<String, Long> lastScaleOut = new HashMap<>();
    private final Map<String, Long> lastScale = new HashMap<>();
    private ScaleTimes.Listener scaled = (pool, times) -> { };

    /** Told each time a pool's scale times change, so they can outlive this engine (a new leader honours them). */
    public void onScaled(ScaleTimes.Listener listener) { this.scaled = listener; }

    /** Restores a pool's scale times kept by an earlier engine (this process's or another leader's). */
    public void restore(String pool, ScaleTimes times) {
        if (times.lastScaleOut() > 0) lastScaleOut.merge(pool, times.lastScaleOut(), Math::max);
        if (times.lastScale() > 0) lastScale.merge(pool, times.lastScale(), Math::max);
    }

    /** A pool's scale times now (0 for never). */
    public ScaleTimes scaleTimes(String pool) {
        return new ScaleTimes(lastScaleOut.getOrDefault(pool, 0L), lastScale.getOrDefault(pool, 0L));
    }

    /**
     * @param quotaOf a customer's quota of nodes ({@link Long#MAX_VALUE} for none)
     * @param heldBy the nodes counting as capacity across a customer's pools
     */
    public Guardrails(Function<String, GuardrailSettings> settings, FlapEstimator flap,
                      ToLongFunction<String> quotaOf, ToLongFunction<String> heldBy) {
        this(settings, flap, quotaOf, heldBy, pool -> null, Budgets.NONE, null);
    }

    /** @param floors the highest floor a rule keeps under a pool right now, or null: no scale-in goes below it */
    public Guardrails(Function<String, GuardrailSettings> settings, FlapEstimator flap,
                      ToLongFunction<String> quotaOf, ToLongFunction<String> heldBy, Function<String, Floor> floors) {
        this(settings, flap, quotaOf, heldBy, floors, Budgets.NONE, null);
    }

    /**
     * @param budgets the customers' cost budgets per day
     * @param fleet the customers' pools and their capacity, which the budget reads (may be null with {@link Budgets#NONE})
     */
    public Guardrails(Function<String, GuardrailSettings> settings, FlapEstimator flap, ToLongFunction<String> quotaOf,
                      ToLongFunction<String> heldBy, Function<String, Floor> floors, Budgets budgets, CustomerFleet fleet) {
        this.floors = floors;
        this.settings = settings;
        this.flap = flap;
        this.quota = new QuotaGuard(quotaOf, heldBy);
        this.budget = new BudgetGuard(budgets, fleet);
    }

    /** Where {@code customer} stands against its budget at {@code now}, or null when it has none. */
    public BudgetStatus budget(String customer, long now) {
        return budget.status(customer, now, quota.reserved(customer, now));
    }

    public GuardrailSettings settings(String pool) { return settings.apply(pool); }

    public ReplacementPolicy replacements() { return replacements; }

    /**
     * Judges {@code d} for {@code pool}, which holds {@code nodes} nodes as its actuator reported them,
     * at engine time {@code now}. For a replacement, {@code nodeState} is the node's state (null when
     * unknown) and {@code health} how the pool's running nodes look.
     */
    public Verdict normalize(Decision d, Pool pool, int nodes, long now, NodeState nodeState, PoolHealth health) {
        GuardrailSettings s = settings.apply(pool.getName());
        if (d.getKind() == DecisionKind.REPLACE_NODE) return replacements.judge(d, nodes, nodeState, health, s);
        List<String> reasons = new ArrayList<>();
        Set<Limit> limits = EnumSet.noneOf(Limit.class);

        long current = nodes;
        long delta = switch (d.getKind()) {
            case SCALE_OUT -> d.getAmount();
            case SCALE_IN -> -(long) d.getAmount();
            default -> (long) d.getAmount() - current;
        };
        long wanted = delta;
        boolean planned = !"rules".equals(d.getRequester());
        boolean refill = d.isFloor() || d.getKind() == DecisionKind.SET_CAPACITY && (current < pool.getMin() || current > pool.getMax());

        if (current + delta > pool.getMax()) {
            delta = Math.max(0, pool.getMax() - current);
            reasons.add("max " + pool.getMax() + " nodes");
            limits.add(Limit.MAX);
        }
        if (current + delta < pool.getMin()) {
            delta = Math.min(0, pool.getMin() - current);
            reasons.add("min " + pool.getMin() + " nodes");
            limits.add(Limit.MIN);
        }
        Floor floor = delta < 0 ? floors.apply(pool.getName()) : null;
        if (floor != null && current + delta < Math.min(floor.getNodes(), pool.getMax())) {
            delta = Math.min(0, Math.min(floor.getNodes(), pool.getMax()) - current);
            reasons.add("floor " + floor.getNodes() + " nodes kept by \"" + floor.getRule() + "\"");
            limits.add(Limit.FLOOR);
        }
        if (Math.abs(delta) > s.maxStep()) {
            delta = Long.signum(delta) * s.maxStep();
            reasons.add("max step " + s.maxStep());
            limits.add(Limit.MAX_STEP);
        }
        if (delta > 0) {
            String customer = pool.getCustomer();
            long room = quota.room(customer, now);
            if (delta > room) {
                String why = "quota: customer " + customer + " may hold " + quota.quota(customer) + " nodes, holds "
                        + quota.held(customer, now) + ", asked for " + delta + " more";
                reasons.add(why);
                limits.add(Limit.QUOTA);
                if (planned) return new Verdict(d, 0, Outcome.SUPPRESSED, reasons, limits, refill);
                delta = room;
            }
        }
        if (delta == 0) {
            if (reasons.isEmpty()) reasons.add("already at " + current + " nodes");
            return new Verdict(d, 0, Outcome.SUPPRESSED, reasons, limits, refill);
        }
        if (!planned && !refill) {
            Verdict held = delta > 0 ? cooldown(d, pool, now, s, reasons, limits) : stabilization(d, pool, current, delta, now, s, reasons, limits);
            if (held != null) return held;
        }
        boolean belowMin = d.getKind() == DecisionKind.SET_CAPACITY && current < pool.getMin();
        if (delta > 0 && !belowMin) {
            long fit = budgetFit(pool, delta, now, reasons, limits);
            if (fit < delta) {
                if (planned || fit == 0) return new Verdict(d, 0, Outcome.SUPPRESSED, reasons, limits, refill);
                delta = fit;
            }
        }
        int approved = (int) Math.abs(delta);
        Decision out = toDelta(d, delta);
        if (s.dryRun()) {
            reasons.add("dry-run");
            limits.add(Limit.DRY_RUN);
            return new Verdict(out, approved, Outcome.DRY_RUN, reasons, limits, refill);
        }
        return new Verdict(out, approved, delta != wanted ? Outcome.CLAMPED : Outcome.EXECUTED, reasons, limits, refill);
    }

    /**
     * How many of {@code delta} more nodes fit the customer's budget per day (a rule's scale-out is
     * clamped to it, a planned request that does not fit is refused whole). Refilling a pool to its
     * minimum and replacements never come here: the budget never blocks healing.
     */
    private long budgetFit(Pool pool, long delta, long now, List<String> reasons, Set<Limit> limits) {
        Budget b = budget.budget(pool.getCustomer());
        if (b == null) return delta;
        BudgetStatus s = budget(pool.getCustomer(), now);
        long room = BudgetGuard.room(s, b, pool);
        if (delta <= room) return delta;
        reasons.add(BudgetGuard.reason(s, b, pool, delta, room));
        limits.add(Limit.BUDGET);
        return room;
    }

    private Verdict cooldown(Decision d, Pool pool, long now, GuardrailSettings s, List<String> reasons, Set<Limit> limits) {
        Long last = lastScaleOut.get(pool.getName());
        if (last == null || now - last >= s.scaleOutCooldown().toMillis()) return null;
        reasons.add("scale-out cooldown " + s.scaleOutCooldown().toSeconds() + "s after the scale-out at " + Instant.ofEpochMilli(last));
        limits.add(Limit.COOLDOWN);
        return new Verdict(d, 0, Outcome.SUPPRESSED, reasons, limits, false);
    }

    private Verdict stabilization(Decision d, Pool pool, long current, long delta, long now, GuardrailSettings s,
                                  List<String> reasons, Set<Limit> limits) {
        Long last = lastScale.get(pool.getName());
        if (last != null && now - last < s.scaleInStabilization().toMillis()) {
            reasons.add("scale-in stabilization " + s.scaleInStabilization().toSeconds() + "s after the scaling at " + Instant.ofEpochMilli(last));
            limits.add(Limit.STABILIZATION);
            return new Verdict(d, 0, Outcome.SUPPRESSED, reasons, limits, false);
        }
        if (s.flapProtection() && flap != null) {
            String rule = flap.wouldScaleOut(pool.getName(), (int) current, (int) (current + delta));
            if (rule != null) {
                reasons.add("flap: with " + (current + delta) + " nodes \"" + rule + "\" would scale out");
                limits.add(Limit.FLAP);
                return new Verdict(d, 0, Outcome.DEFERRED, reasons, limits, false);
            }
        }
        return null;
    }

    /**
     * Called just before an approved verdict goes to the actuator, with the decision as dispatched:
     * the growth it brings is reserved against the customer's quota.
     */
    public void dispatching(Decision dispatched, Pool pool, long now) {
        if (dispatched.getKind() == DecisionKind.SCALE_OUT) quota.reserve(dispatched, pool.getCustomer(), dispatched.getAmount(), now);
    }

    /** The actuator refused the decision: its reservation is given back and no cooldown starts. */
    public void failed(Verdict v) {
        quota.release(v.decision());
    }

    /** The actuator accepted the decision: cooldowns start, and a replacement is in progress. */
    public void accepted(Verdict v, Pool pool, long now, NodeState nodeState) {
        Decision d = v.decision();
        if (d.getKind() == DecisionKind.REPLACE_NODE) {
            replacements.accepted(d, nodeState);
            return;
        }
        if (d.getKind() == DecisionKind.SCALE_OUT && !v.refill()) lastScaleOut.put(pool.getName(), now);
        lastScale.put(pool.getName(), now);
        scaled.scaled(pool.getName(), scaleTimes(pool.getName()));
    }

    /** Every node transition: reservations turn into capacity, and a node gone ends its replacement. */
    public void lifecycle(LifecycleEvent e) {
        quota.lifecycle(e);
        budget.lifecycle(e);
        if (e.state().isFinal()) replacements.nodeGone(e.pool(), e.node());
    }

    /** Scale decisions reach actuators as plain scale-out or scale-in by a positive amount. */
    private static Decision toDelta(Decision d, long delta) {
        DecisionKind kind = delta > 0 ? DecisionKind.SCALE_OUT : DecisionKind.SCALE_IN;
        return new Decision(d.getId(), kind, d.getPool(), (int) Math.abs(delta), null, d.getRule(), d.getMatched(), d.getRequester());
    }
}
