package io.baton.state;

import io.baton.engine.port.Leadership;
import java.time.Instant;

/** Who leads, for the API ({@code GET /api/leader}), readiness, and the followers' forwarding. */
public final class HaStatus {
    private final LeaseStore lease;
    private final Leadership leadership;
    private final ReplicaRegistry replicas;
    private final SchemaMigration schema;
    private final HaProperties props;

    /** The leader as the lease row names it; {@code leader} is null while nobody holds a live lease. */
    public record Leader(String leader, long epoch, boolean self, Instant since) { }

    HaStatus(LeaseStore lease, Leadership leadership, ReplicaRegistry replicas, SchemaMigration schema, HaProperties props) {
        this.lease = lease;
        this.leadership = leadership;
        this.replicas = replicas;
        this.schema = schema;
        this.props = props;
    }

    /** The current leader read from the database (throws when it is unreachable). */
    public Leader leader() {
        LeaseStore.View v = lease.read();
        String holder = v.live() ? v.holder() : null;
        return new Leader(holder, v.epoch(), holder != null && holder.equals(leadership.replicaId()) && leadership.mayAct(), v.since());
    }

    /** Where the leader's API answers, or null when there is none or this replica leads. */
    public String leaderUrl() { return replicas.leaderUrl(); }

    /** Where replica {@code id}'s API answers, as it registered it; null for a replica never seen. */
    public String replicaUrl(String id) { return replicas.urlOf(id); }

    /** Whether the database has answered and its schema is migrated (until then, this replica is not ready and cannot lead). */
    public boolean schemaReady() { return schema.done(); }

    /** This replica's id. */
    public String replicaId() { return leadership.replicaId(); }

    /** Whether this replica may act now. */
    public boolean leading() { return leadership.mayAct(); }

    /** Whether election is on. */
    public boolean electing() { return props.enabled(); }
}
