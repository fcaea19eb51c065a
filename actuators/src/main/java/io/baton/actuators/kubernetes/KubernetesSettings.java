package io.baton.actuators.kubernetes;

import java.time.Duration;

/**
 * Where a pool lives in Kubernetes ({@code baton.pools.<name>.kubernetes.*}).
 *
 * @param namespace the namespace of the workload
 * @param kind {@code Deployment} or {@code StatefulSet} (case-insensitive)
 * @param name the workload's name
 * @param dryRun log and record what would be done, change nothing
 * @param startTimeout how long a requested node may wait for its pod before it is FAILED
 */
public record KubernetesSettings(String namespace, String kind, String name, boolean dryRun, Duration startTimeout) {

    public KubernetesSettings {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("kubernetes.name is required");
        namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
        kind = kind == null || kind.isBlank() ? "Deployment" : kind;
        if (!kind.equalsIgnoreCase("Deployment") && !kind.equalsIgnoreCase("StatefulSet")) {
            throw new IllegalArgumentException("kubernetes.kind must be Deployment or StatefulSet, got " + kind);
        }
        startTimeout = startTimeout == null ? Duration.ofMinutes(5) : startTimeout;
    }

    boolean statefulSet() { return kind.equalsIgnoreCase("StatefulSet"); }
}
