package io.baton.engine.guard;

import io.baton.engine.journal.Outcome;
import io.baton.engine.model.Decision;
import java.util.List;

/**
 * What the guardrails made of a decision: the decision to dispatch (possibly resized), its outcome,
 * and the reasons for any change.
 */
public record Verdict(Decision decision, int approved, Outcome outcome, List<String> reasons) {

    /** Whether the decision goes to the actuator. */
    public boolean dispatch() {
        return outcome == Outcome.EXECUTED || outcome == Outcome.CLAMPED;
    }
}
