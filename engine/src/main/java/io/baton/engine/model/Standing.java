package io.baton.engine.model;

import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.rule.RuleContext;

/** What a rule's match looked like when it set a floor or a target: its name and the facts, as text. */
final class Standing {
    private Standing() { }

    static List<String> matched(RuleContext ctx) {
        List<String> out = new ArrayList<>();
        for (Object o : ctx.getMatch().getObjects()) {
            if (o != null && !(o instanceof Clock)) out.add(String.valueOf(o));
        }
        return List.copyOf(out);
    }
}
