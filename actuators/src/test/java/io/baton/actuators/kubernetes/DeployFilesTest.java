package io.baton.actuators.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.actuators.kubernetes.lease.KubernetesLeadership;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Pool;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.baton.actuators.spring.PoolSections;
import io.baton.engine.catalog.PoolSpec;
import io.baton.state.PoolBinding;
import java.io.IOException;
import org.springframework.core.env.StandardEnvironment;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The files of {@code deploy/kubernetes/} (and {@code deploy/systemd/}), applied to fabric8's mock API
 * server in CRUD mode. The RBAC is checked the way the API server's RBAC authorizer decides: every call
 * the Kubernetes actuator and the Lease election make (recorded by the mock server while they run with
 * the pools of the ConfigMap's application.yml) is mapped to (namespace, API group, resource, name,
 * verb) and must be allowed by a rule of a Role bound to Baton's ServiceAccount; and every verb a rule
 * grants must be used by some call, so the Role grants nothing Baton does not need.
 */
@EnableKubernetesMockClient(crud = true)
class DeployFilesTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static Path root;
    private static final Map<Path, List<HasMetadata>> files = new LinkedHashMap<>();
    private static final List<HasMetadata> objects = new ArrayList<>();
    private static final List<Call> calls = new ArrayList<>();

    /** One API request as the RBAC authorizer sees it. */
    record Call(String method, String path, String namespace, String group, String resource, String name, String verb) {
        @Override public String toString() {
            return method + " " + path + " -> " + verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource
                    + (name == null ? "" : " " + name) + (namespace == null ? "" : " in " + namespace);
        }
    }

    @BeforeAll static void applyAndRun() throws Exception {
        root = repositoryRoot();
        try (Stream<Path> list = Files.list(root.resolve("deploy/kubernetes"))) {
            for (Path f : list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    List<HasMetadata> items = client.load(in).items();
                    files.put(f, items);
                    objects.addAll(items);
                }
            }
        }
        for (HasMetadata o : objects) client.resource(o).create();
        runBatonAgainstTheMockServer();
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/kubernetes")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no deploy/kubernetes above " + Path.of("").toAbsolutePath());
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T one(Class<T> type, String namespace, String name) {
        return all(type).stream().filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace) && o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + namespace + "/" + name + " in deploy/kubernetes"));
    }

    private static Deployment baton() {
        return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("baton")).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment baton"));
    }

    // ---- the calls Baton makes

    /**
     * Runs every operation of the Kubernetes actuator on each Kubernetes pool of the ConfigMap's
     * application.yml, then an election (acquire, renew, release) in the namespace of Baton's
     * Deployment, and records each request the mock server received meanwhile.
     */
    private static void runBatonAgainstTheMockServer() throws Exception {
        List<PoolSpec> catalog = bind(one(ConfigMap.class, "baton", "baton-config").getData().get("application.yml"));
        Map<String, KubernetesSettings> settings = new LinkedHashMap<>();
        List<Pool> pools = new ArrayList<>();
        for (PoolSpec spec : catalog) {
            assertThat(KubernetesActuatorAutoConfiguration.problems(spec)).as("pool " + spec.name() + " of the ConfigMap").isEmpty();
            if (KubernetesActuator.TYPE.equals(spec.actuator())) {
                settings.put(spec.name(), PoolSections.bind(spec, "kubernetes", KubernetesSection.class, KubernetesSection::toSettings));
                pools.add(spec.toPool());
            }
        }
        assertThat(pools).as("Kubernetes pools in the ConfigMap's application.yml").isNotEmpty();
        assertThat(settings.values()).extracting(s -> s.statefulSet()).as("a Deployment pool and a StatefulSet pool").contains(true, false);
        for (KubernetesSettings s : settings.values()) workload(s);
        drain();

        KubernetesActuator actuator = new KubernetesActuator(() -> client, pools, settings::get,
                LifecyclePublisher.of(new RecordingListener()), Clock.systemUTC(), () -> 3);
        for (Pool p : pools) {
            String name = settings.get(p.getName()).name();
            assertThat(actuator.ready(p)).isTrue();
            assertThat(actuator.nodes(p)).hasSize(2);
            actuator.apply(p, decision(p, "in", DecisionKind.SCALE_IN, 1, null));
            actuator.apply(p, decision(p, "out", DecisionKind.SCALE_OUT, 2, null));
            actuator.apply(p, decision(p, "rep", DecisionKind.REPLACE_NODE, 1, name + "-a"));
            actuator.status(p);
        }
        actuator.reconcile();

        Deployment baton = baton();
        KubernetesLeadership.Timing fast = new KubernetesLeadership.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500),
                Duration.ofMillis(200), Duration.ofMillis(500));
        try (KubernetesLeadership leader = new KubernetesLeadership(client, baton.getMetadata().getNamespace(),
                KubernetesLeadership.DEFAULT_LEASE_NAME, "baton-0", fast).start()) {
            long deadline = System.nanoTime() + fast.takeoverBound().plusSeconds(2).toNanos();
            while (!leader.mayAct()) {
                if (System.nanoTime() > deadline) throw new AssertionError("the election did not lead within " + fast.takeoverBound());
                Thread.sleep(10);
            }
        } // close() releases the Lease
        for (RecordedRequest r : drain()) calls.add(call(r.getMethod(), r.getPath()));
        System.out.println("Calls Baton made, as the RBAC authorizer sees them:");
        new TreeSet<>(calls.stream().map(c -> c.verb() + " " + (c.group().isEmpty() ? "core" : c.group()) + "/" + c.resource()
                + (c.name() == null ? "" : " (" + c.name() + ")") + " in " + c.namespace()).toList()).forEach(c -> System.out.println("  " + c));
    }

    /** The ConfigMap's pools, bound as the catalog binds the YAML at start. */
    private static List<PoolSpec> bind(String applicationYml) throws IOException {
        List<PropertySource<?>> loaded = new YamlPropertySourceLoader().load("application.yml",
                new ByteArrayResource(applicationYml.getBytes(StandardCharsets.UTF_8)));
        StandardEnvironment env = new StandardEnvironment();
        loaded.forEach(env.getPropertySources()::addFirst);
        List<PoolSpec> out = new ArrayList<>();
        PoolBinding.fromEnvironment(env).forEach((name, keys) -> out.add(PoolBinding.bind(name, keys, true)));
        return out;
    }

    /** The workload a pool scales, with two running pods, as its owner would have it. */
    private static void workload(KubernetesSettings s) {
        Map<String, String> labels = Map.of("app", s.name());
        if (s.statefulSet()) {
            client.apps().statefulSets().inNamespace(s.namespace()).resource(new StatefulSetBuilder()
                    .withNewMetadata().withName(s.name()).endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels(labels).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels(labels).endMetadata()
                    .withNewSpec().addNewContainer().withName(s.name()).withImage("redis").endContainer().endSpec().endTemplate().endSpec()
                    .build()).create();
        } else {
            client.apps().deployments().inNamespace(s.namespace()).resource(new DeploymentBuilder()
                    .withNewMetadata().withName(s.name()).endMetadata()
                    .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels(labels).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels(labels).endMetadata()
                    .withNewSpec().addNewContainer().withName(s.name()).withImage("nginx").endContainer().endSpec().endTemplate().endSpec()
                    .build()).create();
        }
        for (String suffix : List.of("a", "b")) {
            client.pods().inNamespace(s.namespace()).resource(new PodBuilder().withNewMetadata().withName(s.name() + "-" + suffix)
                    .addToLabels(labels).endMetadata()
                    .withNewSpec().addNewContainer().withName(s.name()).withImage("x").endContainer().endSpec()
                    .withNewStatus().withPhase("Running").withPodIP("10.0.0." + (suffix.equals("a") ? 1 : 2))
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        }
    }

    private static Decision decision(Pool p, String id, DecisionKind kind, int amount, String node) {
        return new Decision(p.getName() + "-" + id, kind, p.getName(), amount, node, "deploy files test", List.of(), "test");
    }

    /** Every request the mock server recorded and was not yet taken. */
    private static List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null; ) out.add(r);
        return out;
    }

    /**
     * A request as the API server's authorizer sees it: {@code /api/v1/...} is the core group,
     * {@code /apis/<group>/<version>/...} a named one; GET on an item is get, on a collection list,
     * either with watch=true is watch; POST create, PUT update, PATCH patch, DELETE on an item delete,
     * on a collection deletecollection. A subresource is {@code resource/subresource}.
     */
    static Call call(String method, String rawPath) {
        String[] pathAndQuery = rawPath.split("\\?", 2);
        String query = pathAndQuery.length > 1 ? URLDecoder.decode(pathAndQuery[1], StandardCharsets.UTF_8) : "";
        boolean watch = Arrays.asList(query.split("&")).contains("watch=true");
        List<String> seg = Arrays.stream(pathAndQuery[0].split("/")).filter(x -> !x.isEmpty()).toList();
        int i;
        String group;
        if (seg.get(0).equals("api")) {
            group = "";
            i = 2;
        } else if (seg.get(0).equals("apis")) {
            group = seg.get(1);
            i = 3;
        } else {
            throw new AssertionError("not a resource request: " + method + " " + rawPath);
        }
        String namespace = null;
        if (seg.size() > i + 2 && seg.get(i).equals("namespaces")) {
            namespace = seg.get(i + 1);
            i += 2;
        }
        String resource = seg.get(i);
        String name = seg.size() > i + 1 ? seg.get(i + 1) : null;
        if (seg.size() > i + 2) resource += "/" + seg.get(i + 2);
        String verb = switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> throw new AssertionError("unexpected method " + method + " " + rawPath);
        };
        return new Call(method, rawPath, namespace, group, resource, name, verb);
    }

    // ---- the RBAC authorizer

    /** A rule, as bound to Baton's ServiceAccount in a namespace (null: cluster-wide). */
    record Grant(String namespace, String role, PolicyRule rule) { }

    private static Subject serviceAccount() {
        Deployment d = baton();
        Subject s = new Subject();
        s.setKind("ServiceAccount");
        s.setName(d.getSpec().getTemplate().getSpec().getServiceAccountName());
        s.setNamespace(d.getMetadata().getNamespace());
        return s;
    }

    private static boolean names(List<Subject> subjects, Subject sa) {
        return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind()) && sa.getName().equals(s.getName())
                && sa.getNamespace().equals(s.getNamespace()));
    }

    /** Every rule bound to the ServiceAccount through the RoleBindings and ClusterRoleBindings of {@code rbac}. */
    static List<Grant> grants(List<HasMetadata> rbac, Subject sa) {
        List<Grant> out = new ArrayList<>();
        for (HasMetadata o : rbac) {
            if (o instanceof RoleBinding rb && names(rb.getSubjects(), sa)) {
                String ns = rb.getMetadata().getNamespace();
                List<PolicyRule> rules = "Role".equals(rb.getRoleRef().getKind())
                        ? rbac.stream().filter(Role.class::isInstance).map(Role.class::cast)
                                .filter(r -> ns.equals(r.getMetadata().getNamespace()) && r.getMetadata().getName().equals(rb.getRoleRef().getName()))
                                .findFirst().map(Role::getRules).orElse(List.of())
                        : clusterRole(rbac, rb.getRoleRef().getName());
                for (PolicyRule r : rules) out.add(new Grant(ns, rb.getRoleRef().getName(), r));
            } else if (o instanceof ClusterRoleBinding crb && names(crb.getSubjects(), sa)) {
                for (PolicyRule r : clusterRole(rbac, crb.getRoleRef().getName())) out.add(new Grant(null, crb.getRoleRef().getName(), r));
            }
        }
        return out;
    }

    private static List<PolicyRule> clusterRole(List<HasMetadata> rbac, String name) {
        return rbac.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).findFirst().map(ClusterRole::getRules).orElse(List.of());
    }

    private static boolean has(List<String> values, String v) {
        return values != null && (values.contains(v) || values.contains("*"));
    }

    /** Whether a grant allows a call, as RBAC decides (resourceNames never match a create or a list). */
    static boolean allows(Grant g, Call c) {
        if (g.namespace() != null && !g.namespace().equals(c.namespace())) return false;
        PolicyRule r = g.rule();
        List<String> names = r.getResourceNames() == null ? List.of() : r.getResourceNames();
        return has(r.getApiGroups(), c.group()) && has(r.getResources(), c.resource()) && has(r.getVerbs(), c.verb())
                && (names.isEmpty() || (c.name() != null && names.contains(c.name())));
    }

    static List<Call> denied(List<HasMetadata> rbac, List<Call> made) {
        List<Grant> grants = grants(rbac, serviceAccount());
        return made.stream().filter(c -> grants.stream().noneMatch(g -> allows(g, c))).toList();
    }

    // ---- the tests

    @Test void everyFileParsesAndTheMockServerAcceptsEveryObject() {
        assertThat(files).isNotEmpty();
        files.forEach((f, items) -> assertThat(items).as(f.getFileName() + " holds objects").isNotEmpty());
        for (HasMetadata o : objects) {
            assertThat(o.getMetadata().getName()).as("a name for every object").isNotBlank();
            if (!(o instanceof Namespace) && !(o instanceof ClusterRole) && !(o instanceof ClusterRoleBinding)) {
                assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName() + " names its namespace").isNotBlank();
            }
            assertThat(client.resource(o).get()).as(o.getKind() + " " + o.getMetadata().getName() + " is on the server").isNotNull();
        }
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ServiceAccount", "Role", "RoleBinding",
                "ConfigMap", "Secret");
    }

    @Test void theDeploymentRunsTwoReplicasWithProbesTheSecretAndTheConfig() {
        Deployment d = baton();
        String ns = d.getMetadata().getNamespace();
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getTerminationGracePeriodSeconds()).isPositive();
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("baton:latest");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(c.getPorts()).extracting(p -> p.getName()).contains(c.getReadinessProbe().getHttpGet().getPort().getStrVal());

        Map<String, EnvVar> env = new LinkedHashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e));
        assertThat(env.get("BATON_HA_ENABLED").getValue()).isEqualTo("true");
        assertThat(env.get("BATON_DB_URL").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("BATON_DB_URL");
        Secret secret = one(Secret.class, ns, env.get("BATON_DB_URL").getValueFrom().getSecretKeyRef().getName());
        assertThat(secret.getStringData()).containsKeys("BATON_OPS_TOKEN", "BATON_BILLING_TOKEN", "BATON_DB_URL");
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                assertThat(one(Secret.class, ns, e.getValueFrom().getSecretKeyRef().getName()).getStringData())
                        .as("the Secret holds " + e.getName()).containsKey(e.getValueFrom().getSecretKeyRef().getKey());
            }
        }
        one(ServiceAccount.class, ns, pod.getServiceAccountName());
        for (Volume v : pod.getVolumes()) {
            if (v.getConfigMap() == null) continue;
            ConfigMap cm = one(ConfigMap.class, ns, v.getConfigMap().getName());
            v.getConfigMap().getItems().forEach(item -> assertThat(cm.getData()).as("volume " + v.getName()).containsKey(item.getKey()));
        }
        assertThat(c.getCommand()).contains("/opt/baton/baton.jar").anyMatch(a -> a.startsWith("--spring.config.additional-location="));

        Service svc = all(Service.class).stream().filter(s -> s.getMetadata().getName().equals("baton")).findFirst().orElseThrow();
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(svc.getSpec().getSelector());
        assertThat(c.getPorts()).extracting(p -> p.getName()).contains(svc.getSpec().getPorts().get(0).getTargetPort().getStrVal());
    }

    @Test void theConfigMapCarriesTheRepositoryRulesAndAConfigThatBinds() throws IOException {
        ConfigMap cm = one(ConfigMap.class, baton().getMetadata().getNamespace(), "baton-config");
        List<String> ruleFiles = cm.getData().keySet().stream().filter(k -> k.endsWith(".dsl") || k.endsWith(".dslr") || k.endsWith(".drl")).toList();
        assertThat(ruleFiles).anyMatch(k -> k.endsWith(".dslr") || k.endsWith(".drl"));
        for (String k : ruleFiles) {
            assertThat(cm.getData().get(k)).as(k + " is the repository's rules/" + k).isEqualTo(Files.readString(root.resolve("rules").resolve(k)));
        }
        assertThat(bind(cm.getData().get("application.yml"))).isNotEmpty();
    }

    @Test void theRbacAllowsEveryCallTheActuatorAndTheElectionMake() {
        assertThat(calls).as("calls recorded").isNotEmpty();
        assertThat(calls).extracting(Call::resource).as("the actuator's and the election's resources")
                .contains("deployments", "statefulsets", "pods", "leases");
        assertThat(denied(objects, calls)).as("calls the RBAC of deploy/kubernetes refuses").isEmpty();
    }

    @Test void theRbacGrantsNothingBatonDoesNotUse() {
        List<String> unused = new ArrayList<>();
        for (Grant g : grants(objects, serviceAccount())) {
            for (String group : g.rule().getApiGroups()) {
                for (String resource : g.rule().getResources()) {
                    for (String verb : g.rule().getVerbs()) {
                        PolicyRule single = new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verb)
                                .withResourceNames(g.rule().getResourceNames()).build();
                        Grant one = new Grant(g.namespace(), g.role(), single);
                        if (calls.stream().noneMatch(c -> allows(one, c))) unused.add(g.role() + ": " + verb + " " + group + "/" + resource);
                    }
                }
            }
        }
        assertThat(unused).as("granted but never used").isEmpty();
    }

    @Test void theCheckRefusesACallWhenARuleIsMissing() {
        Predicate<Call> deletePod = c -> c.verb().equals("delete") && c.resource().equals("pods");
        assertThat(calls).anyMatch(deletePod);
        List<HasMetadata> withoutDelete = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Role r && r.getMetadata().getName().equals("baton-scaler")) {
                RoleBuilder b = new RoleBuilder(r).withRules();
                for (PolicyRule rule : r.getRules()) {
                    b.addToRules(new PolicyRuleBuilder(rule).withVerbs(rule.getVerbs().stream().filter(v -> !v.equals("delete")).toList()).build());
                }
                withoutDelete.add(b.build());
            } else {
                withoutDelete.add(o);
            }
        }
        assertThat(denied(withoutDelete, calls)).isNotEmpty().allMatch(deletePod);
        List<HasMetadata> noLeaseBinding = objects.stream()
                .filter(o -> !(o instanceof RoleBinding rb && rb.getRoleRef().getName().equals("baton-leader-election"))).toList();
        assertThat(denied(noLeaseBinding, calls)).isNotEmpty().allMatch(c -> c.resource().equals("leases"));
    }

    @Test void callsMapToVerbsAsTheAuthorizerMapsThem() {
        assertThat(call("GET", "/apis/apps/v1/namespaces/shop/deployments/web")).extracting(Call::verb, Call::group, Call::resource, Call::name)
                .containsExactly("get", "apps", "deployments", "web");
        assertThat(call("GET", "/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb")).extracting(Call::verb, Call::group, Call::resource)
                .containsExactly("list", "", "pods");
        assertThat(call("GET", "/api/v1/namespaces/shop/pods?watch=true")).extracting(Call::verb).isEqualTo("watch");
        assertThat(call("PUT", "/apis/apps/v1/namespaces/shop/deployments/web/scale")).extracting(Call::verb, Call::resource)
                .containsExactly("update", "deployments/scale");
        assertThat(call("POST", "/apis/coordination.k8s.io/v1/namespaces/baton/leases")).extracting(Call::verb, Call::namespace, Call::name)
                .containsExactly("create", "baton", null);
        assertThat(call("DELETE", "/api/v1/namespaces/shop/pods")).extracting(Call::verb).isEqualTo("deletecollection");
        assertThat(call("GET", "/api/v1/namespaces/shop")).extracting(Call::verb, Call::resource, Call::namespace).containsExactly("get", "namespaces", null);
    }

    @Test void theSystemdUnitRunsTheJarAsBatonAndStopsCleanly() throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Set<String> sections = new LinkedHashSet<>();
        for (String line : Files.readAllLines(root.resolve("deploy/systemd/baton.service"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            if (l.startsWith("[")) {
                sections.add(l);
                continue;
            }
            String[] kv = l.split("=", 2);
            keys.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
        }
        assertThat(sections).containsExactly("[Unit]", "[Service]", "[Install]");
        assertThat(keys.get("ExecStart")).singleElement().asString().matches("/\\S*java .*-jar /opt/baton/baton\\.jar.*");
        assertThat(keys.get("User")).containsExactly("baton");
        assertThat(keys.get("EnvironmentFile")).singleElement().asString().startsWith("/");
        assertThat(keys.get("Restart")).containsExactly("always");
        assertThat(keys.get("KillSignal")).containsExactly("SIGTERM");
        assertThat(keys.get("TimeoutStopSec")).singleElement().asString().matches("\\d+s?");
        assertThat(keys.get("SuccessExitStatus")).as("the JVM's exit on SIGTERM is a clean stop").containsExactly("143");
    }
}
