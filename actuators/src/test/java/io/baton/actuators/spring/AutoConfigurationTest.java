package io.baton.actuators.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.command.CommandActuator;
import io.baton.actuators.command.CommandActuatorAutoConfiguration;
import io.baton.actuators.kubernetes.KubernetesActuator;
import io.baton.actuators.kubernetes.KubernetesActuatorAutoConfiguration;
import io.baton.actuators.ha.SharedStateDouble;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.actuators.local.Front;
import io.baton.actuators.local.LocalActuator;
import io.baton.actuators.local.LocalActuatorAutoConfiguration;
import io.baton.actuators.reconcile.ReconcileAutoConfiguration;
import io.baton.actuators.reconcile.ReconcileScheduler;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.NodeState;
import io.baton.engine.model.Pool;
import io.baton.engine.port.Actuator;
import io.baton.engine.port.Leadership;
import io.baton.engine.port.LeadershipListener;
import io.baton.engine.port.LifecycleListener;
import io.baton.engine.port.SharedState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configurations as the app sees them: Actuator beans by type, validated settings, listeners resolved lazily. */
class AutoConfigurationTest {
    @TempDir Path data;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(io.baton.state.PoolCatalogAutoConfiguration.class, LocalActuatorAutoConfiguration.class, KubernetesActuatorAutoConfiguration.class,
                        CommandActuatorAutoConfiguration.class, ReconcileAutoConfiguration.class))
                .withPropertyValues("baton.local.data-dir=" + data, "baton.reconcile.interval=1h",
                        "baton.pools.web.actuator=local", "baton.pools.web.customer=acme", "baton.pools.web.cores=2",
                        "baton.pools.web.local.port-start=" + (40000 + (int) (Math.random() * 5000)), "baton.pools.web.local.drain-timeout=2s",
                        "baton.pools.etl.actuator=command", "baton.pools.etl.customer=acme", "baton.pools.etl.command.provision=true", "baton.pools.etl.command.deprovision=true",
                        "baton.pools.k8s.actuator=kubernetes", "baton.pools.k8s.customer=acme", "baton.pools.k8s.kubernetes.name=web", "baton.pools.k8s.kubernetes.namespace=shop");
    }

    @Test void everyActuatorIsAnActuatorBeanAndLocalPublishesToListenerBeans() {
        RecordingListener listener = new RecordingListener();
        runner().withBean("recording", LifecycleListener.class, () -> listener).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBeansOfType(Actuator.class).values()).extracting(Actuator::type)
                    .containsExactlyInAnyOrder("local", "kubernetes", "command");
            assertThat(ctx).hasSingleBean(LocalActuator.class).hasSingleBean(KubernetesActuator.class)
                    .hasSingleBean(CommandActuator.class).hasSingleBean(ReconcileScheduler.class).doesNotHaveBean(Front.class);
            LocalActuator local = ctx.getBean(LocalActuator.class);
            Pool web = new Pool("web", "acme", "", "", 0, 10, 2);
            local.apply(web, new Decision("s1", DecisionKind.SCALE_OUT, "web", 1, null, "test", List.of(), "test"));
            listener.awaitCount(NodeState.RUNNING, 1, Duration.ofSeconds(20));
            assertThat(listener.events()).allMatch(e -> e.customer().equals("acme") && e.cores() == 2);
        });
        assertThat(listener.events().stream().map(e -> e.state()).toList())
                .as("closing the context drains and stops the nodes").endsWith(NodeState.DRAINING, NodeState.TERMINATED);
    }

    @Test void withSharedStateAndLeadershipBeansTheActuatorsWaitForLeadingAndKeepTheirStateShared() throws Exception {
        SharedStateDouble db = new SharedStateDouble(7);
        SharedStateDouble.Replica replica = db.replica(0);
        db.put("node-book", "web", "{not json"); // proves the local actuator reads the shared state, with no node started
        Leadership leadership = new Leadership() {
            @Override public String replicaId() { return "r1"; }
            @Override public boolean mayAct() { return replica.epoch() > 0; }
            @Override public long epoch() { return replica.epoch(); }
            @Override public void onChange(LeadershipListener listener) { }
        };
        Path epochs = data.resolve("epochs");
        runner().withBean(SharedState.class, () -> replica).withBean(Leadership.class, () -> leadership)
                .withPropertyValues("baton.pools.etl.command.provision=echo $BATON_EPOCH >> " + epochs).run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    CommandActuator command = ctx.getBean(CommandActuator.class);
                    LocalActuator local = ctx.getBean(LocalActuator.class);
                    assertThat(command.acting()).as("epoch 0 at the start: follows until told").isFalse();
                    assertThat(local.acting()).isFalse();

                    replica.epoch(7);
                    command.leading(7);
                    local.leading(7);
                    Pool etl = new Pool("etl", "acme", "", "", 0, 10, 1);
                    command.apply(etl, new Decision("c1", DecisionKind.SCALE_OUT, "etl", 1, null, "test", List.of(), "test"));
                    long deadline = System.currentTimeMillis() + 20_000;
                    while (!command.ready(etl) && System.currentTimeMillis() < deadline) Thread.sleep(20);
                    assertThat(java.nio.file.Files.readAllLines(epochs)).containsExactly("7");
                    assertThat(db.claimed("command/etl")).containsExactly("c1");
                    assertThat(replica.read("node-book", "etl")).contains("\"state\":\"RUNNING\"");

                    assertThat(local.ready(new Pool("web", "acme", "", "", 0, 10, 2))).isFalse();
                    assertThat(data.resolve("nodes").resolve("web.json")).doesNotExist();
                });
    }

    @Test void theFrontComesWithItsPort() {
        runner().withPropertyValues("baton.local.front-port=0").run(ctx -> assertThat(ctx).hasSingleBean(Front.class));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "baton.pools.web.local.port-start=80                 | pool web: local.port-start: must be greater than or equal to 1024",
            "baton.pools.web.local.max-start-attempts=0          | pool web: local.max-start-attempts",
            "baton.pools.k8s.kubernetes.kind=DaemonSet           | pool k8s: kubernetes.kind: must be Deployment or StatefulSet",
            "baton.pools.etl.command.webhook-url=ftp://x/y       | webhook-url must be http(s)",
            "baton.pools.etl.command.pass-env=AWS_PROFILE,BATON_OPS_TOKEN | Baton's own variable BATON_OPS_TOKEN is never passed",
            "baton.pools.etl.command.provision=                  | needs command.provision/deprovision or command.webhook-url"})
    void badSettingsFailTheStartWithAClearMessage(String property, String message) {
        ApplicationContextRunner r = runner().withPropertyValues(property);
        if (property.startsWith("baton.pools.etl.command.provision")) r = r.withPropertyValues("baton.pools.etl.command.deprovision=");
        r.run(ctx -> {
            assertThat(ctx).hasFailed();
            Throwable t = ctx.getStartupFailure();
            StringBuilder all = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause()) all.append(c.getMessage()).append('\n');
            assertThat(all.toString()).contains(message);
        });
    }

    @Test void anActuatorCanBeSwitchedOff() {
        runner().withPropertyValues("baton.kubernetes.enabled=false", "baton.command.enabled=false").run(ctx ->
                assertThat(ctx.getBeansOfType(Actuator.class).values()).extracting(Actuator::type).containsExactly("local"));
    }
}
