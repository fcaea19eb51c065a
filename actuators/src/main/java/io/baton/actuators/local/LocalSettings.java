package io.baton.actuators.local;

import java.time.Duration;
import java.util.List;

/**
 * How the local actuator runs one pool's nodes ({@code baton.pools.<name>.local.*}).
 *
 * @param portStart first loopback port of the pool's range
 * @param portCount size of the range
 * @param startTimeout how long a node may take to answer {@code /health}; past it the node is FAILED
 * @param drainTimeout how long to wait for in-flight requests before stopping a node
 * @param stopGrace how long after SIGTERM before the process is killed
 * @param maxStartAttempts attempts per requested node (the first start included)
 * @param retryBackoff wait before the second attempt; doubles for each further one
 * @param dryRun log and record what would be done, do nothing
 * @param jvmOptions JVM flags for the node processes
 */
public record LocalSettings(int portStart, int portCount, Duration startTimeout, Duration drainTimeout,
                            Duration stopGrace, int maxStartAttempts, Duration retryBackoff, boolean dryRun,
                            List<String> jvmOptions) {

    public static final List<String> DEFAULT_JVM = List.of("-Xmx32m", "-Xms8m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss256k", "-XX:CICompilerCount=1", "-Xshare:auto");

    public LocalSettings {
        if (portStart < 1024 || portStart > 65535) throw new IllegalArgumentException("local.port-start must be 1024..65535, got " + portStart);
        if (portCount < 1 || portStart + portCount > 65536) throw new IllegalArgumentException("local.port-count must fit below 65536, got " + portCount);
        if (maxStartAttempts < 1) throw new IllegalArgumentException("local.max-start-attempts must be at least 1");
        startTimeout = positive(startTimeout, "start-timeout", Duration.ofSeconds(10));
        drainTimeout = positive(drainTimeout, "drain-timeout", Duration.ofSeconds(10));
        stopGrace = positive(stopGrace, "stop-grace", Duration.ofSeconds(3));
        retryBackoff = retryBackoff == null ? Duration.ofMillis(200) : retryBackoff;
        jvmOptions = jvmOptions == null || jvmOptions.isEmpty() ? DEFAULT_JVM : List.copyOf(jvmOptions);
    }

    /** The defaults, on ports from {@code portStart}. */
    public static LocalSettings defaults(int portStart) {
        return new LocalSettings(portStart, 1000, null, null, null, 3, null, false, null);
    }

    public LocalSettings withStartTimeout(Duration d) {
        return new LocalSettings(portStart, portCount, d, drainTimeout, stopGrace, maxStartAttempts, retryBackoff, dryRun, jvmOptions);
    }

    public LocalSettings withDrainTimeout(Duration d) {
        return new LocalSettings(portStart, portCount, startTimeout, d, stopGrace, maxStartAttempts, retryBackoff, dryRun, jvmOptions);
    }

    public LocalSettings withDryRun(boolean dry) {
        return new LocalSettings(portStart, portCount, startTimeout, drainTimeout, stopGrace, maxStartAttempts, retryBackoff, dry, jvmOptions);
    }

    public LocalSettings withAttempts(int attempts, Duration backoff) {
        return new LocalSettings(portStart, portCount, startTimeout, drainTimeout, stopGrace, attempts, backoff, dryRun, jvmOptions);
    }

    private static Duration positive(Duration d, String key, Duration fallback) {
        if (d == null) return fallback;
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("local." + key + " must be positive, got " + d);
        return d;
    }
}
