package io.baton.actuators.kubernetes.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.actuators.kubernetes.lease.KubernetesLeadership.Timing;
import io.baton.engine.port.LeadershipListener;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two electors against fabric8's mock API server in CRUD mode, each with a client of its own as two
 * replicas would have. Short timings (lease 3 s, renew deadline 2 s, retry 0.4 s, stop acting 1 s before
 * the lease can lapse) keep it quick. Every wait polls with a deadline.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLeadershipTest {
    static KubernetesClient client;
    static KubernetesMockServer server;
    private static final String NS = "baton";
    private static final Timing FAST = new Timing(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(400), Duration.ofSeconds(1));
    private static final Duration SLACK = Duration.ofSeconds(1);

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    /** What a listener was told, in order. */
    static final class Roles implements LeadershipListener {
        final List<String> told = new ArrayList<>();

        @Override public synchronized void leading(long epoch) { told.add("leading " + epoch); }

        @Override public synchronized void following(String why) { told.add("following: " + why); }

        synchronized List<String> told() { return List.copyOf(told); }
    }

    private KubernetesLeadership elector(String lease, String id, Roles roles) {
        return elector(lease, id, roles, server.createClient());
    }

    private KubernetesLeadership elector(String lease, String id, Roles roles, KubernetesClient own) {
        open.add(own);
        KubernetesLeadership l = new KubernetesLeadership(own, NS, lease, id, FAST);
        open.add(l);
        l.onChange(roles);
        return l.start();
    }

    private Lease lease(String name) {
        return client.leases().inNamespace(NS).withName(name).get();
    }

    /** Polls until {@code condition}, failing after {@code timeout}; returns how long it took. */
    private static Duration await(Duration timeout, BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + what);
            pause();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Samples for {@code span} that never both replicas may act, and that exactly one does when {@code exactlyOne}. */
    private static void neverBoth(KubernetesLeadership a, KubernetesLeadership b, Duration span, boolean exactlyOne) {
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            boolean x = a.mayAct();
            boolean y = b.mayAct();
            assertThat(x && y).as("both replicas may act at once").isFalse();
            if (exactlyOne) assertThat(x || y).as("one replica leads").isTrue();
            pause();
        }
    }

    @Test void ofTwoElectorsExactlyOneLeads() {
        Roles ra = new Roles();
        Roles rb = new Roles();
        KubernetesLeadership a = elector("one", "replica-a", ra);
        KubernetesLeadership b = elector("one", "replica-b", rb);
        await(FAST.takeoverBound().plus(SLACK), () -> a.mayAct() || b.mayAct(), "a leader");
        KubernetesLeadership leader = a.mayAct() ? a : b;
        KubernetesLeadership follower = leader == a ? b : a;
        await(FAST.takeoverBound().plus(SLACK), () -> leader.replicaId().equals(follower.leader()), "the follower sees the leader");

        neverBoth(a, b, FAST.lease(), true);
        assertThat(leader.mayAct()).isTrue();
        assertThat(follower.mayAct()).isFalse();
        assertThat(leader.epoch()).isEqualTo(1);
        assertThat(follower.epoch()).isZero();
        assertThat(lease("one").getSpec().getHolderIdentity()).isEqualTo(leader.replicaId());
        assertThat(lease("one").getSpec().getLeaseTransitions()).as("epoch - 1").isZero();
        assertThat(lease("one").getSpec().getLeaseDurationSeconds()).isEqualTo(3);
        assertThat((leader == a ? ra : rb).told()).containsExactly("leading 1");
        assertThat((leader == a ? rb : ra).told()).isEmpty();
    }

    @Test void whenTheHolderStopsRenewingTheOtherTakesOverWithAGreaterEpochAndTheOldOneStopsActingFirst() {
        Roles ra = new Roles();
        Roles rb = new Roles();
        KubernetesLeadership a = elector("stall", "replica-a", ra);
        await(FAST.takeoverBound().plus(SLACK), a::mayAct, "a leads");
        KubernetesLeadership b = elector("stall", "replica-b", rb);
        await(FAST.takeoverBound().plus(SLACK), () -> "replica-a".equals(b.leader()), "b sees a");
        long oldEpoch = a.epoch();

        a.halt(); // frozen: it neither renews nor releases, and none of its threads runs again
        long stopped = System.nanoTime();
        Duration fenced = await(FAST.fenceAfter().plus(Duration.ofMillis(300)), () -> !a.mayAct(),
                "the frozen leader stops acting by its own clock");
        assertThat(b.mayAct()).as("b leads only after a stopped acting").isFalse();
        long[] took = new long[1];
        long end = stopped + FAST.takeoverBound().plus(SLACK).toNanos();
        while (!b.mayAct()) {
            assertThat(a.mayAct()).isFalse();
            if (System.nanoTime() > end) throw new AssertionError("b did not take over within " + FAST.takeoverBound().plus(SLACK));
            pause();
        }
        took[0] = System.nanoTime() - stopped;
        System.out.printf("Lease takeover after the holder froze: %d ms (a stopped acting after %d ms; lease %s)%n",
                took[0] / 1_000_000, fenced.toMillis(), FAST.lease());

        assertThat(Duration.ofNanos(took[0])).as("not before the lease could lapse").isGreaterThan(FAST.fenceAfter());
        assertThat(b.epoch()).isGreaterThan(oldEpoch).isEqualTo(oldEpoch + 1);
        assertThat(a.mayAct()).isFalse();
        assertThat(lease("stall").getSpec().getHolderIdentity()).isEqualTo("replica-b");
        assertThat(lease("stall").getSpec().getLeaseTransitions()).isEqualTo((int) b.epoch() - 1);
        assertThat(rb.told()).containsExactly("leading " + b.epoch());
        neverBoth(a, b, Duration.ofSeconds(1), true);
    }

    @Test void aLeaderCutOffFromTheApiServerFencesItselfTellsItsListenersAndRejoinsAsAFollower() {
        AtomicBoolean cut = new AtomicBoolean();
        Interceptor network = new Interceptor() {
            @Override public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (cut.get()) builder.uri(URI.create("http://127.0.0.1:9" + request.uri().getRawPath())); // discard port: refused
            }
        };
        KubernetesClient cutOff = server.createClient(c -> c.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig()
                .withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("network", network)));
        Roles ra = new Roles();
        Roles rb = new Roles();
        KubernetesLeadership a = elector("cut", "replica-a", ra, cutOff);
        await(FAST.takeoverBound().plus(SLACK), a::mayAct, "a leads");
        KubernetesLeadership b = elector("cut", "replica-b", rb);

        cut.set(true);
        long at = System.nanoTime();
        await(FAST.fenceAfter().plus(Duration.ofMillis(500)), () -> !a.mayAct() && ra.told().size() == 2,
                "a stops acting and tells its listeners");
        assertThat(ra.told()).first().isEqualTo("leading 1");
        assertThat(ra.told().get(1)).startsWith("following: ");
        assertThat(a.epoch()).isZero();
        await(Duration.ofNanos(at).plus(FAST.takeoverBound()).plus(SLACK).minusNanos(System.nanoTime()), b::mayAct, "b takes over");
        assertThat(b.epoch()).isEqualTo(2);

        cut.set(false);
        await(FAST.takeoverBound().plus(SLACK), () -> "replica-b".equals(a.leader()), "a, back, sees b as the leader");
        neverBoth(a, b, FAST.lease(), true);
        assertThat(b.mayAct()).isTrue();
        assertThat(ra.told()).hasSize(2);
    }

    @Test void closeReleasesTheLeaseSoTheOtherTakesOverWithoutWaitingForItToLapse() {
        Roles ra = new Roles();
        Roles rb = new Roles();
        KubernetesLeadership a = elector("handover", "replica-a", ra);
        await(FAST.takeoverBound().plus(SLACK), a::mayAct, "a leads");
        KubernetesLeadership b = elector("handover", "replica-b", rb);
        await(FAST.takeoverBound().plus(SLACK), () -> "replica-a".equals(b.leader()), "b sees a");

        a.close();
        assertThat(a.mayAct()).isFalse();
        assertThat(ra.told()).containsExactly("leading 1", "following: " + KubernetesLeadership.CLOSED);
        Duration took = await(Duration.ofMillis((long) (FAST.retryPeriod().toMillis() * (1 + KubernetesLeadership.JITTER))).plus(SLACK),
                b::mayAct, "b takes over at its next retry");
        System.out.printf("Lease handover after close(): %d ms%n", took.toMillis());
        assertThat(took).isLessThan(FAST.lease());
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(rb.told()).containsExactly("leading 2");
    }

    @Test void aCloseAsTheTermBeginsStillReleasesTheLease() {
        // closed from the leading callback itself: before fabric8's renew loop has started, where its own
        // release on cancel does not run
        KubernetesClient own = server.createClient();
        open.add(own);
        KubernetesLeadership a = new KubernetesLeadership(own, NS, "early-close", "replica-a", FAST);
        open.add(a);
        AtomicBoolean closedWhileLeading = new AtomicBoolean();
        a.onChange(new LeadershipListener() {
            @Override public void leading(long epoch) {
                a.close();
                closedWhileLeading.set(true);
            }

            @Override public void following(String why) { }
        });
        a.start();
        await(FAST.takeoverBound().plus(SLACK), closedWhileLeading::get, "a leads and closes");
        assertThat(a.mayAct()).isFalse();
        assertThat(lease("early-close").getSpec().getLeaseDurationSeconds()).as("released once close returns: a lease of 1 s").isEqualTo(1);

        KubernetesLeadership b = elector("early-close", "replica-b", new Roles());
        Duration took = await(FAST.takeoverBound().plus(SLACK), b::mayAct, "b takes the released Lease");
        assertThat(took).as("without waiting for the lease to lapse").isLessThan(FAST.lease());
        assertThat(b.epoch()).isEqualTo(2);
    }

    @Test void aCloseRightAfterTheTermBeginsReleasesTheLeaseBeforeItReturns() {
        for (int i = 0; i < 5; i++) {
            String name = "quick-close-" + i;
            KubernetesLeadership a = elector(name, "replica-a", new Roles());
            long deadline = System.nanoTime() + FAST.takeoverBound().plus(SLACK).toNanos();
            while (!a.mayAct()) {
                if (System.nanoTime() > deadline) throw new AssertionError("a does not lead " + name);
                Thread.onSpinWait();
            }
            a.close();
            assertThat(lease(name).getSpec().getLeaseDurationSeconds()).as("released once close returns: a lease of 1 s, " + name).isEqualTo(1);
        }
    }

    @Test void aReplicaBackUnderItsOwnIdStartsANewTermWithAGreaterEpoch() {
        KubernetesLeadership first = elector("again", "replica-a", new Roles());
        await(FAST.takeoverBound().plus(SLACK), first::mayAct, "a leads");
        first.halt();
        KubernetesLeadership second = elector("again", "replica-a", new Roles());
        await(FAST.takeoverBound().plus(SLACK), second::mayAct, "a leads again");
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(lease("again").getSpec().getLeaseTransitions()).isEqualTo(1);
    }

    @Test void aListenerRegisteredDuringATermIsToldOfIt() {
        KubernetesLeadership a = elector("late", "replica-a", new Roles());
        await(FAST.takeoverBound().plus(SLACK), a::mayAct, "a leads");
        Roles late = new Roles();
        a.onChange(late);
        assertThat(late.told()).containsExactly("leading 1");
    }

    @Test void theTimings() {
        assertThat(Timing.DEFAULT).isEqualTo(new Timing(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(Timing.DEFAULT.fenceAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(Timing.DEFAULT.takeoverBound()).isEqualTo(Duration.ofMillis(8200));
        assertThatThrownBy(() -> new Timing(Duration.ofMillis(2500), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1)))
                .hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> new Timing(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofSeconds(1)))
                .hasMessageContaining("shorter than the lease");
        assertThatThrownBy(() -> new Timing(Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessageContaining("2.2 x the retry period");
        assertThatThrownBy(() -> new Timing(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(6)))
                .hasMessageContaining("margin");
    }
}
