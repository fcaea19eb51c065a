package io.baton.actuators.kubernetes;

import static io.baton.engine.model.NodeState.DRAINING;
import static io.baton.engine.model.NodeState.REQUESTED;
import static io.baton.engine.model.NodeState.RUNNING;
import static io.baton.engine.model.NodeState.STARTING;
import static io.baton.engine.model.NodeState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Node;
import io.baton.engine.model.Pool;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Kubernetes actuator against fabric8's mock API server in CRUD mode (the only mock allowed here). */
@EnableKubernetesMockClient(crud = true)
class KubernetesActuatorTest {
    static KubernetesClient client;
    private static final String NS = "shop";
    private final Pool pool = new Pool("web", "acme", "shop", "nginx", 0, 20, 2);
    private RecordingListener events;
    private KubernetesActuator actuator;

    @BeforeEach void setUp() {
        client.apps().deployments().inNamespace(NS).delete();
        client.pods().inNamespace(NS).delete();
        events = new RecordingListener();
        actuator = actuator(events, false);
    }

    private KubernetesActuator actuator(RecordingListener listener, boolean dryRun) {
        KubernetesSettings s = new KubernetesSettings(NS, "Deployment", "web", dryRun, null);
        return new KubernetesActuator(() -> client, List.of(pool), name -> s, LifecyclePublisher.of(listener), Clock.systemUTC());
    }

