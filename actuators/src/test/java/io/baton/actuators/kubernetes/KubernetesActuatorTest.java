package io.baton.actuators.kubernetes;

import static io.baton.engine.model.NodeState.DRAINING;
import static io.baton.engine.model.NodeState.FAILED;
import static io.baton.engine.model.NodeState.REQUESTED;
import static io.baton.engine.model.NodeState.RUNNING;
import static io.baton.engine.model.NodeState.STARTING;
import static io.baton.engine.model.NodeState.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Node;
import io.baton.engine.model.Pool;
import io.baton.engine.port.StaleEpochException;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Kubernetes actuator against fabric8's mock API server in CRUD mode (the only mock allowed here). */
@EnableKubernetesMockClient(crud = true)
class KubernetesActuatorTest {
    static KubernetesClient client;
    static KubernetesMockServer server;
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

    /** An actuator of a leader at {@code epoch}, publishing to {@code listeners}. */
    private KubernetesActuator leaderAt(long epoch, io.baton.engine.port.LifecycleListener... listeners) {
        KubernetesSettings s = new KubernetesSettings(NS, "Deployment", "web", false, null);
        return new KubernetesActuator(() -> client, List.of(pool), name -> s, LifecyclePublisher.of(listeners), Clock.systemUTC(), () -> epoch);
    }

    private Map<String, String> annotations() {
        return client.apps().deployments().inNamespace(NS).withName("web").get().getMetadata().getAnnotations();
    }

