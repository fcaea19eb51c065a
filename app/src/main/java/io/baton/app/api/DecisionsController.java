package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.app.security.Caller;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.model.Pool;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The decision journal, newest first, with each decision's rule, matched facts and guardrail reasons. */
@RestController
@RequestMapping("/api/decisions")
class DecisionsController {
    private final EngineService engine;
    private final org.springframework.beans.factory.ObjectProvider<io.baton.state.JournalStore> store;

    DecisionsController(EngineService engine, org.springframework.beans.factory.ObjectProvider<io.baton.state.JournalStore> store) {
        this.engine = engine;
        this.store = store;
    }

    /** The leader's own journal; on a follower, the entries the leaders stored. */
    private List<JournalEntry> recent(String pool, int limit) {
        io.baton.state.JournalStore s = store.getIfAvailable();
        if (engine.leads() || s == null) return engine.journal().recent(pool, limit);
        return s.recent(pool, limit);
    }

    @GetMapping
    List<JournalEntry> decisions(@RequestParam(required = false) String pool, @RequestParam(defaultValue = "50") int limit) {
        Caller caller = CallerAccess.caller();
        if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("limit must be 1..10000");
        if (pool != null) {
            CallerAccess.pool(engine, pool, caller);
            return recent(pool, limit);
        }
        if (caller.isOps()) return recent(null, limit);
        return recent(null, 10_000).stream()
                .filter(e -> {
                    Pool p = engine.pool(e.pool());
                    return p != null && caller.mayUse(p.getCustomer());
                }).limit(limit).toList();
    }
}
