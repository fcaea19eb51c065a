package io.baton.app.engine;

import io.baton.engine.rules.RuleSet;
import io.baton.engine.session.EngineLoop;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * How a reloaded rule set reaches the engine ({@link io.baton.engine.rules.PolicyManager#onSwap}): swapped in on the
 * engine's thread while an engine runs, else only kept; either way it is the set the next engine starts with.
 * Returns the set it replaced.
 */
final class RuleSwap implements UnaryOperator<RuleSet> {
    private final Supplier<EngineLoop> loop;
    private volatile RuleSet current;

    /** @param loop the loop of the engine running now, or null */
    RuleSwap(Supplier<EngineLoop> loop) {
        this.loop = loop;
    }

    /** Starts from {@code rules} (the policy manager's first load). */
    void start(RuleSet rules) { current = rules; }

    /** The rule set the engine runs, or a new engine would start with. */
    RuleSet current() { return current; }

    @Override public RuleSet apply(RuleSet next) {
        EngineLoop l = loop.get();
        if (l == null) {
            RuleSet prev = current;
            current = next;
            return prev;
        }
        RuleSet prev = l.call(en -> en.swap(next));
        current = next;
        return prev;
    }
}
