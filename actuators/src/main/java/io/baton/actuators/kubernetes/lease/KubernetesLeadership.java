package io.baton.actuators.kubernetes.lease;

import io.baton.engine.port.Leadership;
import io.baton.engine.port.LeadershipListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership through a {@code coordination.k8s.io/v1} Lease, elected by fabric8's {@link LeaderElector}
 * with a {@link LeaseLock} whose identity is the replica id.
 *
 * <p><b>Epoch.</b> The epoch of a term is the Lease's {@code leaseTransitions} as written by the
 * acquiring update, plus one. fabric8 creates the Lease with 0 transitions (so the first leader has epoch
 * 1) and adds one whenever a replica takes a Lease that names another holder or none (after a release),
 * so every takeover has a greater epoch than all before it. fabric8 keeps the count when a replica takes
 * back a Lease that still names it (its previous term lapsed and nobody took over); this class adds the
 * missing one in that write, so every term of every replica has an epoch of its own, and the Lease's
 * count is always the epoch of its newest term minus one. The acquiring write is a patch against the
 * resourceVersion it read: two replicas cannot take the same count.
 *
 * <p><b>Self-fencing.</b> {@link #mayAct()} is true only during a term and while the last successful
 * renew began less than {@code lease - margin} ago on this JVM's monotonic clock. Other replicas may take
 * the Lease once {@code renewTime + lease} has passed on their clock, and the renew time fabric8 writes
 * is taken just before the read that starts a renew, which is where this class starts its own count; so a
 * leader stops acting {@code margin} before anyone else may start, whatever its elector thread is doing
 * (blocked in a request, starved, paused). When that moment passes without a renew, the listeners are
 * told {@code following} at once and the elector is stopped; a new one is started, which competes for the
 * Lease again and, if it wins, starts a new term with a new epoch.
 *
 * <p>The elector runs on a daemon thread of its own ({@code baton-lease-<replica>}); the self-fencing
 * timer on a second one ({@code baton-lease-fence-<replica>}), so that it fires even while the elector
 * thread is stuck. Listeners are told on one of these two threads. {@link #close()} stops the elector and
 * releases the Lease when this replica holds it (a planned handover: another replica takes it at its next
 * retry, without waiting for the lease to lapse).
 *
 * <p>Replica ids must be unique among live processes: two processes under one id would both renew the
 * same Lease.
 */
public final class KubernetesLeadership implements Leadership, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KubernetesLeadership.class);
    /** fabric8's bound on the random extra delay between two acquire attempts, as a factor of the retry period. */
    static final double JITTER = 1.2;
    /** The Lease's name unless configured otherwise (deploy/kubernetes grants get and patch on this name only). */
    public static final String DEFAULT_LEASE_NAME = "baton-leader";
    static final String CLOSED = "closed: left the election, releasing the Lease for another replica";

    /**
     * The election's durations.
     *
     * @param lease how long a Lease stays valid after a renew (whole seconds: the Lease stores seconds)
     * @param renewDeadline how long the elector keeps retrying a failing renew before it gives the term up
     * @param retryPeriod the pause between renews, and the base pause between acquire attempts (fabric8 adds
     *                    up to {@code 1.2 x} as jitter)
     * @param margin how long before the Lease can lapse this replica stops acting: {@link #mayAct()} turns
     *               false {@code lease - margin} after the last successful renew began
     */
    public record Timing(Duration lease, Duration renewDeadline, Duration retryPeriod, Duration margin) {
        /** Lease 6 s, renew deadline 4 s, retry 1 s, margin 2 s: {@link #of of(6 s, 2 s)}. */
        public static final Timing DEFAULT = of(Duration.ofSeconds(6), Duration.ofSeconds(2));

        public Timing {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(renewDeadline, "renewDeadline");
            Objects.requireNonNull(retryPeriod, "retryPeriod");
            Objects.requireNonNull(margin, "margin");
            if (lease.toMillis() < 1000 || lease.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("lease must be a whole number of seconds (a Lease stores seconds), got " + lease);
            }
            if (retryPeriod.toMillis() < 1) throw new IllegalArgumentException("retry period must be at least 1 ms, got " + retryPeriod);
            if (renewDeadline.compareTo(lease) >= 0) {
                throw new IllegalArgumentException("renew deadline (" + renewDeadline + ") must be shorter than the lease (" + lease + ")");
            }
            if (renewDeadline.toMillis() <= retryPeriod.toMillis() + Math.ceil(retryPeriod.toMillis() * JITTER)) {
                throw new IllegalArgumentException("renew deadline (" + renewDeadline + ") must be longer than 2.2 x the retry period (" + retryPeriod + ")");
            }
            if (margin.isNegative() || margin.isZero() || margin.compareTo(lease) >= 0) {
                throw new IllegalArgumentException("margin (" + margin + ") must be positive and shorter than the lease (" + lease + ")");
            }
        }

        /**
         * The timing of {@code baton.ha.lease} and {@code baton.ha.renew}: the leader renews every
         * {@code renew / 2}, gives the term up when no renew succeeded for {@code lease - renew}, and stops
         * acting at that same moment, {@code renew} before the Lease can lapse.
         */
        public static Timing of(Duration lease, Duration renew) {
            return new Timing(lease, lease.minus(renew), renew.dividedBy(2), renew);
        }

        /** How long after the last successful renew began this replica stops acting. */
        public Duration fenceAfter() {
            return lease.minus(margin);
        }

        /**
         * The longest a takeover can take after the holder's last successful renew began: the lease, plus
         * the longest pause between two acquire attempts.
         */
        public Duration takeoverBound() {
            return lease.plusMillis((long) Math.ceil(retryPeriod.toMillis() * (1 + JITTER)));
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String replicaId;
    private final Timing timing;
    private final long fenceAfterNanos;
    private final ScheduledExecutorService electorThread;
    private final ScheduledExecutorService fenceThread;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final Object roles = new Object();

    private volatile Term term;
    private volatile Run run;
    private volatile String leader;
    private volatile boolean started;
    private volatile boolean closed;

    /** One LeaderElector (each may run only once), with the lock it writes through. */
    private final class Run {
        final TermLock lock = new TermLock(this);
        volatile CompletableFuture<?> future;
        /** {@link System#nanoTime()} when the last successful write of this replica as holder began. */
        volatile long renewedAt;
        /** The epoch of the term this run acquired (0 until it acquires). */
        volatile long epoch;
    }

    /** One term as leader. */
    private static final class Term {
        final Run run;
        final long epoch;
        volatile boolean over;

        Term(Run run, long epoch) {
            this.run = run;
            this.epoch = epoch;
        }
    }

    /** The election in {@code namespace}/{@code leaseName} under {@code replicaId}, with {@link Timing#DEFAULT}. */
    public KubernetesLeadership(KubernetesClient client, String namespace, String leaseName, String replicaId) {
        this(client, namespace, leaseName, replicaId, Timing.DEFAULT);
    }

    public KubernetesLeadership(KubernetesClient client, String namespace, String leaseName, String replicaId, Timing timing) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = requireText(namespace, "namespace");
        this.leaseName = requireText(leaseName, "lease name");
        this.replicaId = requireText(replicaId, "replica id");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.fenceAfterNanos = timing.fenceAfter().toNanos();
        this.electorThread = daemon("baton-lease-" + replicaId);
        this.fenceThread = daemon("baton-lease-fence-" + replicaId);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " is required");
        return value;
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts competing for the Lease (once). Register the listeners first, or they learn of the current term on registration. */
    public KubernetesLeadership start() {
        synchronized (roles) {
            if (closed) throw new IllegalStateException("closed");
            if (started) return this;
            started = true;
        }
        log.info("replica {}: competing for Lease {}/{} (lease {}, renew deadline {}, retry {}, stops acting {} after a renew)",
                replicaId, namespace, leaseName, timing.lease(), timing.renewDeadline(), timing.retryPeriod(), timing.fenceAfter());
        submit(this::startRun, 0);
        return this;
    }

    @Override public String replicaId() { return replicaId; }

    @Override public boolean mayAct() {
        Term t = term;
        return t != null && !t.over && !closed && System.nanoTime() - t.run.renewedAt < fenceAfterNanos;
    }

    @Override public long epoch() {
        Term t = term;
        return t == null || t.over ? 0 : t.epoch;
    }

    /** The holder the Lease named when this replica last read or wrote it (null: none known yet, or released). */
    public String leader() {
        return leader;
    }

    public Timing timing() {
        return timing;
    }

    /**
     * Registers a listener. When a term is under way it is told {@code leading(epoch)} at once, so no
     * listener misses the current term.
     */
    @Override public void onChange(LeadershipListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (roles) {
            listeners.add(listener);
            Term t = term;
            if (t != null && !t.over) tell(listener, t.epoch, null);
        }
    }

    /** Stops the election and releases the Lease if this replica holds it; listeners are told {@code following}. */
    @Override public void close() {
        Run r;
        synchronized (roles) {
            if (closed) return;
            closed = true;
            r = run;
        }
        try {
            // cancelling runs fabric8's stop on this thread: with releaseOnCancel it releases the Lease before close returns
            if (r != null && r.future != null) r.future.cancel(true);
            if (r != null) r.lock.releaseIfStillHeld();
        } finally {
            ended(r, CLOSED);
            electorThread.shutdownNow();
            fenceThread.shutdownNow();
        }
        log.info("replica {}: left the election for Lease {}/{}", replicaId, namespace, leaseName);
    }

    /**
     * Freezes this replica as a stopped or paused process would be: neither thread runs again, nothing is
     * released and no listener is told. Only the monotonic clock still turns {@link #mayAct()} false. For
     * tests of what the other replicas see.
     */
    void halt() {
        electorThread.shutdownNow();
        fenceThread.shutdownNow();
    }

    private void startRun() {
        Run r;
        synchronized (roles) {
            if (closed) return;
            r = new Run();
            run = r;
        }
        Run current = r;
        LeaderElector elector = new LeaderElectorBuilder(client, electorThread) // what client.leaderElector() gives, on our own thread
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName("baton")
                        .withLock(r.lock)
                        .withLeaseDuration(timing.lease())
                        .withRenewDeadline(timing.renewDeadline())
                        .withRetryPeriod(timing.retryPeriod())
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(() -> began(current), () -> ended(current, closed ? CLOSED : "lost the Lease"),
                                id -> leader = id == null || id.isEmpty() ? null : id))
                        .build())
                .build();
        CompletableFuture<?> future = elector.start();
        r.future = future;
        future.whenComplete((v, t) -> {
            ended(current, closed ? CLOSED : t == null ? "stopped renewing the Lease (renew deadline " + timing.renewDeadline() + " passed)"
                    : "the election stopped: " + t);
            // a LeaderElector runs once: compete again with a new one
            if (!closed && run == current) submit(this::startRun, timing.retryPeriod().toMillis());
        });
        if (closed) future.cancel(true);
    }

    private void began(Run r) {
        synchronized (roles) {
            if (closed || run != r) return;
            Term t = term;
            if (t != null && !t.over) return;
            Term now = new Term(r, r.epoch);
            term = now;
            log.info("replica {}: leads under epoch {} (Lease {}/{})", replicaId, now.epoch, namespace, leaseName);
            for (LeadershipListener l : listeners) tell(l, now.epoch, null);
            scheduleFence(now);
        }
    }

    private void ended(Run r, String why) {
        synchronized (roles) {
            Term t = term;
            if (t == null || t.over || t.run != r) return;
            t.over = true;
            term = null;
            log.info("replica {}: stopped leading (epoch {}): {}", replicaId, t.epoch, why);
            for (LeadershipListener l : listeners) tell(l, 0, why);
        }
    }

    /** At {@code fenceAfter} past the last renew: if no renew came since, the term ends here. */
    private void scheduleFence(Term t) {
        long due = t.run.renewedAt + fenceAfterNanos - System.nanoTime();
        try {
            fenceThread.schedule(() -> {
                if (t.over) return;
                if (System.nanoTime() - t.run.renewedAt < fenceAfterNanos) {
                    scheduleFence(t);
                    return;
                }
                ended(t.run, "no renew of the Lease succeeded for " + timing.fenceAfter() + ": stopped acting "
                        + timing.margin() + " before it can lapse");
                CompletableFuture<?> f = t.run.future;
                if (f != null) f.cancel(true); // stops the elector; a new one competes again
            }, Math.max(0, due), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            // closed or halted
        }
    }

    private void submit(Runnable task, long delayMillis) {
        try {
            electorThread.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("replica {}: election step failed, retrying: {}", replicaId, e.toString());
                    if (!closed) submit(task, timing.retryPeriod().toMillis());
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // closed or halted
        }
    }

    private void tell(LeadershipListener l, long epoch, String why) {
        try {
            if (why == null) l.leading(epoch);
            else l.following(why);
        } catch (RuntimeException e) {
            log.warn("replica {}: leadership listener {} failed: {}", replicaId, l, e.toString());
        }
    }

    /**
     * The Lease lock fabric8 writes through, which also times this replica's renews and numbers its terms.
     * One per {@link Run}.
     */
    private final class TermLock implements Lock {
        private final LeaseLock lease = new LeaseLock(namespace, leaseName, replicaId);
        private final Run owner;
        private volatile long readAt;
        private volatile LeaderElectionRecord lastRead;
        private volatile boolean acquired;
        private volatile boolean released;

        TermLock(Run owner) {
            this.owner = owner;
        }

        @Override public LeaderElectionRecord get(KubernetesClient c) {
            // fabric8 takes the renew time it writes just before this read: count from here
            readAt = System.nanoTime();
            LeaderElectionRecord r = retried(() -> lease.get(c));
            lastRead = r;
            return r;
        }

        @Override public void create(KubernetesClient c, LeaderElectionRecord r) {
            long at = readAt;
            retried(() -> {
                lease.create(c, r);
                return null;
            });
            written(r, at);
        }

        @Override public void update(KubernetesClient c, LeaderElectionRecord r) {
            long at = readAt;
            LeaderElectionRecord read = lastRead;
            if (mine(r) && !acquired && read != null && replicaId.equals(read.getHolderIdentity())) {
                // taking back a Lease that still names this replica: fabric8 keeps the count, a new term needs a new epoch
                r = new LeaderElectionRecord(r.getHolderIdentity(), r.getLeaseDuration(), r.getAcquireTime(), r.getRenewTime(),
                        read.getLeaderTransitions() + 1);
            }
            LeaderElectionRecord toWrite = r;
            retried(() -> {
                lease.update(c, toWrite);
                return null;
            });
            written(r, at);
        }

        /**
         * fabric8's election loops retry a {@link KubernetesClientException} and end silently on any other
         * exception (the run would never finish, so never restart): report every failure as the former.
         */
        private <T> T retried(java.util.function.Supplier<T> call) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new KubernetesClientException("Lease " + namespace + "/" + leaseName + ": " + e, e);
            }
        }

        private boolean mine(LeaderElectionRecord r) {
            return replicaId.equals(r.getHolderIdentity());
        }

        /**
         * Writes the release fabric8 writes (no holder, a lease of 1 s, the same transitions) when this run
         * acquired and fabric8 did not release: a cancel that lands between the acquiring write and the
         * start of fabric8's renew loop skips its release, and the Lease would stay held for a whole lease.
         * Only while the Lease still names this replica, on the resourceVersion just read.
         */
        void releaseIfStillHeld() {
            if (!acquired || released) return;
            try {
                LeaderElectionRecord current = lease.get(client);
                if (current == null || !mine(current)) return;
                ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
                lease.update(client, new LeaderElectionRecord(null, Duration.ofSeconds(1), now, now, current.getLeaderTransitions()));
                released = true;
                leader = null;
                log.info("replica {}: released Lease {}/{}", replicaId, namespace, leaseName);
            } catch (RuntimeException e) {
                log.warn("replica {}: could not release Lease {}/{} (it lapses after {}): {}", replicaId, namespace, leaseName,
                        timing.lease(), e.toString());
            }
        }

        private void written(LeaderElectionRecord r, long at) {
            if (!mine(r)) {
                released = true;
                return; // a release
            }
            if (!acquired) {
                acquired = true;
                owner.epoch = r.getLeaderTransitions() + 1L;
            }
            owner.renewedAt = at;
        }

        @Override public String identity() {
            return lease.identity();
        }

        @Override public String describe() {
            return lease.describe();
        }
    }
}
