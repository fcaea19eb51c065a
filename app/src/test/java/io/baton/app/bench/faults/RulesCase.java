package io.baton.app.bench.faults;

import io.baton.app.fixture.Launch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Case 2: broken rule uploads through {@code PUT /api/rules/{file}} (syntax errors, unknown facts and fields, broken
 * sentences, bad file names, a broken copy of the watched rule's own file, and sets that compile but loop or throw),
 * interleaved with line-protocol load. After every upload (and its rollback, for a set that went live), the
 * previous rules must still fire: the watched rule, a pool-level queue depth on a dry-run pool, must leave a fresh
 * entry in {@code GET /api/decisions?pool=probe}.
 */
final class RulesCase {
    static final String RULE = Launch.QUEUE_RULE;
    static final String PROBE = Launch.queueRule("probe", "probe");
    private static final Pattern LAST = Pattern.compile("\"lastTime\":(\\d+)");
    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

    record Upload(String kind, String file, String content) { }

    static boolean run(FaultHarness h, int uploads, long seed) throws Exception {
        Path dir = h.workDir("rules");
        h.rules(dir, "probe.drl", PROBE);
        int ports = 24000 + new SplittableRandom(seed).nextInt(100) * 20;
        BatonProcess baton = new BatonProcess(dir, Http.freePort(), h.commonArgs(dir, "faults_rules", List.of(
                "--baton.customers.ops.token=faults-ops-customer-0001",
                "--baton.pools.probe.customer=ops",
                "--baton.pools.probe.min=0",
                "--baton.pools.probe.max=2",
                "--baton.pools.probe.guardrails.dry-run=true",
                "--baton.pools.probe.local.port-start=" + ports,
                "--baton.pools.probe.local.port-count=20"))).start();
        int logFrom = baton.scan(0).lines();
        String base = baton.base();

        // load: pool-level and node-level lines of unknown nodes and pools, about 2,000 lines a second
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong depth = new AtomicLong(20);
        AtomicLong loadErrors = new AtomicLong();
        AtomicLong loadLines = new AtomicLong();
        Thread load = new Thread(() -> {
            long i = 0;
            while (!stop.get()) {
                StringBuilder b = new StringBuilder("queue_depth,pool=probe value=").append(depth.get()).append('\n');
                for (int k = 0; k < 200; k++, i++) b.append("cpu,pool=probe,node=ghost").append(k % 7).append(" value=").append(i % 100).append('\n')
                        .append("req,pool=elsewhere value=").append(i).append('\n');
                Http.Answer a = Http.call(base, "POST", "/write?db=x", java.util.Map.of("Content-Type", "text/plain"), b.toString(), java.time.Duration.ofSeconds(30));
                if (a.status() != 204) loadErrors.incrementAndGet();
                loadLines.addAndGet(401);
                BatonProcess.sleep(200);
            }
        }, "faults-load");
        load.setDaemon(true);
        load.start();

        List<String> notes = new ArrayList<>();
        boolean firstFires = fired(base, 0, 30_000);
        if (!firstFires) notes.add("the watched rule did not fire before any upload");
        SplittableRandom rnd = new SplittableRandom(seed);
        TreeMap<String, Integer> kinds = new TreeMap<>();
        TreeMap<String, Integer> statuses = new TreeMap<>();
        int stillFired = 0;
        int wentLive = 0;
        int notRolledBack = 0;
        long t0 = System.nanoTime();
        for (int i = 1; i <= uploads; i++) {
            Upload u = upload(i, rnd);
            kinds.merge(u.kind, 1, Integer::sum);
            long before = version(base);
            Http.Answer a = Http.call(base, "PUT", "/api/rules/" + u.file, FaultHarness.OPS, u.content);
            statuses.merge(u.kind + ":" + a.status(), 1, Integer::sum);
            if (a.status() == 200) {
                wentLive++;
                // a set that compiled went live: the engine must find it looping (or throwing) and go back
                long deadline = System.currentTimeMillis() + 20_000;
                while (version(base) != before && System.currentTimeMillis() < deadline) BatonProcess.sleep(100);
                if (version(base) != before) {
                    notRolledBack++;
                    if (notes.size() < 10) notes.add("upload " + i + " (" + u.kind + " " + u.file + ") went live and was not rolled back: version " + version(base));
                }
            } else if (a.status() / 100 == 5 || a.status() < 0) {
                if (notes.size() < 10) notes.add("upload " + i + " (" + u.kind + ") answered " + a.status() + " " + FuzzCase.cut(a.body()));
            }
            long after = System.currentTimeMillis();
            depth.set(20 + i);
            if (fired(base, after, 10_000)) stillFired++;
            else if (notes.size() < 10) notes.add("after upload " + i + " (" + u.kind + " " + u.file + ", " + a.status() + ") the watched rule did not fire within 10 s");
        }
        double secs = (System.nanoTime() - t0) / 1e9;

        // afterwards a good upload must still go live and stay live
        long v0 = version(base);
        Http.Answer good = Http.call(base, "PUT", "/api/rules/harmless.drl", FaultHarness.OPS,
                "package rules.harmless;\nimport io.baton.engine.model.*;\nrule \"A harmless rule\"\nwhen\n    Pool(name == \"nothing-here\")\nthen\nend\n");
        BatonProcess.sleep(3000);
        long v1 = version(base);
        boolean goodLive = good.status() == 200 && v1 > v0;
        if (!goodLive) notes.add("a good upload after the broken ones: " + good.status() + ", version " + v0 + " -> " + v1
                + " " + FuzzCase.cut(Http.call(base, "GET", "/api/rules", FaultHarness.OPS, null).body()));
        List<String> leftovers = new ArrayList<>();
        try (var files = Files.list(dir.resolve("rules"))) {
            for (Path f : files.toList()) if (f.getFileName().toString().startsWith("loop-") || f.getFileName().toString().startsWith("throws-")) leftovers.add(f.getFileName().toString());
        }
        boolean firesAtEnd = fired(base, System.currentTimeMillis(), 15_000);
        stop.set(true);
        load.join(5000);
        BatonProcess.LogScan scan = baton.scan(logFrom);
        baton.stop();

        System.out.printf("  rules: %d uploads in %.0f s, kinds %s%n", uploads, secs, kinds);
        System.out.printf("  rules: answers %s; load %d lines, %d failed posts%n", statuses, loadLines.get(), loadErrors.get());
        System.out.printf("  rules: rolled-back sets left on disk in the rules dir: %d %s%n", leftovers.size(), leftovers.size() > 5 ? leftovers.subList(0, 5) + "..." : leftovers);
        System.out.printf("  rules: log: %d ERROR lines (rollbacks log at ERROR), %d stack traces%n", scan.errors(), scan.traces());
        for (String n : notes) System.out.println("  rules: " + n);
        boolean pass = firstFires && stillFired == uploads && notRolledBack == 0 && goodLive && firesAtEnd;
        h.result("rules", String.format("previous-rules-fired=%d/%d went-live-then-rolled-back=%d/%d not-rolled-back=%d good-upload-after-goes-live=%s fires-at-end=%s",
                stillFired, uploads, wentLive - notRolledBack, wentLive, notRolledBack, goodLive, firesAtEnd),
                uploads + "/" + uploads + ", every live broken set rolled back, a good upload still goes live", pass);
        return pass;
    }

    /** Whether the watched rule left a journal entry (new or folded repeat) newer than {@code since}, within {@code timeoutMs}. */
    static boolean fired(String base, long since, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            Http.Answer a = Http.call(base, "GET", "/api/decisions?pool=probe&limit=20", FaultHarness.OPS, null);
            if (a.status() == 200) {
                for (String entry : a.body().split("\\{\"seq\":")) {
                    if (!entry.contains("\"rule\":\"" + RULE + "\"")) continue;
                    Matcher m = LAST.matcher(entry);
                    if (m.find() && Long.parseLong(m.group(1)) > since) return true;
                }
            }
            BatonProcess.sleep(200);
        }
        return false;
    }

    static long version(String base) {
        Http.Answer a = Http.call(base, "GET", "/api/rules", FaultHarness.OPS, null);
        Matcher m = VERSION.matcher(a.body());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static final String HEAD = "package rules.broken;\nimport io.baton.engine.model.*;\n";

    static Upload upload(int i, SplittableRandom rnd) {
        int k = rnd.nextInt(14);
        String f = "broken-" + i + ".drl";
        return switch (k) {
            case 0 -> new Upload("missing-end", f, HEAD + "rule \"r" + i + "\"\nwhen\n    Pool()\nthen\n");
            case 1 -> new Upload("bad-when", f, HEAD + "rule \"r" + i + "\"\nwhen when\n    Pool(\nthen\nend\n");
            case 2 -> new Upload("unknown-field", f, HEAD + "rule \"r" + i + "\"\nwhen\n    Pool(nodez > 1)\nthen\nend\n");
            case 3 -> new Upload("unknown-fact", f, HEAD + "rule \"r" + i + "\"\nwhen\n    NoSuchFact()\nthen\nend\n");
            case 4 -> new Upload("java-error", f, HEAD + "rule \"r" + i + "\"\nwhen\n    Pool()\nthen\n    insert(undefinedVariable);\nend\n");
            case 5 -> new Upload("garbage", f, junk(rnd));
            case 6 -> new Upload("broken-watched-file", "probe.drl", PROBE.replace("then", "then then").replace("end", ""));
            case 7 -> new Upload("broken-sentence", "broken-" + i + ".dslr", "package rules.broken;\nexpander baton.dsl\nrule \"s" + i + "\"\nwhen\n    there is a flying pool\nthen\n    add many nodes\nend\n");
            case 8 -> new Upload("bad-name", rnd.nextBoolean() ? "..%2Fescape.drl" : "notes.txt", HEAD);
            case 9 -> new Upload("duplicate-rule", f, HEAD.replace("rules.broken", "rules.probe") + PROBE.substring(PROBE.indexOf("rule ")));
            case 10 -> new Upload("loop-clock", "loop-" + i + ".drl", "package rules.loop" + i + ";\nimport io.baton.engine.model.*;\nrule \"loop " + i + "\"\nwhen\n    $c : Clock()\nthen\n    update($c);\nend\n");
            case 11 -> new Upload("loop-pool", "loop-" + i + ".drl", "package rules.loop" + i + ";\nimport io.baton.engine.model.*;\nrule \"touch pools " + i + "\"\nwhen\n    $p : Pool()\nthen\n    update($p);\nend\n");
            case 12 -> new Upload("loop-insert", "loop-" + i + ".drl", "package rules.loop" + i + ";\ndeclare Tick" + i + "\n    n : int\nend\nrule \"seed " + i + "\"\nwhen\n    not Tick" + i + "()\nthen\n    insert(new Tick" + i + "(0));\nend\nrule \"grow " + i + "\"\nwhen\n    $t : Tick" + i + "()\nthen\n    insert(new Tick" + i + "($t.getN() + 1));\nend\n");
            default -> new Upload("throws", "throws-" + i + ".drl", "package rules.throws" + i + ";\nimport io.baton.engine.model.*;\nrule \"boom " + i + "\"\nwhen\n    Clock()\nthen\n    throw new IllegalStateException(\"boom " + i + "\");\nend\n");
        };
    }

    private static String junk(SplittableRandom rnd) {
        StringBuilder b = new StringBuilder();
        int n = 20 + rnd.nextInt(400);
        for (int i = 0; i < n; i++) b.append((char) (rnd.nextInt(10) == 0 ? '\n' : 32 + rnd.nextInt(95)));
        return b.toString();
    }
}
