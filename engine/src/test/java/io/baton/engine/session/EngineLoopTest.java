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

    @Test
    void publishersNeverBlockWhileTheEngineIsBusyAndSamplesAreFull() throws Exception {
        Pool web = new Pool("web", "acme", "shop", "nginx", 0, 50, 1);
        long start = 1_767_225_600_000L;
        RuleEngine engine = new RuleEngine(EngineSettings.defaults().withPseudoClock(true),
                new PolicyManager(ShippedRules.DIR, new RuleCompiler()).load(), List.of(web), p -> null,
                p -> GuardrailSettings.DEFAULTS, new DecisionJournal(1000), start);
        EngineLoop loop = new EngineLoop(engine, false, Duration.ofMillis(50), 16).start();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        Thread blocker = new Thread(() -> loop.call(e -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        blocker.start();
        busy.await();
        for (int i = 0; i < 100; i++) loop.accept(List.of(new Sample("web", "web-1", "cpu", 50, start)));
        assertThat(loop.dropped()).isEqualTo(100 - 16);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                loop.onLifecycle(io.baton.engine.model.LifecycleEvent.of(web, "web-" + i, io.baton.engine.model.NodeState.REQUESTED, "", start, ""));
            }
        });
        publisher.start();
        publisher.join(5000);
        assertThat(publisher.isAlive()).as("a lifecycle publisher blocked on a busy engine").isFalse();
        release.countDown();
        blocker.join();
        int nodes = loop.call(e -> e.pool("web").getNodes());
        assertThat(nodes).isEqualTo(1000);
        loop.close();
        engine.close();
    }

    @Test
    void tellsHowLongEachEvaluationTookOnTheEngineThread() throws Exception {
        Pool web = new Pool("web", "acme", "shop", "nginx", 0, 50, 1);
        long start = 1_767_225_600_000L;
        RuleEngine engine = new RuleEngine(EngineSettings.defaults().withPseudoClock(true),
                new PolicyManager(ShippedRules.DIR, new RuleCompiler()).load(), List.of(web), p -> null,
                p -> GuardrailSettings.DEFAULTS, new DecisionJournal(1000), start);
        engine.lifecycle(io.baton.engine.model.LifecycleEvent.of(web, "web-1", io.baton.engine.model.NodeState.RUNNING, "", start, ""));
        List<Long> took = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        EngineLoop loop = new EngineLoop(engine, false, Duration.ofMillis(50), 16).onEvaluated(nanos -> {
            took.add(nanos);
            threads.add(Thread.currentThread().getName());
        }).start();
        for (int i = 1; i <= 5; i++) loop.acceptBlocking(List.of(new Sample("web", "web-1", "cpu", 50, start + i * 1000L)));
        long ingested = loop.call(RuleEngine::samplesIngested);
        long evaluatedAt = loop.call(RuleEngine::now);
        assertThat(ingested).isEqualTo(5);
        assertThat(evaluatedAt).as("the engine still evaluates at the newest sample").isEqualTo(start + 5000L);
        assertThat(took).isNotEmpty().allMatch(n -> n >= 0);
        assertThat(threads).containsOnly("baton-engine");
        assertThat(loop.dropped()).isZero();
        loop.close();
        engine.close();
    }

    /**
     * On the pseudo clock, through the loop's batching: the reading taken 120.0 s after the first high one makes
     * "CPU above 80% for 2 minutes" fire in the evaluation that reading triggers, dated at the reading's own time.
     */
    @Test
    void aReadingFiresItsRuleInTheEvaluationItTriggersAtItsOwnTime() throws Exception {
        Pool web = new Pool("web", "acme", "shop", "nginx", 1, 10, 1);
        long start = 1_767_225_600_000L;
        EngineLoop[] loop = new EngineLoop[1];
        RuleEngine[] engine = new RuleEngine[1];
        SimulatedFleet fleet = new SimulatedFleet(e -> loop[0].onLifecycle(e), () -> engine[0].now());
        engine[0] = new RuleEngine(EngineSettings.defaults().withPseudoClock(true),
                new PolicyManager(ShippedRules.DIR, new RuleCompiler()).load(), List.of(web), p -> fleet,
                p -> GuardrailSettings.DEFAULTS, new DecisionJournal(1000), start);
        engine[0].lifecycle(io.baton.engine.model.LifecycleEvent.of(web, "web-1", io.baton.engine.model.NodeState.RUNNING, "", start, ""));
        loop[0] = new EngineLoop(engine[0], false, Duration.ofMillis(50), 16).start();
        long first = start + 300; // readings at x.3 s
        for (int k = 0; k <= 120; k++) {
            loop[0].acceptBlocking(List.of(new Sample("web", "web-1", "cpu", 95, first + k * 1000L)));
            loop[0].call(e -> null); // the reading's batch is in; the next call runs after that batch's evaluation
            List<io.baton.engine.journal.JournalEntry> decided = loop[0].call(e -> e.journal().all());
            if (k < 120) {
                assertThat(decided).as("after the reading at %d.3 s", k).isEmpty();
            } else {
                // the scale-out's own REQUESTED events may already have made the rule fire again, SUPPRESSED by the cooldown
                decided = decided.stream().filter(e -> e.outcome() == io.baton.engine.journal.Outcome.EXECUTED).toList();
                assertThat(decided).hasSize(1);
                assertThat(decided.get(0).action()).isEqualTo("scale_out");
                assertThat(decided.get(0).rule()).isEqualTo("CPU above 80% for 2 minutes adds 2 nodes");
                assertThat(decided.get(0).time()).as("dated at the reading at 120.3 s").isEqualTo(first + 120_000);
            }
        }
        loop[0].close();
        engine[0].close();
    }
}
