package io.baton.collectors.influx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.springframework.util.unit.DataSize;

/** Settings and polling shared by the sink tests. */
final class SinkTestSupport {
    private SinkTestSupport() { }

    static InfluxProperties props(String url, String db, Path spool) {
        InfluxProperties p = new InfluxProperties();
        p.setUrl(url);
        p.setDatabase(db);
        p.setSpoolDir(spool.toString());
        p.setBatchSize(500);
        p.setBufferCapacity(5_000);
        p.setFlushInterval(Duration.ofMillis(100));
        p.setRetryInterval(Duration.ofMillis(100));
        p.setTimeout(Duration.ofSeconds(2));
        p.setOfferTimeout(Duration.ofMillis(50));
        p.setSpoolMaxSize(DataSize.ofMegabytes(64));
        return p;
    }

    /** Polls {@code condition} until true; fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
