package io.baton.state;

import jakarta.validation.constraints.AssertTrue;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code baton.ha.*}: leadership among replicas sharing one database.
 *
 * @param enabled elect one leader over the lease row (false: this process leads alone, and takes the lease at start)
 * @param backend {@code jdbc} (the lease row in the shared database) or {@code kubernetes} (a coordination.k8s.io Lease)
 * @param lease how long a lease lasts without renewal (6 s)
 * @param renew how often the leader renews it, and how often a follower looks whether it is free (2 s)
 * @param replicaId this replica's id (default: host name and pid)
 * @param advertiseUrl where other replicas reach this one's API (default: http://host:server.port)
 * @param kubernetesLease the Lease's name for the kubernetes backend
 */
@Validated
@ConfigurationProperties("baton.ha")
public record HaProperties(Boolean enabled, String backend, Duration lease, Duration renew, String replicaId, String advertiseUrl,
                           String kubernetesLease) {
    public HaProperties {
        enabled = enabled != null && enabled;
        backend = backend == null || backend.isBlank() ? "jdbc" : backend;
        lease = lease == null ? Duration.ofSeconds(6) : lease;
        renew = renew == null ? Duration.ofSeconds(2) : renew;
        replicaId = replicaId == null || replicaId.isBlank() ? defaultReplicaId() : replicaId;
        kubernetesLease = kubernetesLease == null || kubernetesLease.isBlank() ? "baton-leader" : kubernetesLease;
    }

    /** A follower polls this often for a free lease, so a planned handover completes well within a second. */
    public Duration retry() {
        return Duration.ofMillis(Math.max(50, Math.min(250, renew.toMillis() / 4)));
    }

    @AssertTrue(message = "baton.ha.renew must be at most a third of baton.ha.lease, so a renewal can fail twice before the lease ends")
    boolean isRenewWithinLease() {
        return renew.toMillis() > 0 && renew.toMillis() * 3 <= lease.toMillis();
    }

    @AssertTrue(message = "baton.ha.backend must be jdbc or kubernetes")
    boolean isBackendKnown() {
        return backend.equals("jdbc") || backend.equals("kubernetes");
    }

    static String defaultReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    static String runtimeName() { return ManagementFactory.getRuntimeMXBean().getName(); }
}
