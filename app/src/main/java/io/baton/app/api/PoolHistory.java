package io.baton.app.api;

import io.baton.app.engine.EngineService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Node count and CPU of every pool every 5 s for the last hour: the console's charts when InfluxDB is not there. */
@Component
class PoolHistory {
    private static final int KEEP = 720;
    private final EngineService engine;
    private final Map<String, Deque<Point>> points = new HashMap<>();

    record Point(long time, int nodes, double cpu) { }

    PoolHistory(EngineService engine) {
        this.engine = engine;
    }

    @Scheduled(fixedRate = 5000, initialDelay = 1000)
    void sample() {
        if (!engine.isRunning()) return;
        long now = System.currentTimeMillis();
        for (EngineService.PoolView p : engine.pools()) {
            synchronized (points) {
                Deque<Point> d = points.computeIfAbsent(p.name(), k -> new ArrayDeque<>());
                d.addLast(new Point(now, p.nodes(), p.cpu()));
                while (d.size() > KEEP) d.removeFirst();
            }
        }
    }

    List<Point> of(String pool) {
        synchronized (points) {
            return new ArrayList<>(points.getOrDefault(pool, new ArrayDeque<>()));
        }
    }
}
