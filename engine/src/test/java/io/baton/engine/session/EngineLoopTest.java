package io.baton.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.guard.GuardrailSettings;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.model.Pool;
import io.baton.engine.model.Sample;
import io.baton.engine.rules.PolicyManager;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.scenario.SimulatedFleet;
import io.baton.engine.rules.ShippedRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineLoopTest {
    @TempDir Path rules;

    @Test
    void swapsWhileTwoThreadsInsertLoseNothingAndThrowNothing() throws Exception {
        ShippedRules.copyTo(rules);
        PolicyManager pm = new PolicyManager(rules, new RuleCompiler());
        Pool web = new Pool("web", "acme", "shop", "nginx", 1, 50, 1);
        long start = 1_767_225_600_000L;
        EngineLoop[] loop = new EngineLoop[1];
        SimulatedFleet fleet = new SimulatedFleet(e -> loop[0].onLifecycle(e), System::currentTimeMillis);
        RuleEngine engine = new RuleEngine(EngineSettings.defaults().withPseudoClock(true), pm.load(), List.of(web),
                p -> fleet, p -> GuardrailSettings.DEFAULTS, new DecisionJournal(1000), start);
        loop[0] = new EngineLoop(engine, false, Duration.ofMillis(50), 1024).start();
        pm.onSwap(next -> loop[0].call(e -> e.swap(next)));

        AtomicLong sent = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    List<Sample> batch = new ArrayList<>();
                    for (int n = 0; n < 10; n++) batch.add(new Sample("web", "web-" + id + "-" + n, "cpu", 50, start + i * 100L));
                    try {
                        loop[0].acceptBlocking(batch);
                    } catch (InterruptedException e) {
                        return;
                    }
                    sent.addAndGet(batch.size());
                }
            });
            producers.add(th);
            th.start();
        }
        long version = pm.status().version();
        for (int i = 0; i < 5; i++) {
            Files.writeString(rules.resolve("heal.dslr"), Files.readString(rules.resolve("heal.dslr")) + "\n// edit " + i + "\n");
            assertThat(pm.reloadIfChanged()).isTrue();
        }
        for (Thread th : producers) th.join();
        long ingested = loop[0].call(RuleEngine::samplesIngested);
        assertThat(ingested).isEqualTo(sent.get()).isEqualTo(40_000);
        assertThat(pm.status().version()).isGreaterThan(version);
        assertThat(pm.status().lastErrors()).isEmpty();
        loop[0].close();
        engine.close();
    }
}
