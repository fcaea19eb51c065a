package io.baton.app.demo;

import io.baton.actuators.lifecycle.NodeInfo;
import io.baton.actuators.local.LocalActuator;
import io.baton.app.BatonApplication;
import io.baton.app.engine.EngineService;
import io.baton.engine.journal.DecisionJournal;
import io.baton.engine.journal.JournalEntry;
import io.baton.engine.journal.Outcome;
import io.baton.engine.model.NodeState;
import io.baton.engine.port.LifecycleListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./baton demo}: the main job, end to end on one machine, with no terminal needed. It starts a
 * local InfluxDB and Baton with local process pools for two customers, drives a ramp, a spike and a
 * fall of load, kills a node midway, prints each decision with its reason as it happens, and ends with
 * the usage report of the demo period. The demo profile SHORTENS THE RULE WINDOWS (seconds instead of
 * minutes, see config/demo) so that it all takes under 5 minutes.
 */
public final class DemoCommand {
    static final String SHOP = "shop-web";
    static final String LAB = "lab-notebooks";
    private final PrintStream out;
    private final Path root;
    private final long t0 = System.currentTimeMillis();
    private final List<JournalEntry> acted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<io.baton.engine.model.LifecycleEvent> lifecycle = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long periodStart;
    private long periodEnd;

    DemoCommand(PrintStream out, Path root) {
        this.out = out;
        this.root = root;
    }

