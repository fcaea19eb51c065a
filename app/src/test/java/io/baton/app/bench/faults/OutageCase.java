package io.baton.app.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Case 3: InfluxDB stopped for {@code seconds} while a load generator posts {@code rate} points a second to Baton's
 * {@code /write}; then it comes back. Every point has a unique integer field {@code seq} and a unique timestamp.
 * Counted at the wire by a relay in front of influxd (not by Baton's counters): acked (204 from Baton), stored
 * (distinct seq that InfluxDB acknowledged), duplicates (seq acknowledged by InfluxDB more than once), lost (acked
 * but never stored). InfluxDB's own count is checked against the relay's.
 */
final class OutageCase {
    static boolean run(FaultHarness h, int seconds, int rate) throws Exception {
        Path dir = h.workDir("outage");
        String db = "faults_outage";
        CountingRelay relay = new CountingRelay(h.influx().url(), Http.freePort());
        relay.start();
        List<String> args = new java.util.ArrayList<>(h.commonArgs(dir, db, List.of()));
        args.replaceAll(a -> a.startsWith("--baton.influx.url=") ? "--baton.influx.url=" + relay.url() : a);
        BatonProcess baton = new BatonProcess(dir, Http.freePort(), args).heap(System.getProperty("faults.outage-heap", "-Xmx1500m")).start();
        int logFrom = baton.scan(0).lines();

        int warm = 10;
        int after = 20;
        int perBody = Math.max(1, rate / 10);  // one body every 100 ms
        BitSet acked = new BitSet();
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong late = new AtomicLong();
        long t0ns = System.currentTimeMillis() * 1_000_000L;
        ExecutorService senders = Executors.newFixedThreadPool(6);
        Semaphore inflight = new Semaphore(6);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        String base = baton.base();
        Runnable tick = () -> {
            if (!inflight.tryAcquire()) {       // the generator cannot keep up: the body is not sent, and counted
                late.incrementAndGet();
                return;
            }
            long first = next.getAndAdd(perBody);
            StringBuilder b = new StringBuilder(perBody * 64);
            for (long s = first; s < first + perBody; s++) {
                b.append("outage,pool=load,gen=g").append(s % 4).append(" seq=").append(s).append("i,value=").append(s % 100)
                        .append(' ').append(t0ns + s * 1000).append('\n');
            }
            byte[] body = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            senders.execute(() -> {
                try {
                    Http.Answer a = Http.postBytes(base, "/write?db=" + db, Map.of("Content-Type", "text/plain"), body, Duration.ofSeconds(30));
                    if (a.status() == 204) {
                        synchronized (acked) {
                            acked.set((int) first, (int) (first + perBody));
                        }
                    } else if (a.status() == 503) refused.addAndGet(perBody);
                    else failed.addAndGet(perBody);
                } finally {
                    inflight.release();
                }
            });
        };
        String loadBefore = FaultHarness.loadavg();
        ticker.scheduleAtFixedRate(tick, 0, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(warm * 1000L);
        long beforeOutage = next.get();
        h.influx().stop();
        relay.stop();
        System.out.printf("  outage: influxd stopped at seq %d; %d s at %d points/s%n", beforeOutage, seconds, rate);
        Thread.sleep(seconds * 1000L);
        relay.start();
        h.influx().start();
        long atReturn = next.get();
        System.out.printf("  outage: influxd back at seq %d%n", atReturn);
        Thread.sleep(after * 1000L);
        ticker.shutdown();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        senders.shutdown();
        senders.awaitTermination(60, TimeUnit.SECONDS);
        long sent = next.get();
        long ackedCount;
        synchronized (acked) {
            ackedCount = acked.cardinality();
        }

        // wait for the replay: until every acked point is stored, or nothing new arrives for 60 s
        long lastProgress = System.currentTimeMillis();
        long lastStored = -1;
        long drainStart = System.currentTimeMillis();
        while (true) {
            BitSet lost = (BitSet) acked.clone();
            lost.andNot(relay.seen());
            if (lost.isEmpty()) break;
            long s = relay.distinct();
            if (s != lastStored) {
                lastStored = s;
                lastProgress = System.currentTimeMillis();
            }
            if (System.currentTimeMillis() - lastProgress > 60_000) break;
            Thread.sleep(1000);
        }
        double drainSecs = (System.currentTimeMillis() - drainStart) / 1000.0;
        BitSet seen = relay.seen();
        BitSet lost = (BitSet) acked.clone();
        lost.andNot(seen);
        BitSet unacked = (BitSet) seen.clone();
        unacked.andNot(acked);
        long influxCount = h.influx().count(db, "SELECT count(seq) FROM outage");
        BatonProcess.LogScan scan = baton.scan(logFrom);
        String loadAfter = FaultHarness.loadavg();
        baton.stop();
        relay.stop();

        System.out.printf("  outage: sent %d points (%d not sent: generator late for %d bodies), acked %d, refused with 503 %d, other failures %d%n",
                sent, late.get() * perBody, late.get(), ackedCount, refused.get(), failed.get());
        System.out.printf("  outage: at the wire: %d InfluxDB writes acknowledged, %d distinct points, %d duplicates, %d relay->influxd failures; InfluxDB counts %d; stored but never acked %d; replay took %.0f s after the load stopped%n",
                relay.writes.get(), seen.cardinality(), relay.duplicates(), relay.upstreamFailures.get(), influxCount, unacked.cardinality(), drainSecs);
        System.out.printf("  outage: Baton log: %d ERROR lines, %d stack traces; load %s -> %s%n", scan.errors(), scan.traces(), loadBefore, loadAfter);
        for (String e : scan.examples()) System.out.println("  outage log: " + e);
        if (!lost.isEmpty()) System.out.println("  outage: first lost seq " + lost.nextSetBit(0));
        boolean pass = lost.isEmpty() && relay.duplicates() == 0 && influxCount == seen.cardinality() && ackedCount > 0;
        h.result("outage", String.format("duration=%ds rate=%d/s acked=%d stored=%d duplicates=%d lost=%d (influx count %d)",
                seconds, rate, ackedCount, seen.cardinality(), relay.duplicates(), lost.cardinality(), influxCount),
                "every acked point stored exactly once (lost=0, duplicates=0)", pass);
        return pass;
    }
}
