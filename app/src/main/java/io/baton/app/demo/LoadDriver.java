package io.baton.app.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load through the local front: {@code clients} workers each send {@code /work}
 * requests back to back (each burns {@code workMs} of CPU on whichever running node of the pool the
 * front picks). Closed loop keeps the nodes busy however fast or slow the machine is; the number of
 * clients can change while it runs.
 */
final class LoadDriver implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI target;
    private final AtomicInteger clients = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean open = true;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    LoadDriver(int frontPort, String pool, int workMs, int maxClients, long pauseMs) {
        this.target = URI.create("http://127.0.0.1:" + frontPort + "/work?ms=" + workMs + "&pool=" + pool);
        for (int i = 0; i < maxClients; i++) {
            int id = i;
            Thread t = new Thread(() -> work(id, pauseMs), "demo-load-" + pool + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** How many workers send from now on. */
    void clients(int n) { clients.set(n); }

    private void work(int id, long pauseMs) {
        while (open) {
            try {
                if (id >= clients.get()) {
                    Thread.sleep(100);
                    continue;
                }
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding());
                sent.incrementAndGet();
                if (r.statusCode() != 200) failed.incrementAndGet();
                if (pauseMs > 0) Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        }
    }

    @Override public void close() {
        open = false;
        workers.forEach(Thread::interrupt);
    }
}