    /** Marks the Deployment as last edited by a leader at {@code epoch}, as that leader's actuator would. */
    private void editedUnder(long epoch) {
        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> new DeploymentBuilder(d).editMetadata()
                .addToAnnotations(Workloads.EPOCH, Long.toString(epoch)).addToAnnotations(Workloads.DECISION, "theirs-" + epoch)
                .endMetadata().build());
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
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("db").get().getMetadata().getAnnotations())
                .containsEntry(Workloads.EPOCH, "1").containsEntry(Workloads.DECISION, "sts-1");
        assertThat(events.count(REQUESTED)).isEqualTo(2);
        client.apps().statefulSets().inNamespace(NS).withName("db").delete();
    }

    @Test void everyEditCarriesTheEpochAndTheDecisionId() {
        deployment(1, 1L, 1L);
        pod("web-a", "Running", true, "10.0.0.1");
        KubernetesActuator leader = leaderAt(7, events);
        leader.nodes(pool);
        leader.apply(pool, decision("out-7", DecisionKind.SCALE_OUT, 2, null));
        assertThat(replicas()).isEqualTo(3);
        assertThat(annotations()).containsEntry(Workloads.EPOCH, "7").containsEntry(Workloads.DECISION, "out-7")
                .containsEntry(Workloads.DECISIONS, "out-7");

        leader.apply(pool, decision("in-7", DecisionKind.SCALE_IN, 1, null));
        assertThat(replicas()).isEqualTo(2);
        assertThat(annotations()).containsEntry(Workloads.EPOCH, "7").containsEntry(Workloads.DECISION, "in-7")
                .containsEntry(Workloads.DECISIONS, "out-7,in-7");
    }

    @Test void theEditIsOnePatchAgainstTheResourceVersionItRead() {
        deployment(1, 1L, 1L);
        editedUnder(1);
        List<String> patches = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
        // a newer leader edits the Deployment after this actuator's edit read it and before its patch lands
        Interceptor newerLeaderInBetween = new Interceptor() {
            @Override public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (!request.method().equals("PATCH") || !request.uri().getPath().endsWith("/deployments/web")) return;
                patches.add(request.bodyString());
                if (raced.compareAndSet(false, true)) editedUnder(3);
            }
        };
        try (KubernetesClient racing = server.createClient(b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("race", newerLeaderInBetween)))) {
            KubernetesSettings s = new KubernetesSettings(NS, "Deployment", "web", false, null);
            KubernetesActuator leader = new KubernetesActuator(() -> racing, List.of(pool), name -> s, LifecyclePublisher.of(events), Clock.systemUTC(), () -> 2);
            assertThatThrownBy(() -> leader.apply(pool, decision("out-2", DecisionKind.SCALE_OUT, 1, null)))
                    .as("the patch carries the resourceVersion it read, and the newer leader's edit changed it: 409")
                    .isInstanceOf(IllegalStateException.class).hasRootCauseInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                    .hasMessageContaining("code=409");
            assertThat(replicas()).isEqualTo(1);
            assertThatThrownBy(() -> leader.apply(pool, decision("out-2b", DecisionKind.SCALE_OUT, 1, null)))
                    .as("the next try reads the newer leader's epoch").isInstanceOf(StaleEpochException.class);
        }
        assertThat(patches).singleElement().asString().contains("/spec/replicas", "baton.io~1epoch", "baton.io~1decision", "/metadata/resourceVersion");
        assertThat(replicas()).isEqualTo(1);
        assertThat(annotations()).containsEntry(Workloads.EPOCH, "3");
        assertThat(events.nodesIn(FAILED)).singleElement().asString().contains("-pending-");
    }

    @Test void anOlderEpochIsRefusedAndTheWorkloadIsLeftAsItWas() {
        deployment(2, 1L, 1L);
        pod("web-a", "Running", true, "10.0.0.1");
        editedUnder(5);
        KubernetesActuator stale = leaderAt(4, events);
        stale.nodes(pool);
        Map<String, String> before = annotations();
        for (Decision d : List.of(decision("out-4", DecisionKind.SCALE_OUT, 2, null), decision("in-4", DecisionKind.SCALE_IN, 1, null),
                decision("rep-4", DecisionKind.REPLACE_NODE, 1, "web-a"))) {
            assertThatThrownBy(() -> stale.apply(pool, d)).isInstanceOf(StaleEpochException.class)
                    .hasMessageContaining("epoch 5").hasMessageContaining("(4)")
                    .satisfies(e -> assertThat(((StaleEpochException) e).epoch()).isEqualTo(4));
        }
        assertThat(replicas()).isEqualTo(2);
        assertThat(annotations()).isEqualTo(before).containsEntry(Workloads.EPOCH, "5");
        assertThat(client.pods().inNamespace(NS).withName("web-a").get()).as("the pod a stale replace would delete").isNotNull();
        assertThat(client.pods().inNamespace(NS).withName("web-a").get().getMetadata().getAnnotations())
                .as("no pod marked for removal").doesNotContainKey(Workloads.DELETION_COST);
        assertThat(events.count(REQUESTED)).as("no placeholder for a refused scale-out").isZero();
    }

    @Test void aNewerLeaderActingBetweenTheCheckAndTheEditIsCaughtByTheEdit() {
        deployment(1, 1L, 1L);
        editedUnder(3);
        // a newer leader edits the Deployment while this one is between its first check and its edit
        io.baton.engine.port.LifecycleListener newerLeaderActs = e -> {
            if (e.state() == REQUESTED && e.node().endsWith("-0")) editedUnder(4);
        };
        KubernetesActuator leader = leaderAt(3, events, newerLeaderActs);
        assertThatThrownBy(() -> leader.apply(pool, decision("out-3", DecisionKind.SCALE_OUT, 2, null)))
                .isInstanceOf(StaleEpochException.class).hasMessageContaining("epoch 4");
        assertThat(replicas()).isEqualTo(1);
        assertThat(annotations()).containsEntry(Workloads.EPOCH, "4").containsEntry(Workloads.DECISION, "theirs-4");
        assertThat(events.nodesIn(FAILED)).as("the placeholders of the refused scale-out fail, none stays REQUESTED")
                .hasSize(2).allMatch(id -> id.contains("-pending-"));
    }

    @ParameterizedTest(name = "workload at epoch 5, leader at {0}")
    @CsvSource({"5", "6"})
    void anEqualOrNewerEpochActs(long ours) {
        deployment(1, 1L, 1L);
        editedUnder(5);
        leaderAt(ours, events).apply(pool, decision("out-" + ours, DecisionKind.SCALE_OUT, 1, null));
        assertThat(replicas()).isEqualTo(2);
        assertThat(annotations()).containsEntry(Workloads.EPOCH, Long.toString(ours)).containsEntry(Workloads.DECISION, "out-" + ours);
    }

    @Test void aFollowerAtEpochZeroNeverActs() {
        deployment(1, 1L, 1L);
        assertThatThrownBy(() -> leaderAt(0, events).apply(pool, decision("out-0", DecisionKind.SCALE_OUT, 1, null)))
                .isInstanceOf(StaleEpochException.class).hasMessageContaining("not a leader's epoch");
        assertThat(replicas()).isEqualTo(1);
        assertThat(annotations()).doesNotContainKey(Workloads.EPOCH);
    }

    @Test void withoutALeadershipTheActuatorActsAtEpochOne() {
        deployment(1, 1L, 1L);
        actuator.apply(pool, decision("out-1", DecisionKind.SCALE_OUT, 1, null));
        assertThat(annotations()).containsEntry(Workloads.EPOCH, "1").containsEntry(Workloads.DECISION, "out-1");
    }

    @ParameterizedTest(name = "Leadership bean at epoch {0} (0: none)")
    @CsvSource({"0, 1", "9, 9"})
    void theAutoConfigurationTakesTheEpochOfTheLeadershipBean(long leaderEpoch, String written) {
        deployment(1, 1L, 1L);
        var runner = new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(io.baton.state.PoolCatalogAutoConfiguration.class,
                        KubernetesActuatorAutoConfiguration.class))
                .withBean(KubernetesClient.class, server::createClient) // the context closes it
                .withPropertyValues("baton.pools.web.actuator=kubernetes", "baton.pools.web.customer=acme",
                        "baton.pools.web.kubernetes.name=web", "baton.pools.web.kubernetes.namespace=" + NS);
        if (leaderEpoch > 0) {
            runner = runner.withBean(io.baton.engine.port.Leadership.class, () -> new io.baton.engine.port.Leadership() {
                @Override public String replicaId() { return "r1"; }
                @Override public boolean mayAct() { return true; }
                @Override public long epoch() { return leaderEpoch; }
                @Override public void onChange(io.baton.engine.port.LeadershipListener listener) { }
            });
        }
        runner.run(ctx -> {
            KubernetesActuator bean = ctx.getBean(KubernetesActuator.class);
            bean.apply(new Pool("web", "acme", "", "", 0, 1000, 1), decision("auto-" + leaderEpoch, DecisionKind.SCALE_OUT, 1, null));
        });
        assertThat(annotations()).containsEntry(Workloads.EPOCH, written).containsEntry(Workloads.DECISION, "auto-" + leaderEpoch);
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
