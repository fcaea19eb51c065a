package io.baton.engine.guard;

import io.baton.engine.model.Decision;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A customer's quota of nodes across its pools, in 64-bit arithmetic. What a customer holds is the
 * nodes counting as capacity in its pools plus the growth dispatched to actuators that they have not
 * yet reported as REQUESTED, so two decisions in a row cannot both pass on the same room. Reservations
 * an actuator never reports expire after {@link #RESERVATION_MS}. Not thread-safe: the engine owns it.
 */
final class QuotaGuard {
    static final long RESERVATION_MS = 60_000;
    private final ToLongFunction<String> quotaOf;
    private final ToLongFunction<String> heldBy;
    private final Map<String, Reservation> reserved = new HashMap<>();

    private static final class Reservation {
        final String customer;
        long nodes;
        final long until;

        Reservation(String customer, long nodes, long until) {
            this.customer = customer;
            this.nodes = nodes;
            this.until = until;
        }
    }

    /**
     * @param quotaOf the quota of a customer ({@link Long#MAX_VALUE} for none)
     * @param heldBy the nodes counting as capacity across the customer's pools
     */
    QuotaGuard(ToLongFunction<String> quotaOf, ToLongFunction<String> heldBy) {
        this.quotaOf = quotaOf;
        this.heldBy = heldBy;
    }

    long quota(String customer) { return quotaOf.applyAsLong(customer); }

    /** What {@code customer} holds now, reservations included. */
    long held(String customer, long now) {
        long sum = heldBy.applyAsLong(customer);
        for (Iterator<Reservation> it = reserved.values().iterator(); it.hasNext(); ) {
            Reservation r = it.next();
            if (r.until < now) it.remove();
            else if (r.customer.equals(customer)) sum += r.nodes;
        }
        return sum;
    }

    /** Growth of {@code customer} dispatched to actuators and not yet reported as REQUESTED. */
    long reserved(String customer, long now) {
        return held(customer, now) - heldBy.applyAsLong(customer);
    }

    /** How many more nodes {@code customer} may get; never negative. */
    long room(String customer, long now) {
        return Math.max(0, quota(customer) - held(customer, now));
    }

    /** Reserves the growth of {@code d} before it goes to the actuator. */
    void reserve(Decision d, String customer, long nodes, long now) {
        if (nodes > 0) reserved.put(d.getId(), new Reservation(customer, nodes, now + RESERVATION_MS));
    }

    /** Gives back what {@link #reserve} took when the actuator refused the decision. */
    void release(Decision d) {
        reserved.remove(d.getId());
    }

    /** A node the actuator now reports as REQUESTED turns its decision's reservation into held capacity. */
    void lifecycle(LifecycleEvent e) {
        if (e.state() != NodeState.REQUESTED) return;
        Reservation r = reserved.get(e.decision());
        if (r != null && --r.nodes <= 0) reserved.remove(e.decision());
    }
}