    private void deployment(int replicas, Long generation, Long observed) {
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(observed).endStatus().build()).create();
    }

    /** What the Deployment controller would do: a pod with the workload's labels. */
    private void pod(String name, String phase, boolean ready, String ip) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .withNewStatus().withPhase(phase).withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build()).create();
    }

    private int replicas() {
        return client.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getReplicas();
    }

    private static Decision decision(String id, DecisionKind kind, int amount, String node) {
        return new Decision(id, kind, "web", amount, node, "test", List.of(), "test");
    }

    @ParameterizedTest(name = "{0} -> ready {1}")
    @CsvSource({
            "steady,        true",
            "image-change,  false",
            "paused,        false",
            "missing,       false"})
    void readyOnlyWhenTheWorkloadExistsAndNoRolloutRuns(String situation, boolean ready) {
        if (!situation.equals("missing")) deployment(2, 1L, 1L);
        var web = client.apps().deployments().inNamespace(NS).withName("web");
        switch (situation) {
            case "image-change" -> web.edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec()
                    .editFirstContainer().withImage("nginx:2").endContainer().endSpec().endTemplate().endSpec().build());
            case "paused" -> web.edit(d -> new DeploymentBuilder(d).editSpec().withPaused(true).endSpec().build());
            default -> { }
        }
        assertThat(actuator.ready(pool)).isEqualTo(ready);
    }

    @Test void statusMapsPodsToNodes() {
        deployment(2, 1L, 1L);
        pod("web-a", "Running", true, "10.0.0.1");
        pod("web-b", "Pending", false, null);
        List<NodeInfo> nodes = actuator.nodes(pool);
        assertThat(nodes).extracting(NodeInfo::id, NodeInfo::state, NodeInfo::address)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("web-a", RUNNING, "10.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("web-b", STARTING, ""));
        assertThat(actuator.status(pool)).extracting(Node::getId).containsExactlyInAnyOrder("web-a", "web-b");
    }

    @Test void scaleOutRaisesReplicasOnceAndFollowsTheNewPods() {
        deployment(1, 1L, 1L);
        pod("web-a", "Running", true, "10.0.0.1");
        actuator.nodes(pool);
        actuator.apply(pool, decision("out-1", DecisionKind.SCALE_OUT, 2, null));
        assertThat(replicas()).isEqualTo(3);
        assertThat(events.count(REQUESTED)).as("placeholders REQUESTED before apply returns").isEqualTo(2);

        actuator.apply(pool, decision("out-1", DecisionKind.SCALE_OUT, 2, null));
        KubernetesActuator restarted = actuator(new RecordingListener(), false);
        restarted.apply(pool, decision("out-1", DecisionKind.SCALE_OUT, 2, null));
        assertThat(replicas()).as("a repeated decision, even after a restart, scales once").isEqualTo(3);
        assertThat(client.apps().deployments().inNamespace(NS).withName("web").get().getMetadata().getAnnotations())
                .containsEntry(Workloads.DECISIONS, "out-1");

        pod("web-b", "Running", true, "10.0.0.2");
        pod("web-c", "Pending", false, null);
        actuator.reconcile();
        assertThat(events.states("web-b")).containsExactly(RUNNING);
        assertThat(events.states("web-c")).containsExactly(STARTING);
        assertThat(events.nodesIn(TERMINATED)).as("both placeholders retired").hasSize(2).allMatch(id -> id.contains("-pending-"));
        assertThat(actuator.status(pool)).hasSize(3);
        assertThat(events.events().stream().filter(e -> e.node().equals("web-b")).findFirst().orElseThrow().decision()).isEqualTo("out-1");
    }

    @Test void scaleInPicksTheNewestPodAndTerminatesItWhenItIsGone() throws Exception {
        deployment(2, 1L, 1L);
        pod("web-a", "Running", true, "10.0.0.1");
        actuator.nodes(pool);
        Thread.sleep(5);
        pod("web-b", "Running", true, "10.0.0.2");
        actuator.nodes(pool);
        actuator.apply(pool, decision("in-1", DecisionKind.SCALE_IN, 1, null));
        assertThat(replicas()).isEqualTo(1);
        assertThat(events.states("web-b")).containsExactly(RUNNING, DRAINING);
        assertThat(client.pods().inNamespace(NS).withName("web-b").get().getMetadata().getAnnotations())
                .containsEntry(Workloads.DELETION_COST, "-1000");

        client.pods().inNamespace(NS).withName("web-b").delete();
        actuator.reconcile();
        assertThat(events.states("web-b")).containsExactly(RUNNING, DRAINING, TERMINATED);
        assertThat(events.states("web-a")).containsExactly(RUNNING);
    }

    @Test void replaceDeletesThePodSoItsControllerMakesANewOne() {
        deployment(1, 1L, 1L);
        pod("web-a", "Running", true, "10.0.0.1");
        actuator.nodes(pool);
        actuator.apply(pool, decision("rep-1", DecisionKind.REPLACE_NODE, 1, "web-a"));
        assertThat(client.pods().inNamespace(NS).withName("web-a").get()).isNull();
        assertThat(events.states("web-a")).containsExactly(RUNNING, DRAINING);
        assertThat(events.count(REQUESTED)).isEqualTo(1);
        pod("web-z", "Running", true, "10.0.0.9");
        actuator.reconcile();
        assertThat(events.states("web-a")).containsExactly(RUNNING, DRAINING, TERMINATED);
        assertThat(events.states("web-z")).containsExactly(RUNNING);
        assertThat(replicas()).isEqualTo(1);
    }

    @Test void aStatefulSetScalesTheSameWay() {
        client.apps().statefulSets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage("postgres").endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        KubernetesSettings s = new KubernetesSettings(NS, "StatefulSet", "db", false, null);
        KubernetesActuator sts = new KubernetesActuator(() -> client, List.of(pool), name -> s, LifecyclePublisher.of(events), Clock.systemUTC());
        assertThat(sts.ready(pool)).isTrue();
        sts.apply(pool, decision("sts-1", DecisionKind.SCALE_OUT, 2, null));
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getReplicas()).isEqualTo(3);
        assertThat(events.count(REQUESTED)).isEqualTo(2);
        client.apps().statefulSets().inNamespace(NS).withName("db").delete();
    }

    @Test void dryRunChangesNothing() {
        deployment(1, 1L, 1L);
        KubernetesActuator dry = actuator(events, true);
        dry.apply(pool, decision("dry-1", DecisionKind.SCALE_OUT, 3, null));
        assertThat(replicas()).isEqualTo(1);
        assertThat(events.events()).isEmpty();
        assertThat(dry.dryRunActions(pool)).singleElement().asString().contains("would scale_out", "shop/web", "replicas now 1");
    }
}
