package io.baton.app.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.testkit.influx.FreePorts;
import io.baton.testkit.pg.PostgresExtension;
import io.baton.testkit.pg.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real replicas (OS processes) against one real PostgreSQL, with a command-actuator pool whose
 * provision command records {@code BATON_DECISION_ID} and {@code BATON_EPOCH}: failover after kill -9,
 * planned handover after SIGTERM, a paused leader fenced, and 20 kills during scale-outs with every
 * decision provisioned exactly once.
 */
@ExtendWith(PostgresExtension.class)
class HaFailoverTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private static final AtomicInteger IDS = new AtomicInteger();
    @TempDir Path dir;
    private PostgresServer pg;
    private String db;
    private final List<Replica> replicas = new ArrayList<>();

    @BeforeEach
    void setUp(PostgresServer pg) throws IOException {
        this.pg = pg;
        this.db = pg.createDatabase("ha" + DB.incrementAndGet());
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("empty.drl"), "package rules;\n");
        script("provision.sh", """
                #!/bin/sh
                # a slow provisioning tool: records the decision and epoch first, the nodes once they exist
                echo "$BATON_DECISION_ID $BATON_EPOCH $BATON_NODES" >> %1$s/provisioned.log
                sleep 0.4
                for n in $(echo "$BATON_NODES" | tr ',' ' '); do echo "$n" >> %1$s/nodes.txt; done
                """.formatted(dir));
        script("deprovision.sh", """
                #!/bin/sh
                for n in $(echo "$BATON_NODES" | tr ',' ' '); do grep -vx "$n" %1$s/nodes.txt > %1$s/nodes.tmp; mv %1$s/nodes.tmp %1$s/nodes.txt; done
                """.formatted(dir));
        script("status.sh", """
                #!/bin/sh
                [ -f %1$s/nodes.txt ] && sort -u %1$s/nodes.txt | while read n; do echo "$n running"; done
                exit 0
                """.formatted(dir));
    }

    @AfterEach
    void tearDown() {
        replicas.forEach(Replica::close);
        for (Replica r : replicas) {
            System.out.println("---- " + r.id + " (last lines of its log)\n" + r.tail(25));
        }
    }

    private void script(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Replica replica(Duration lease, Duration renew) {
        String id = "r" + IDS.incrementAndGet();
        List<String> args = List.of(
                "--spring.datasource.url=" + db,
                "--baton.ha.enabled=true",
                "--baton.ha.lease=" + lease.toMillis() + "ms",
                "--baton.ha.renew=" + renew.toMillis() + "ms",
                "--baton.rules.dir=" + dir.resolve("rules"),
                "--baton.reconcile.interval=1s",
                "--baton.pools.web.actuator=command",
                "--baton.pools.web.customer=acme",
                "--baton.pools.web.service=web",
                "--baton.pools.web.software=nginx",
                "--baton.pools.web.min=0",
                "--baton.pools.web.max=500",
                "--baton.pools.web.command.provision=" + dir.resolve("provision.sh"),
                "--baton.pools.web.command.deprovision=" + dir.resolve("deprovision.sh"),
                "--baton.pools.web.command.status=" + dir.resolve("status.sh"),
                "--baton.pools.web.command.timeout=5s",
                "--logging.level.io.baton=INFO");
        Replica r = new Replica(id, FreePorts.pickBelowEphemeral(), dir, args);
        replicas.add(r);
        return r;
    }

    private Replica replica() { return replica(Duration.ofSeconds(6), Duration.ofSeconds(2)); }

    private static long await(String what, Duration within, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        long deadline = t0 + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
            Replica.sleep(25);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private Replica leaderOf(List<Replica> rs, Duration within) {
        Replica[] found = new Replica[1];
        await("a leader among " + rs.stream().map(r -> r.id).toList(), within, () -> {
            for (Replica r : rs) if (r.alive() && r.leads()) { found[0] = r; return true; }
            return false;
        });
        return found[0];
    }

    private static final Pattern DECISION = Pattern.compile("\"decision\":\"([^\"]+)\"");

    /** Lines of provisioned.log as (decision, epoch, nodes). */
    private List<String[]> provisioned() throws IOException {
        Path p = dir.resolve("provisioned.log");
        if (!Files.exists(p)) return List.of();
        return Files.readAllLines(p).stream().filter(l -> !l.isBlank()).map(l -> l.trim().split(" ")).toList();
    }

    @Test
    void plannedRequestsThroughEitherReplicaAreProvisionedOnceAndKill9FailsOverWithinTenSeconds() throws Exception {
        Replica a = replica().start();
        Replica b = replica().start();
        Replica leader = leaderOf(List.of(a, b), Duration.ofSeconds(20));
        Replica follower = leader == a ? b : a;

        Replica.Answer viaLeader = leader.post("/api/pools/web/scale", "{\"delta\": 2}");
        // the command actuator runs one action per pool at a time: wait until the first has finished
        await("two nodes running", Duration.ofSeconds(20), () -> leader.get("/api/pools/web").body().contains("\"nodes\":2,"));
        Replica.sleep(200);
        Replica.Answer viaFollower = follower.post("/api/pools/web/scale", "{\"delta\": 3}");
        for (int i = 0; i < 50 && viaFollower.body().contains("\"outcome\":\"SKIPPED\""); i++) { // the actuator was still busy: ask again
            Replica.sleep(200);
            viaFollower = follower.post("/api/pools/web/scale", "{\"delta\": 3}");
        }
        assertThat(viaLeader.status()).as(viaLeader.body()).isEqualTo(200);
        assertThat(viaFollower.status()).as(viaFollower.body()).isEqualTo(200);
        assertThat(viaFollower.body()).contains("\"outcome\":\"EXECUTED\"").contains("\"approved\":3");
        await("five nodes provisioned", Duration.ofSeconds(20), () -> {
            try { return provisioned().stream().mapToInt(l -> l[2].split(",").length).sum() == 5; } catch (IOException e) { return false; }
        });
        List<String[]> lines = provisioned();
        assertThat(lines).hasSize(2); // the skipped asks were decided and journaled, but never provisioned
        Set<String> decisions = new HashSet<>();
        for (String[] l : lines) {
            assertThat(decisions.add(l[0])).as("decision " + l[0] + " provisioned once").isTrue();
            assertThat(l[1]).as("BATON_EPOCH").isEqualTo("1");
        }
        Matcher m1 = DECISION.matcher(viaLeader.body());
        Matcher m2 = DECISION.matcher(viaFollower.body());
        assertThat(m1.find() && m2.find()).isTrue();
        assertThat(decisions).containsExactlyInAnyOrder(m1.group(1), m2.group(1));
        assertThat(follower.get("/api/pools/web").body()).as("a follower shows the pool from the shared node books").contains("\"nodes\":5,");

        // the pool catalog: a pool created through the follower is created by the leader, and both show it
        String etl = "{\"customer\": \"acme\", \"actuator\": \"command\", \"min\": 0, \"max\": 3, \"command\": {\"provision\": \"true\"}}";
        Replica.Answer created = follower.post("/api/pools/etl", etl);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(leader.get("/api/pools/etl").status()).as("the leader has it at once").isEqualTo(200);
        await("the follower reads the new pool", Duration.ofSeconds(5), () -> follower.get("/api/pools/etl").status() == 200);
        Replica.Answer invalid = follower.post("/api/pools/bad", "{\"customer\": \"acme\", \"mxa\": 3}");
        assertThat(invalid.status()).as("the leader's 400 passes through the follower").isEqualTo(400);
        assertThat(invalid.body()).contains("mxa: no pool has this key");

        long t0 = System.nanoTime();
        leader.kill9();
        Replica.Answer during = follower.post("/api/pools/web/scale", "{\"delta\": 1}");
        await("the follower leads", Duration.ofSeconds(10), follower::leads);
        long failover = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("failover after kill -9 of the leader: the follower leads after " + failover + " ms (lease 6 s, renew 2 s)");
        assertThat(failover).isLessThan(10_000);
        assertThat(during.status() / 100 == 2 || (during.status() == 503 && during.retryAfter() != null))
                .as("a request during the failover: %s %s", during.status(), during.body()).isTrue();
        Replica.Answer after = follower.get("/api/leader");
        assertThat(after.body()).contains("\"epoch\":2").contains("\"self\":true");
    }

    /** Lines of provisioned.log made by decisions of {@code rule}'s pool scale-outs (the rule adds 1 node at a time). */
    private long provisionedLines() {
        try { return provisioned().size(); } catch (IOException e) { return -1; }
    }

    @Test
    void aNewLeaderHonoursTheCooldownOfTheOldOne() throws Exception {
        Files.writeString(dir.resolve("rules").resolve("queue.drl"), """
                package rules;
                import io.baton.engine.model.*;
                rule "Queue above 10 adds 1 node"
                when
                    $pool : Pool(name == "web")
                    PoolMetric(pool == "web", metric == "queue_depth", value > 10)
                then
                    insert(Decision.scaleOut(kcontext, $pool.getName(), 1));
                end
                """);
        Replica a = replica().start();
        Replica b = replica().start();
        Replica leader = leaderOf(List.of(a, b), Duration.ofSeconds(20));
        Replica other = leader == a ? b : a;
        assertThat(leader.post("/write", "queue_depth,pool=web value=20").status()).isEqualTo(204);
        await("the rule's scale-out provisioned", Duration.ofSeconds(20), () -> provisionedLines() == 1);
        await("its node running", Duration.ofSeconds(20), () -> leader.get("/api/pools/web").body().contains("\"nodes\":1,"));

        leader.kill9();
        await("the other leads", Duration.ofSeconds(10), other::leads);
        // the queue is still deep: the rule asks again on the new leader, within the old leader's 180 s cooldown
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            assertThat(other.post("/write", "queue_depth,pool=web value=20").status()).isIn(204, 503);
            Replica.sleep(500);
        }
        await("the new leader journals the rule's ask as held by the cooldown", Duration.ofSeconds(10), () -> {
            String j = other.get("/api/decisions?pool=web").body();
            return j.contains("Queue above 10 adds 1 node") && j.contains("\"SUPPRESSED\"") && j.contains("COOLDOWN");
        });
        assertThat(provisionedLines()).as("no second scale-out: the cooldown survived the failover").isEqualTo(1);
        assertThat(other.get("/api/pools/web").body()).contains("\"nodes\":1,");
    }

    @Test
    void sigtermHandsLeadershipOverWithinOneSecond() {
        Replica a = replica().start();
        Replica b = replica().start();
        Replica leader = leaderOf(List.of(a, b), Duration.ofSeconds(20));
        Replica other = leader == a ? b : a;
        Replica.sleep(500);
        long t0 = System.nanoTime();
        leader.process().destroy(); // SIGTERM
        await("the other leads after SIGTERM", Duration.ofSeconds(5), other::leads);
        long total = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("planned handover (SIGTERM): the other replica leads after " + total + " ms");
        assertThat(total).isLessThan(1_000);
        leader.waitFor(30);
    }

    /**
     * 20 times: a scale-out is asked of a random replica, and the leader is killed with SIGKILL at a
     * random moment (before, during or after its provisioning); a new replica takes the killed one's
     * place. At the end every decision id was provisioned at most once, no node id twice, and every
     * node the tool created is one the final leader tracks as running: none leaked, none doubled.
     */
    @Test
    void twentyKillsDuringScaleOutsProvisionEachDecisionOnceAndLeakNoNode() throws Exception {
        Duration lease = Duration.ofSeconds(3);
        Duration renew = Duration.ofSeconds(1);
        List<Replica> live = new ArrayList<>(List.of(replica(lease, renew).start(), replica(lease, renew).start()));
        Random random = new Random(20);
        List<Long> failovers = new ArrayList<>();
        int answered = 0;
        for (int round = 0; round < 20; round++) {
            Replica leader = leaderOf(live, Duration.ofSeconds(30));
            Replica asked = live.get(random.nextInt(live.size()));
            CompletableFuture<Replica.Answer> answer = CompletableFuture.supplyAsync(() -> asked.post("/api/pools/web/scale", "{\"delta\": 1}"));
            Replica.sleep(random.nextInt(900));
            long t0 = System.nanoTime();
            leader.kill9();
            live.remove(leader);
            Replica fresh = replica(lease, renew).launch();
            Replica survivor = live.get(0);
            // the survivor, or the fresh replica if it comes up first and wins the free lease (on a loaded machine it can)
            await("round " + round + ": the survivor or the fresh replica leads", Duration.ofSeconds(15),
                    () -> survivor.leads() || (fresh.alive() && fresh.leads()));
            failovers.add((System.nanoTime() - t0) / 1_000_000);
            Replica.Answer a = answer.get();
            assertThat(a.status() / 100 == 2 || (a.status() == 503 && a.retryAfter() != null) || (asked == leader && a.status() == -1))
                    .as("round %d: answer %s %s", round, a.status(), a.body()).isTrue();
            if (a.status() == 200) answered++;
            live.add(fresh.awaitUp());
        }
        Replica leader = leaderOf(live, Duration.ofSeconds(30));
        // let the last actions and a reconcile pass settle
        Replica.sleep(3_000);
        List<String[]> lines = provisioned();
        Map<String, Integer> byDecision = new HashMap<>();
        Map<String, Integer> byNode = new HashMap<>();
        long lastEpoch = 0;
        for (String[] l : lines) {
            byDecision.merge(l[0], 1, Integer::sum);
            for (String n : l[2].split(",")) byNode.merge(n, 1, Integer::sum);
            long epoch = Long.parseLong(l[1]);
            assertThat(epoch).as("epochs only grow in the order things were provisioned").isGreaterThanOrEqualTo(lastEpoch);
            lastEpoch = epoch;
        }
        assertThat(byDecision.values()).as("each decision id provisioned once: " + byDecision).allMatch(n -> n == 1);
        assertThat(byNode.values()).as("each node id provisioned once: " + byNode).allMatch(n -> n == 1);
        Set<String> created = new HashSet<>(Files.exists(dir.resolve("nodes.txt")) ? Files.readAllLines(dir.resolve("nodes.txt")) : List.of());
        created.removeIf(String::isBlank);
        String[] lastPool = new String[1];
        try {
            awaitTracked(leader, created, lastPool);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ncreated " + created + "\nprovisioned " + lines.stream().map(l -> String.join(" ", l)).toList()
                    + "\nleader " + leader.id + " pool " + lastPool[0], e);
        }
        System.out.println("20 kills: failovers (ms) " + failovers + "; " + lines.size() + " provisionings, " + created.size()
                + " nodes, " + answered + " requests answered 200");
    }

    private static void awaitTracked(Replica leader, Set<String> created, String[] lastPool) {
        await("the leader tracks every node the tool created as running", Duration.ofSeconds(15), () -> {
            Replica.Answer pool = leader.get("/api/pools/web");
            lastPool[0] = pool.body();
            if (pool.status() != 200) return false;
            for (String n : created) if (!pool.body().contains("\"id\":\"" + n + "\",\"state\":\"RUNNING\"")) return false;
            return pool.body().contains("\"nodes\":" + created.size() + ",");
        });
    }

    /**
     * A partition: the leader is paused (SIGSTOP) past its lease, the other takes over; when the old
     * leader resumes it finds its epoch stale, steps down, and nothing it does is written or provisioned.
     */
    @Test
    void aPausedLeaderIsFencedAndItsOldEpochRefusedWhenItReturns() throws Exception {
        Replica a = replica(Duration.ofSeconds(3), Duration.ofSeconds(1)).start();
        Replica b = replica(Duration.ofSeconds(3), Duration.ofSeconds(1)).start();
        Replica leader = leaderOf(List.of(a, b), Duration.ofSeconds(20));
        Replica other = leader == a ? b : a;
        new ProcessBuilder("kill", "-STOP", String.valueOf(leader.pid())).start().waitFor();
        try {
            long ms = await("the other takes over from the paused leader", Duration.ofSeconds(8), other::leads);
            System.out.println("paused leader: the other leads after " + ms + " ms (lease 3 s)");
            assertThat(other.get("/api/leader").body()).contains("\"epoch\":2");
        } finally {
            new ProcessBuilder("kill", "-CONT", String.valueOf(leader.pid())).start().waitFor();
        }
        await("the old leader steps down after it resumes", Duration.ofSeconds(10), () -> {
            Replica.Answer l = leader.get("/api/leader");
            return l.status() == 200 && l.body().contains("\"self\":false");
        });
        Replica.Answer viaOld = leader.post("/api/pools/web/scale", "{\"delta\": 1}");
        assertThat(viaOld.status()).as(viaOld.body()).isEqualTo(200);
        await("provisioned once, by the new leader", Duration.ofSeconds(15), () -> {
            try { return provisioned().size() == 1; } catch (IOException e) { return false; }
        });
        assertThat(provisioned().get(0)[1]).as("the epoch of the provisioning").isEqualTo("2");
        assertThat(Files.readString(leader.log)).contains("stopped acting under epoch 1");
    }
}
