package io.baton.engine.session;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.rules.RuleSet;
import io.baton.engine.scenario.SimulatedFleet;
import java.util.ArrayList;
import java.util.List;

/** A pseudo-clock engine over a simulated fleet with one pool "web", driven second by second. */
final class EngineFixture implements AutoCloseable {
    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    final Pool web;
    final DecisionJournal journal = new DecisionJournal(10_000);
    final SimulatedFleet fleet;
    final RuleEngine engine;
    long now = START;

    EngineFixture(RuleSet rules, GuardrailSettings guardrails, int nodes) {
        this(rules, guardrails, 2, nodes);
    }

    EngineFixture(RuleSet rules, GuardrailSettings guardrails, int min, int nodes) {
        web = new Pool("web", "acme", "shop", "nginx:1.27", min, 10, 2);
        RuleEngine[] holder = new RuleEngine[1];
        fleet = new SimulatedFleet(e -> holder[0].lifecycle(e), () -> now);
        engine = new RuleEngine(EngineSettings.defaults().withPseudoClock(true), rules, List.of(web), p -> fleet,
                p -> guardrails, journal, START);
        holder[0] = engine;
        fleet.seed(web, nodes);
    }

    /** Every running node reports {@code metric=value} each second for {@code seconds} seconds. */
    void run(int seconds, String metric, double value) {
        for (int i = 0; i < seconds; i++) {
            now += 1000;
            List<Sample> batch = new ArrayList<>();
            for (String n : fleet.running("web")) batch.add(new Sample("web", n, metric, value, now));
            engine.ingest(batch);
            engine.evaluate(now);
        }
    }

    /** The journal as "+SECONDS description" lines, oldest first. */
    List<String> story() {
        List<String> out = new ArrayList<>();
        for (JournalEntry e : journal.all()) out.add("+" + (e.time() - START) / 1000 + " " + e.describe());
        return out;
    }

    @Override public void close() { engine.close(); }
}
