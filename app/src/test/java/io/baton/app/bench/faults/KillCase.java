package io.baton.app.bench.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Case 4: {@code kill -9} of the Baton process in the middle of a scale-out of local nodes, then a restart with the
 * same data dir, {@code rounds} times (each round its own data dir and port range). After Baton settles: nodes
 * leaked (a live node process of the data dir without a RUNNING member in {@code GET /api/pools/kp}), nodes doubled
 * (more RUNNING than requested), decisions applied twice (a decision id EXECUTED twice in Baton's log, or more live
 * nodes in the state file under one decision id than it asked for).
 */
final class KillCase {
    private static final Pattern MEMBER = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"state\":\"([A-Z]+)\"");
    private static final Pattern DECISION = Pattern.compile("\"decision\":\"([^\"]+)\"");

    static boolean run(FaultHarness h, int rounds, long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int leakedTotal = 0;
        int doubledTotal = 0;
        int twiceTotal = 0;
        int shortTotal = 0;
        int unsettled = 0;
        int answeredBeforeKill = 0;
        List<String> notes = new ArrayList<>();
        int portBase = 30000 + rnd.nextInt(100) * 10;
        for (int r = 1; r <= rounds; r++) {
            Path dir = h.workDir("kill/round-" + r);
            Path data = dir.resolve("data");
            int delta = 1 + rnd.nextInt(4);
            long delay = rnd.nextLong(3000);
            List<String> args = h.commonArgs(dir, "faults_kill", List.of(
                    "--baton.customers.acme.token=faults-kill-acme-token-01",
                    "--baton.customers.acme.quota=50",
                    "--baton.pools.kp.customer=acme",
                    "--baton.pools.kp.min=0",
                    "--baton.pools.kp.max=10",
                    "--baton.pools.kp.local.port-start=" + (portBase + r * 20),
                    "--baton.pools.kp.local.port-count=20",
                    "--baton.pools.kp.local.start-timeout=30s"));
            BatonProcess first = new BatonProcess(dir, Http.freePort(), args).start();
            CompletableFuture<Http.Answer> answer = CompletableFuture.supplyAsync(
                    () -> Http.call(first.base(), "POST", "/api/pools/kp/scale", FaultHarness.OPS, "{\"delta\":" + delta + "}"));
            BatonProcess.sleep(delay);
            int procsAtKill = NodeProcs.find(data, false).size();
            first.kill9();
            Http.Answer a = answer.join();
            boolean acked = a.status() == 200 && (a.body().contains("\"EXECUTED\"") || a.body().contains("\"CLAMPED\""));
            if (acked) answeredBeforeKill++;

            BatonProcess second = new BatonProcess(dir, first.port, args).start();
            Settled s = settle(second, data, Duration.ofSeconds(120));
            if (!s.settled) unsettled++;
            Set<String> running = new HashSet<>();
            for (Map.Entry<String, String> m : s.members.entrySet()) if (m.getValue().equals("RUNNING")) running.add(m.getKey());
            List<NodeProcs.Node> live = NodeProcs.find(data, false);
            int leaked = 0;
            for (NodeProcs.Node n : live) if (!running.contains(n.id())) leaked++;
            int doubled = Math.max(0, running.size() - delta);
            int shortBy = acked ? Math.max(0, delta - running.size()) : 0;
            int twice = appliedTwice(second, data);
            leakedTotal += leaked;
            doubledTotal += doubled;
            twiceTotal += twice;
            shortTotal += shortBy;
            System.out.printf("  kill round %2d: +%d, kill after %4d ms (%s, %d node processes then); after restart %d RUNNING of %d members, %d live processes%s; leaked %d doubled %d twice %d%n",
                    r, delta, delay, acked ? "answered EXECUTED" : "no answer: " + a.status(), procsAtKill, running.size(), s.members.size(), live.size(),
                    s.settled ? "" : " (NOT SETTLED)", leaked, doubled, twice);
            if ((leaked > 0 || doubled > 0 || twice > 0 || !s.settled) && notes.size() < 10) {
                notes.add("round " + r + " members " + s.members + ", live " + live.stream().map(NodeProcs.Node::id).toList() + ", dir " + dir);
            }
            second.kill9();
            NodeProcs.killAllUnder(data);
        }
        for (String n : notes) System.out.println("  kill: " + n);
        boolean pass = leakedTotal == 0 && doubledTotal == 0 && twiceTotal == 0 && unsettled == 0;
        h.result("kill", String.format("rounds=%d leaked=%d doubled=%d applied-twice=%d unsettled=%d (answered before the kill %d/%d; fewer nodes than an answered request %d)",
                rounds, leakedTotal, doubledTotal, twiceTotal, unsettled, answeredBeforeKill, rounds, shortTotal),
                "leaked=0 doubled=0 applied-twice=0", pass);
        return pass;
    }

    record Settled(boolean settled, Map<String, String> members) { }

    /** Waits until every member is RUNNING (or gone for good) and the live processes match, three looks in a row. */
    static Settled settle(BatonProcess b, Path data, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        int stable = 0;
        Map<String, String> members = Map.of();
        while (System.currentTimeMillis() < deadline) {
            members = members(b);
            boolean transient_ = members.values().stream().anyMatch(s -> s.equals("REQUESTED") || s.equals("STARTING") || s.equals("DRAINING"));
            Set<String> running = new HashSet<>();
            members.forEach((id, s) -> { if (s.equals("RUNNING")) running.add(id); });
            Set<String> live = new HashSet<>();
            for (NodeProcs.Node n : NodeProcs.find(data, false)) live.add(n.id());
            if (!transient_ && live.equals(running)) {
                if (++stable >= 3) return new Settled(true, members);
            } else {
                stable = 0;
            }
            BatonProcess.sleep(1000);
        }
        return new Settled(false, members);
    }

    static Map<String, String> members(BatonProcess b) {
        Http.Answer a = Http.call(b.base(), "GET", "/api/pools/kp", FaultHarness.OPS, null);
        Map<String, String> out = new HashMap<>();
        Matcher m = MEMBER.matcher(a.body());
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }

    /**
     * Decisions applied twice: a decision id carried out (EXECUTED or CLAMPED) in more than one journal entry across
     * both runs (Baton logs every entry), or a decision id with more live nodes in the state file than it asked for.
     */
    static int appliedTwice(BatonProcess b, Path data) throws Exception {
        int twice = 0;
        Map<String, Integer> executed = new HashMap<>();
        Pattern line = Pattern.compile("scale_out kp (\\d+)\\S* (EXECUTED|CLAMPED) by \"planned request\"");
        int runs = 0;
        for (String l : b.logLines()) {
            if (l.startsWith("==== start")) runs++;
            Matcher m = line.matcher(l);
            if (m.find()) executed.merge("run" + runs, 1, Integer::sum);
        }
        int total = executed.values().stream().mapToInt(Integer::intValue).sum();
        if (total > 1) twice += total - 1;
        Path state = data.resolve("nodes").resolve("kp.json");
        if (Files.exists(state)) {
            String json = Files.readString(state);
            int nodesStart = json.indexOf("\"nodes\":[");
            int nodesEnd = json.indexOf("],\"decisions\"");
            String nodes = nodesStart >= 0 && nodesEnd > nodesStart ? json.substring(nodesStart, nodesEnd) : "";
            Map<String, Integer> perDecision = new HashMap<>();
            for (String n : nodes.split("\\},\\{")) {
                if (n.contains("\"FAILED\"") || n.contains("\"TERMINATED\"")) continue;
                Matcher d = DECISION.matcher(n);
                if (d.find()) perDecision.merge(d.group(1), 1, Integer::sum);
            }
            if (perDecision.size() > 1) twice += perDecision.size() - 1;
        }
        return twice;
    }
}
