package io.baton.app.bench.faults;

import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fault harness of issue 9 ("Do no harm"): real Baton processes (the built jar), a real influxd, real node
 * JVMs. Each case prints one result line, {@code RESULT <case> <figures> target <target> PASS|FAIL}, plus detail
 * lines indented by two spaces; the exit code is 1 when a case fails its target.
 *
 * <pre>
 *   fuzz    [bodies=10000] [seed=42]
 *   rules   [uploads=100] [seed=7]
 *   outage  [duration=5m] [rate=50000]   e.g. outage 30s 20000 for a quick run
 *   kill    [rounds=20] [seed=11]
 *   roles
 *   all     fuzz, rules, outage (full), kill, roles
 * </pre>
 */
public final class FaultHarness {
    static final String OPS = "faults-ops-token-0123456789";
    private final Path root;
    private final Path work;
    private InfluxServer influx;
    private final List<String> failed = new ArrayList<>();

    FaultHarness(Path root) throws IOException {
        this.root = root;
        this.work = Files.createTempDirectory("baton-faults-");
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("faults.root", ".")).toAbsolutePath().normalize();
        FaultHarness h = new FaultHarness(root);
        Runtime.getRuntime().addShutdownHook(new Thread(h::cleanUp, "faults-cleanup"));
        String what = args.length == 0 ? "all" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        System.out.println("  work dir " + h.work + ", load " + loadavg());
        switch (what) {
            case "fuzz" -> FuzzCase.run(h, intArg(rest, 0, 10_000), longArg(rest, 1, 42));
            case "rules" -> RulesCase.run(h, intArg(rest, 0, 100), longArg(rest, 1, 7));
            case "outage" -> OutageCase.run(h, durationArg(rest, 0, 300), intArg(rest, 1, 50_000));
            case "kill" -> KillCase.run(h, intArg(rest, 0, 20), longArg(rest, 1, 11));
            case "roles" -> RolesCase.run(h);
            case "all" -> {
                FuzzCase.run(h, 10_000, 42);
                RulesCase.run(h, 100, 7);
                OutageCase.run(h, 300, 50_000);
                KillCase.run(h, 20, 11);
                RolesCase.run(h);
            }
            default -> {
                System.err.println("usage: faults fuzz|rules|outage|kill|roles|all [args] (see FaultHarness)");
                System.exit(2);
            }
        }
        System.out.println("  load after: " + loadavg());
        if (!h.failed.isEmpty()) System.out.println("FAILED: " + String.join(", ", h.failed));
        System.exit(h.failed.isEmpty() ? 0 : 1);
    }

    /** Prints a case's result line and remembers a failure. */
    void result(String name, String figures, String target, boolean pass) {
        System.out.printf("RESULT %-7s %s  target: %s  %s%n", name, figures, target, pass ? "PASS" : "FAIL");
        if (!pass) failed.add(name);
    }

    static Path jar() {
        return Path.of(System.getProperty("faults.jar", "app/target/baton.jar")).toAbsolutePath();
    }

    Path root() { return root; }

    synchronized InfluxServer influx() {
        if (influx == null) {
            influx = InfluxServer.perClass();
            influx.start();
            System.out.println("  " + influx);
        }
        return influx;
    }

    Path workDir(String name) throws IOException {
        return Files.createDirectories(work.resolve(name));
    }

    /** A copy of the shipped rules (policies and sentences, not their scenarios), plus {@code extra} files. */
    Path rules(Path dir, String... extra) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(root.resolve("rules"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, rules.resolve(f.getFileName()));
        }
        for (int i = 0; i + 1 < extra.length; i += 2) Files.writeString(rules.resolve(extra[i]), extra[i + 1]);
        return rules;
    }

    /** What every Baton of the harness gets: its own dirs, the shared influxd, an OPS token, no scraping. */
    List<String> commonArgs(Path dir, String database, List<String> more) throws IOException {
        List<String> a = new ArrayList<>();
        Path rules = Files.exists(dir.resolve("rules")) ? dir.resolve("rules") : rules(dir);
        a.add("--spring.datasource.url=jdbc:h2:mem:faults;DB_CLOSE_DELAY=-1");
        a.add("--baton.rules.dir=" + rules);
        a.add("--baton.local.data-dir=" + dir.resolve("data"));
        a.add("--baton.influx.url=" + influx().url());
        a.add("--baton.influx.database=" + database);
        a.add("--baton.influx.spool-dir=" + dir.resolve("spool"));
        a.add("--baton.scrape.enabled=false");
        a.add("--baton.reports.enabled=false");
        a.add("--baton.security.ops-token=" + OPS);
        a.addAll(more);
        return a;
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void cleanUp() {
        for (BatonProcess b : BatonProcess.ALL) {
            if (b.alive()) b.kill9();
        }
        int killed = NodeProcs.killAllUnder(work);
        if (killed > 0) System.out.println("  cleanup: killed " + killed + " leftover node processes");
        if (influx != null) influx.close();
    }

    private static int intArg(String[] a, int i, int dflt) {
        return a.length > i ? Integer.parseInt(a[i].replace("_", "")) : dflt;
    }

    private static long longArg(String[] a, int i, long dflt) {
        return a.length > i ? Long.parseLong(a[i]) : dflt;
    }

    /** Seconds, from {@code 300}, {@code 30s}, {@code 5m}. */
    private static int durationArg(String[] a, int i, int dflt) {
        if (a.length <= i) return dflt;
        String s = a[i].trim();
        if (s.endsWith("m")) return Integer.parseInt(s.substring(0, s.length() - 1)) * 60;
        if (s.endsWith("s")) return Integer.parseInt(s.substring(0, s.length() - 1));
        return Integer.parseInt(s);
    }
}
