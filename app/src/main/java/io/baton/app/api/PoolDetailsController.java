package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.app.security.Caller;
import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.model.Pool;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the console's pool page shows besides the pool itself: its charts, its rules and its guardrails now. */
@RestController
@RequestMapping("/api/pools/{pool}")
class PoolDetailsController {
    private final EngineService engine;
    private final PoolChart charts;
    private final PoolRules rules;

    PoolDetailsController(EngineService engine, PoolChart charts, PoolRules rules) {
        this.engine = engine;
        this.charts = charts;
        this.rules = rules;
    }

    /**
     * A pool's guardrails now. Times are epoch millis, 0 when not running; {@code quota} is -1 for none.
     *
     * @param health how the pool's running nodes look (why healing is paused, when it is)
     */
    record GuardrailsJson(String pool, long scaleOutCooldownEnds, long scaleInStabilizationEnds, long scaleOutCooldownSeconds,
                          long scaleInStabilizationSeconds, int maxStep, boolean dryRun, boolean flapProtection,
                          boolean healingPaused, String health, long quota, long held, boolean known) { }

    @GetMapping("/chart")
    PoolChart.Chart chart(@PathVariable String pool, @RequestParam(defaultValue = "1h") String range) {
        Pool p = CallerAccess.pool(engine, pool, CallerAccess.caller());
        return charts.of(pool, p.getCustomer(), PoolChart.Range.of(range));
    }

    @GetMapping("/rules")
    List<PoolRules.RuleInfo> rules(@PathVariable String pool) {
        Pool p = CallerAccess.pool(engine, pool, CallerAccess.caller());
        return rules.of(pool, p.getCustomer());
    }

    /** When each node last sent a sample (epoch millis; its start time until its first sample). */
    @GetMapping("/last-samples")
    java.util.Map<String, Long> lastSamples(@PathVariable String pool) {
        CallerAccess.pool(engine, pool, CallerAccess.caller());
        return engine.lastSamples(pool);
    }

    @GetMapping("/guardrails")
    GuardrailsJson guardrails(@PathVariable String pool) {
        Caller caller = CallerAccess.caller();
        Pool p = CallerAccess.pool(engine, pool, caller);
        long quota = engine.quota(p.getCustomer());
        long held = 0;
        for (String name : engine.poolsOf(p.getCustomer())) held += engine.capacityOf(name);
        EngineService.GuardrailView v = engine.guardrailView(pool);
        GuardrailSettings s = v == null ? GuardrailSettings.DEFAULTS : v.settings();
        return new GuardrailsJson(pool, v == null ? 0 : v.scaleOutCooldownEnds(), v == null ? 0 : v.scaleInStabilizationEnds(),
                s.scaleOutCooldown().toSeconds(), s.scaleInStabilization().toSeconds(), s.maxStep(), s.dryRun(), s.flapProtection(),
                v != null && v.healingPaused(), v == null ? "not known on this replica (it does not lead)" : v.health(),
                quota == Long.MAX_VALUE ? -1 : quota, held, v != null);
    }
}
