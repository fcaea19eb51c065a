package io.baton.actuators.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.baton.engine.model.NodeState;
import io.baton.engine.port.StaleEpochException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and edits a pool's Deployment or StatefulSet through fabric8, the same way for both kinds. */
final class Workloads {
    static final String DECISIONS = "baton.io/decisions";
    /** The epoch of the leader that last edited the workload (a number). */
    static final String EPOCH = "baton.io/epoch";
    /** The id of the decision of that last edit. */
    static final String DECISION = "baton.io/decision";
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    private static final int KEEP_DECISIONS = 50;

    private final KubernetesClient client;
    private final KubernetesSettings s;

    Workloads(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.s = settings;
    }

    /** The workload, or null when it does not exist. */
    HasMetadata get() {
        return s.statefulSet()
                ? client.apps().statefulSets().inNamespace(s.namespace()).withName(s.name()).get()
                : client.apps().deployments().inNamespace(s.namespace()).withName(s.name()).get();
    }

    static int replicas(HasMetadata w) {
        Integer r = w instanceof StatefulSet ss ? ss.getSpec().getReplicas() : ((Deployment) w).getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    /** Why a rollout or another operation is under way, or null when the workload can take one. */
    static String busy(HasMetadata w) {
        Long generation = w.getMetadata().getGeneration();
        Long observed;
        Integer updated;
        boolean paused = false;
        if (w instanceof StatefulSet ss) {
            observed = ss.getStatus() == null ? null : ss.getStatus().getObservedGeneration();
            updated = ss.getStatus() == null ? null : ss.getStatus().getUpdatedReplicas();
        } else {
            Deployment d = (Deployment) w;
            observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
            updated = d.getStatus() == null ? null : d.getStatus().getUpdatedReplicas();
            paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        }
        if (paused) return "rollout paused";
        if (generation != null && observed != null && observed < generation) return "rollout in progress (generation " + generation + ", observed " + observed + ")";
        if (updated != null && updated < replicas(w)) return "rollout in progress (" + updated + " of " + replicas(w) + " updated)";
        return null;
    }

    static List<String> decisions(HasMetadata w) {
        Map<String, String> a = w.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(DECISIONS);
        return v == null || v.isBlank() ? List.of() : Arrays.asList(v.split(","));
    }

    /**
     * The epoch of the leader that last edited the workload ({@link #EPOCH}), or 0 when none did. A value
     * that is not a number was not written by Baton: it is ignored (0).
     */
    static long epoch(HasMetadata w) {
        Map<String, String> a = w.getMetadata().getAnnotations();
        String v = a == null ? null : a.get(EPOCH);
        if (v == null || v.isBlank()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Refuses to act under {@code epoch} when the workload was last edited under a newer one (a newer
     * leader has acted), or when {@code epoch} is not a leader's epoch at all (below 1: a follower).
     */
    static void refuseOlder(HasMetadata w, long epoch, String decision) {
        long theirs = epoch(w);
        if (epoch < 1) {
            throw new StaleEpochException(epoch, "decision " + decision + " not applied to " + w.getKind() + " " + w.getMetadata().getName()
                    + ": epoch " + epoch + " is not a leader's epoch");
        }
        if (theirs > epoch) {
            throw new StaleEpochException(epoch, "decision " + decision + " not applied to " + w.getKind() + " " + w.getMetadata().getName()
                    + ": it was edited under epoch " + theirs + ", newer than ours (" + epoch + "); a newer leader has acted");
        }
    }

    /**
     * Sets the replica count and records the decision id and the leader's epoch on the workload, in one
     * edit. The edit is a patch made against the resourceVersion it read, so the epoch check on what it
     * read and the write are one step: if another edit came in between, the patch is refused (409).
     *
     * @throws StaleEpochException when the workload carries a newer epoch than {@code epoch}; nothing is edited
     */
    void scale(int replicas, String decision, long epoch) {
        if (s.statefulSet()) {
            client.apps().statefulSets().inNamespace(s.namespace()).withName(s.name()).edit(ss -> {
                refuseOlder(ss, epoch, decision);
                ss.getSpec().setReplicas(replicas);
                remember(ss, decision, epoch);
                return ss;
            });
        } else {
            client.apps().deployments().inNamespace(s.namespace()).withName(s.name()).edit(d -> {
                refuseOlder(d, epoch, decision);
                d.getSpec().setReplicas(replicas);
                remember(d, decision, epoch);
                return d;
            });
        }
    }

    private static void remember(HasMetadata w, String decision, long epoch) {
        List<String> ids = new ArrayList<>(decisions(w));
        if (!ids.contains(decision)) ids.add(decision);
        while (ids.size() > KEEP_DECISIONS) ids.remove(0);
        Map<String, String> a = w.getMetadata().getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(w.getMetadata().getAnnotations());
        a.put(DECISIONS, String.join(",", ids));
        a.put(DECISION, decision);
        a.put(EPOCH, Long.toString(epoch));
        w.getMetadata().setAnnotations(a);
    }

    /** The workload's pods (by its selector's labels). */
    List<Pod> pods(HasMetadata w) {
        LabelSelector sel = w instanceof StatefulSet ss ? ss.getSpec().getSelector() : ((Deployment) w).getSpec().getSelector();
        Map<String, String> labels = sel == null || sel.getMatchLabels() == null ? Map.of() : sel.getMatchLabels();
        return client.pods().inNamespace(s.namespace()).withLabels(labels).list().getItems();
    }

    /** Marks a pod as the cheapest to remove, so the controller removes it first when scaling in. */
    void preferRemoval(String pod) {
        client.pods().inNamespace(s.namespace()).withName(pod).edit(p -> {
            Map<String, String> a = p.getMetadata().getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(p.getMetadata().getAnnotations());
            a.put(DELETION_COST, "-1000");
            p.getMetadata().setAnnotations(a);
            return p;
        });
    }

    /** Deletes a pod so that its controller makes a new one. */
    boolean delete(String pod) {
        return !client.pods().inNamespace(s.namespace()).withName(pod).delete().isEmpty();
    }

    /** A pod's state as a node state. */
    static NodeState state(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) return NodeState.DRAINING;
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if (phase == null) return NodeState.STARTING;
        return switch (phase) {
            case "Running" -> ready(p) ? NodeState.RUNNING : NodeState.STARTING;
            case "Succeeded" -> NodeState.TERMINATED;
            case "Failed" -> NodeState.FAILED;
            default -> NodeState.STARTING;
        };
    }

    private static boolean ready(Pod p) {
        List<PodCondition> conditions = p.getStatus().getConditions();
        if (conditions == null) return false;
        return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static String address(Pod p) {
        return p.getStatus() == null || p.getStatus().getPodIP() == null ? "" : p.getStatus().getPodIP();
    }
}
