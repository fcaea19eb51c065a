package io.baton.engine.guard;

import io.baton.engine.journal.Limit;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import java.util.List;
import java.util.Set;

/**
 * What the guardrails made of a decision: the decision to dispatch (possibly resized), its outcome if
 * the actuator accepts it, the reasons for any change, and which limits made them.
 *
 * @param refill a refill below the minimum (or trim above the maximum): it starts no scale-out cooldown
 */
public record Verdict(Decision decision, int approved, Outcome outcome, List<String> reasons, Set<Limit> limits, boolean refill) {

    public Verdict {
        reasons = List.copyOf(reasons);
        limits = Set.copyOf(limits);
    }

    /** Whether the decision goes to the actuator. */
    public boolean dispatch() {
        return outcome.acted();
    }
}