    public static int main(String[] args) {
        try {
            return new DemoCommand(System.out, Path.of("").toAbsolutePath()).run() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("demo failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }

    /** Runs the whole story; true when the scale-out, the healing and the scale-in all happened and the report was written. */
    boolean run() throws Exception {
        Path work = root.resolve("data/demo");
        deleteTree(work);
        Files.createDirectories(work);
        say("Baton demo. The demo profile shortens the rule windows to seconds (config/demo/rules) so that this ends in under 5 minutes.");
        try (InfluxProcess influx = InfluxProcess.start(root.resolve("bench/influxd-throwaway.sh"), work.resolve("influxdb"))) {
            say("InfluxDB running at " + influx.url());
            Path rules = assembleRules(work.resolve("rules"));
            int port = InfluxProcess.freePort();
            int front = InfluxProcess.freePort();
            String ops = "ops-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> props = new HashMap<>();
            props.put("server.port", port);
            props.put("baton.rules.dir", rules.toString());
            props.put("baton.influx.url", influx.url());
            props.put("baton.influx.spool-dir", work.resolve("spool").toString());
            props.put("baton.local.data-dir", work.resolve("nodes").toString());
            props.put("baton.local.front-port", front);
            props.put("baton.security.ops-token", ops);
            props.put("baton.security.billing-token", "billing-" + UUID.randomUUID().toString().substring(0, 8));
            props.put("baton.customers.acme.token", "acme-" + UUID.randomUUID().toString().substring(0, 8));
            String universityToken = "university-" + UUID.randomUUID().toString().substring(0, 8);
            props.put("baton.customers.university.token", universityToken);
            props.put("spring.batch.jdbc.initialize-schema", "always");
            props.put("spring.datasource.url", "jdbc:h2:file:" + work.resolve("batch/baton"));
            props.put("logging.level.baton.decisions", "WARN");
            props.put("logging.level.root", "WARN");
            periodStart = System.currentTimeMillis() / 1000 * 1000;
            List<String> args = new java.util.ArrayList<>();
            args.add("--spring.config.location=classpath:/,optional:file:" + root.resolve("config/demo") + "/");
            props.forEach((k, v) -> args.add("--" + k + "=" + v));
            LifecycleListener nodes = e -> {
                lifecycle.add(e);
                if (e.state() == NodeState.RUNNING || e.state() == NodeState.TERMINATED || e.state() == NodeState.FAILED) {
                    say(String.format("  node %-22s %-10s %s", e.node(), e.state(), e.address()));
                }
            };
            try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BatonApplication.class).profiles("demo")
                    .initializers(c -> c.getBeanFactory().registerSingleton("demoLifecycle", nodes))
                    .run(args.toArray(String[]::new))) {
                say("Baton running. Console: http://127.0.0.1:" + port + "/#token=" + ops);
                follow(ctx);
                story(ctx, front, port, universityToken);
                periodEnd = System.currentTimeMillis() / 1000 * 1000; // not in the future: what ends after it is cut there
                ctx.getBean(io.baton.collectors.influx.InfluxSink.class).flush();
                boolean report = DemoReport.run(ctx, out, Instant.ofEpochMilli(periodStart), Instant.ofEpochMilli(periodEnd), work.resolve("report"));
                say("Stopping nodes and Baton...");
                return summary(report);
            }
        }
    }

    /** Story 4: a customer (an instructor) asks for one more lab instance through the API, with its own token. */
    private void selfService(int port, String token) {
        say("Self-service: the university asks for 1 more " + LAB + " instance (POST /api/pools/" + LAB + "/scale)");
        try {
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/pools/" + LAB + "/scale"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"delta\": 1}")).build();
            var res = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
            say("    API answered " + res.statusCode() + ": " + res.body());
        } catch (IOException | InterruptedException e) {
            say("    API call failed: " + e);
        }
    }

    private void story(ConfigurableApplicationContext ctx, int front, int port, String universityToken) throws InterruptedException {
        EngineService engine = ctx.getBean(EngineService.class);
        LocalActuator local = ctx.getBean(LocalActuator.class);
        boolean classHours = io.baton.engine.model.Schedule.holds(System.currentTimeMillis(), "weekday", "08:00", "18:00", "Europe/Berlin");
        say("Schedule: class hours (weekdays 08:00-18:00 Berlin time) are " + (classHours
                ? "on, so the lab keeps at least 2 nodes (config/demo/rules/lab-hours.dslr)"
                : "off, so the lab may stay at its minimum of 1 (config/demo/rules/lab-hours.dslr)"));
        int labBefore = classHours ? 2 : 1;
        waitFor("both pools at their minimum", 60, () -> running(local, SHOP) >= 2 && running(local, LAB) >= labBefore);
        selfService(port, universityToken);
        waitFor("the lab's extra instance", 30, () -> running(local, LAB) >= labBefore + 1);
        try (LoadDriver shop = new LoadDriver(front, SHOP, 100, 8, 0); LoadDriver lab = new LoadDriver(front, LAB, 20, 2, 40)) {
            lab.clients(2);
            say("Load: ramp on " + SHOP + " (1, then 2 clients sending back to back)");
            shop.clients(1);
            Thread.sleep(10_000);
            shop.clients(2);
            Thread.sleep(10_000);
            say("Load: spike on " + SHOP + " (8 clients sending back to back)");
            shop.clients(8);
            waitFor("a scale-out of " + SHOP, 120, () -> did("scale_out", SHOP, "CPU above"));
            Thread.sleep(10_000);
            NodeInfo victim = local.running(LAB).get(0);
            say("Killing node " + victim.id() + " of " + LAB + " with kill -9 (pid " + victim.pid() + ")");
            ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
            waitFor("the healing of " + LAB, 60, () -> did("replace_node", LAB, "crashed") && running(local, LAB) >= labBefore + 1);
            say("Load: falls to nothing on " + SHOP);
            shop.clients(0);
            waitFor("a scale-in of " + SHOP, 90, () -> did("scale_in", SHOP, "CPU below"));
            waitFor(SHOP + " back at its minimum", 60, () -> engine.capacityOf(SHOP) <= 2);
            say("Load sent: " + shop.sent.get() + " requests to " + SHOP + " (" + shop.failed.get() + " failed), "
                    + lab.sent.get() + " to " + LAB + " (" + lab.failed.get() + " failed)");
        }
    }

    /** Prints every decision as it happens (node transitions are printed by the listener registered at start). */
    private void follow(ConfigurableApplicationContext ctx) {
        DecisionJournal journal = ctx.getBean(DecisionJournal.class);
        journal.all().forEach(this::decision);
        journal.addListener(this::decision);
    }

    private void decision(JournalEntry e) {
        if (e.outcome().acted()) acted.add(e);
        String what = switch (e.action()) {
            case "scale_out" -> "SCALE-OUT " + e.pool() + " +" + e.approved();
            case "scale_in" -> "SCALE-IN  " + e.pool() + " -" + e.approved();
            case "replace_node" -> "REPLACE   " + e.pool() + " node " + e.node();
            default -> e.action() + " " + e.pool();
        };
        say(what + "  " + e.outcome() + (e.reasons().isEmpty() ? "" : " " + e.reasons()));
        say("    because: \"" + e.rule() + "\"" + (e.requester().equals("rules") ? "" : " asked by " + e.requester())
                + (e.matched().isEmpty() ? "" : " matched " + e.matched()));
    }

    /** The decisions carried out, in order. */
    List<JournalEntry> acted() { return List.copyOf(acted); }

    /** Every node transition seen, in order. */
    List<io.baton.engine.model.LifecycleEvent> lifecycle() { return List.copyOf(lifecycle); }

    /** The report's period, epoch millis. */
    long[] period() { return new long[] {periodStart, periodEnd}; }

    /** Whether a decision of {@code action} on {@code pool} by a rule whose name contains {@code rule} was carried out. */
    private boolean did(String action, String pool, String rule) {
        return acted.stream().anyMatch(e -> e.action().equals(action) && e.pool().equals(pool) && e.rule().contains(rule));
    }

    private boolean summary(boolean report) {
        boolean planned = did("scale_out", LAB, "planned request");
        boolean out = did("scale_out", SHOP, "CPU above");
        boolean healed = did("replace_node", LAB, "crashed");
        boolean in = did("scale_in", SHOP, "CPU below");
        say("Summary: self-service request " + (planned ? "done" : "MISSING") + ", scale-out " + (out ? "done" : "MISSING")
                + ", healing " + (healed ? "done" : "MISSING") + ", scale-in " + (in ? "done" : "MISSING")
                + ", report " + (report ? "written" : "MISSING") + "; " + acted.size() + " actions carried out.");
        return planned && out && healed && in && report;
    }

    private static int running(LocalActuator local, String pool) {
        return local.running(pool).size();
    }

    private void waitFor(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long until = System.currentTimeMillis() + seconds * 1000L;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                say("(gave up waiting for " + what + " after " + seconds + " s)");
                return;
            }
            Thread.sleep(250);
        }
    }

    private Path assembleRules(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : List.of("baton.dsl", "heal.dslr", "degraded.dslr", "capacity.dslr")) {
            Files.copy(root.resolve("rules").resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> demo = Files.list(root.resolve("config/demo/rules"))) {
            for (Path f : demo.toList()) Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private synchronized void say(String line) {
        out.printf("[%5.1fs] %s%n", (System.currentTimeMillis() - t0) / 1000.0, line);
        out.flush();
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
