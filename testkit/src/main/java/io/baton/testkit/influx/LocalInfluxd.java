package io.baton.testkit.influx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code influxd} (package {@code influxdb}, 1.6.x) in a temp directory of its own, on two random free
 * ports (HTTP and the RPC bind-address). Restarts reuse the same ports, config and data.
 */
final class LocalInfluxd implements InfluxBackend {
    static final String INSTALL_HINT = "install it with: apt-get install -y influxdb";
    private static final List<String> CANDIDATES = List.of("/usr/bin/influxd", "/usr/local/bin/influxd");
    private static final int ATTEMPTS = 3;

    private final Path binary;
    private final Path dir;
    private Path config;
    private int httpPort;
    private Process process;
    private boolean everStarted;

    LocalInfluxd(Path binary) {
        this.binary = binary;
        try {
            this.dir = Files.createTempDirectory("baton-influxd-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for influxd", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill, "influxd-reaper"));
    }

    /** The influxd binary on this machine, or null when there is none. */
    static Path findBinary() {
        for (String candidate : CANDIDATES) {
            Path path = Paths.get(candidate);
            if (Files.isExecutable(path)) return path;
        }
        String pathEnv = System.getenv("PATH");
        if (pathEnv == null) return null;
        for (String entry : pathEnv.split(java.io.File.pathSeparator)) {
            Path path = Paths.get(entry, "influxd");
            if (Files.isExecutable(path)) return path;
        }
        return null;
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) return;
        if (everStarted) {
            launch();  // same ports, same data: a restart
            return;
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            writeConfig(FreePorts.pick(), FreePorts.pick());
            try {
                launch();
                everStarted = true;
                return;
            } catch (IllegalStateException e) {  // a port grabbed by someone else between pick and bind
                last = e;
                kill();
            }
        }
        throw last;
    }

    private void writeConfig(int http, int rpc) {
        httpPort = http;
        config = dir.resolve("influxdb.conf");
        String d = dir.toAbsolutePath().toString().replace("\\", "/");
        String toml = "reporting-disabled = true\n"
                + "bind-address = \"127.0.0.1:" + rpc + "\"\n"
                + "[meta]\n  dir = \"" + d + "/meta\"\n"
                + "[data]\n  dir = \"" + d + "/data\"\n  wal-dir = \"" + d + "/wal\"\n  query-log-enabled = false\n"
                + "[monitor]\n  store-enabled = false\n"
                + "[http]\n  enabled = true\n  bind-address = \"127.0.0.1:" + http + "\"\n  log-enabled = false\n"
                + "  max-body-size = 0\n";
        try {
            Files.writeString(config, toml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
    }

    private void launch() {
        Path log = dir.resolve("influxd.log");
        try {
            process = new ProcessBuilder(binary.toString(), "-config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        Process started = process;
        Ping.await(url(), Duration.ofSeconds(20), started::isAlive, () -> tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void stop() {
        if (process == null) return;
        process.destroy();  // SIGTERM: influxd flushes and exits, in about 1.6 s
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    private void kill() {
        Process p = process;
        if (p != null && p.isAlive()) p.destroyForcibly();
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    @Override
    public String toString() {
        return "influxd " + url() + " (" + dir + ")";
    }
}
