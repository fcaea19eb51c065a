package io.baton.actuators.local;

import io.baton.actuators.env.ChildEnvironment;
import io.baton.actuators.lifecycle.LifecyclePublisher;
import io.baton.actuators.lifecycle.RecordingListener;
import io.baton.engine.model.Decision;
import io.baton.engine.model.DecisionKind;
import io.baton.engine.model.Pool;
import io.baton.engine.port.SharedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A temporary data dir, real local actuators over it and a listener per actuator. {@link #close()}
 * kills every node process of the data dir, whatever state the test left it in.
 */
final class LocalFixture implements AutoCloseable {
    final Path dataDir;
    final Pool pool = new Pool("web", "acme", "shop", "nginx", 0, 50, 2);
    final int portStart = 20000 + ThreadLocalRandom.current().nextInt(120) * 100; // below the ephemeral range (32768+), where outgoing connections could take a node's port
    private final List<LocalActuator> actuators = new ArrayList<>();
    private final NodeProcesses procs;

    LocalFixture() throws IOException {
        dataDir = Files.createTempDirectory("baton-local-test");
        procs = new NodeProcesses(dataDir);
        Thread reaper = new Thread(this::killAll, "local-fixture-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Kills every node process of this data dir (also run if the test JVM is stopped mid-test). */
    void killAll() {
        for (Long pid : processes().keySet()) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
        }
    }

    LocalSettings settings() {
        return LocalSettings.defaults(portStart).withDrainTimeout(java.time.Duration.ofSeconds(5));
    }

    /** A new actuator over the data dir ("a Baton"), publishing to {@code listener}. */
    LocalActuator actuator(RecordingListener listener, UnaryOperator<LocalSettings> tweak) {
        LocalSettings s = tweak.apply(settings());
        LocalActuator a = new LocalActuator(dataDir, List.of(pool), name -> s, LifecyclePublisher.of(listener), Clock.systemUTC());
        actuators.add(a);
        return a;
    }

    LocalActuator actuator(RecordingListener listener) {
        return actuator(listener, s -> s);
    }

    /** A replica's actuator over the data dir keeping its pools' state in {@code shared}, under {@code epoch} (0: it follows). */
    LocalActuator actuator(RecordingListener listener, SharedState shared, LongSupplier epoch) {
        LocalSettings s = settings();
        LocalActuator a = new LocalActuator(dataDir, List.of(pool), name -> s, LifecyclePublisher.of(listener), Clock.systemUTC(),
                ChildEnvironment.system(), shared, epoch);
        actuators.add(a);
        return a;
    }

    static Decision decision(String id, DecisionKind kind, int amount, String node) {
        return new Decision(id, kind, "web", amount, node, "test", List.of(), "test");
    }

    /** Live processes that claim to be nodes of this data dir, checked or not. */
    Map<Long, NodeProcess> processes() {
        return procs.scan();
    }

    /** A free port of the pool's range, from its top (the actuator allocates from the bottom). */
    int freePortInRange() {
        for (int port = portStart + settings().portCount() - 1; port >= portStart; port--) {
            if (NodeProcesses.portFree(port)) return port;
        }
        throw new IllegalStateException("no free port in the pool's range");
    }

    static void kill9(long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor();
    }

    @Override public void close() throws IOException {
        for (LocalActuator a : actuators) a.abandon();
        killAll();
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
