package io.baton.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code scale --wait}: polls the pool until the change is done, printing a line whenever the picture
 * changes. A scale-out is done when as many nodes as were approved, none of them there before, are
 * RUNNING; a scale-in when the pool holds no more than the new capacity and nothing is draining.
 */
final class ScaleWait {
    private final Api api;
    private final String poolPath;
    private final long pollMillis;
    private final PrintStream out;

    ScaleWait(Api api, String poolPath, long pollMillis, PrintStream out) {
        this.api = api;
        this.poolPath = poolPath;
        this.pollMillis = pollMillis;
        this.out = out;
    }

    /** Waits for {@code change} nodes more (or fewer, when negative) than {@code before} held. */
    Exit await(PoolState before, int change, long timeoutMillis) throws InterruptedException {
        if (change == 0) {
            out.println("nothing to wait for: the pool's capacity does not change");
            return Exit.OK;
        }
        int target = before.capacity() + change;
        long start = System.currentTimeMillis();
        String shown = null;
        boolean down = false;
        while (true) {
            long elapsed = System.currentTimeMillis() - start;
            PoolState now = null;
            try {
                now = PoolState.of(api.get(poolPath).body());
                down = false;
            } catch (CliException e) {
                if (e.exit != Exit.UNREACHABLE) throw e;
                if (!down) out.printf("[%5.1fs] %s; still waiting%n", elapsed / 1000.0, e.getMessage());
                down = true;
            }
            if (now != null) {
                String line = change > 0 ? grown(before, now, change) : shrunk(now, target);
                boolean done = change > 0 ? fresh(before, now, "RUNNING").size() >= change
                        : now.capacity() <= target && now.count("DRAINING") == 0;
                if (done) {
                    out.printf("[%5.1fs] done: %s%n", elapsed / 1000.0, line);
                    return Exit.OK;
                }
                if (!line.equals(shown)) out.printf("[%5.1fs] %s%n", elapsed / 1000.0, line);
                shown = line;
            }
            if (elapsed >= timeoutMillis) {
                throw new CliException(Exit.WAIT_TIMEOUT, "gave up after " + timeoutMillis / 1000 + " s: " + (shown == null ? "the pool could not be read" : shown));
            }
            Thread.sleep(Math.min(pollMillis, Math.max(1, timeoutMillis - elapsed)));
        }
    }

    private static String grown(PoolState before, PoolState now, int change) {
        List<String> running = fresh(before, now, "RUNNING");
        Map<String, String> states = new java.util.LinkedHashMap<>();
        now.states().forEach((id, s) -> { if (!before.states().containsKey(id)) states.put(id, s); });
        return running.size() + " of " + change + " new nodes RUNNING (new nodes: " + new PoolState(states).summary() + ")"
                + (running.isEmpty() ? "" : ": " + String.join(" ", running));
    }

    private static String shrunk(PoolState now, int target) {
        return "capacity " + now.capacity() + ", going to " + target + " (" + now.summary() + ")";
    }

    /** The nodes in {@code state} that {@code before} did not have. */
    private static List<String> fresh(PoolState before, PoolState now, String state) {
        return now.states().entrySet().stream().filter(e -> !before.states().containsKey(e.getKey()) && state.equals(e.getValue()))
                .map(Map.Entry::getKey).toList();
    }
}
