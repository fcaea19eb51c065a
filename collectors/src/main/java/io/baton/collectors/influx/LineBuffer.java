package io.baton.collectors.influx;

import io.baton.collectors.sinks.LineBlock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO of lines in memory between producers and the one writer thread. It holds {@link LineBlock}s (a
 * request's lines as bytes, often a slice of its body) and counts lines, not blocks; a block that only partly fits
 * is split at a line.
 */
final class LineBuffer {
    private final int capacity;
    private final ArrayDeque<LineBlock> blocks = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int size;
    private int wakeAt = Integer.MAX_VALUE;
    private boolean woken;
    private long firstAtNanos;

    LineBuffer(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds the lines of {@code lines}, in order, waiting up to {@code waitNanos} in all for room. Returns how many
     * were added (the first ones; the rest did not fit).
     */
    int offer(LineBlock lines, long waitNanos) {
        lock.lock();
        try {
            int n = lines.lines();
            int added = 0;
            long deadline = System.nanoTime() + waitNanos;
            while (added < n) {
                if (size == capacity) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    changed.signal();
                    notFull.awaitNanos(left);
                    continue;
                }
                int k = Math.min(n - added, capacity - size);
                append(lines.slice(added, k));
                added += k;
            }
            if (size >= wakeAt) changed.signal();
            return added;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds all the lines or none: waits up to {@code waitNanos} until there is room for all of them. A block larger
     * than the capacity is never taken.
     */
    boolean offerAll(LineBlock lines, long waitNanos) {
        int n = lines.lines();
        if (n > capacity) return false;
        lock.lock();
        try {
            long deadline = System.nanoTime() + waitNanos;
            while (capacity - size < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                changed.signal();
                notFull.awaitNanos(left);
            }
            append(lines);
            if (size >= wakeAt) changed.signal();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void append(LineBlock block) {
        if (block.lines() == 0) return;
        if (size == 0) firstAtNanos = System.nanoTime();
        blocks.addLast(block);
        size += block.lines();
    }

    /** Takes up to {@code max} of the oldest lines as one batch; null when there are none. */
    Batch drain(int max) {
        lock.lock();
        try {
            if (size == 0 || max <= 0) return null;
            List<LineBlock> parts = new ArrayList<>(2);
            int taken = 0;
            while (taken < max && !blocks.isEmpty()) {
                LineBlock head = blocks.pollFirst();
                int k = Math.min(head.lines(), max - taken);
                if (k < head.lines()) {
                    blocks.addFirst(head.slice(k, head.lines() - k));
                    head = head.slice(0, k);
                }
                parts.add(head);
                taken += k;
            }
            size -= taken;
            if (size > 0) firstAtNanos = System.nanoTime();
            notFull.signalAll();
            return Batch.of(parts);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} lines wait, or the oldest waiting line has waited {@code maxAgeNanos},
     * or {@link #wake()} is called. With an empty buffer it waits at most {@code maxAgeNanos}.
     */
    void awaitBatch(int count, long maxAgeNanos) {
        lock.lock();
        try {
            wakeAt = count;
            long deadline = System.nanoTime() + maxAgeNanos;
            while (!woken && size < count) {
                long now = System.nanoTime();
                long until = size > 0 ? firstAtNanos + maxAgeNanos : deadline;
                if (now - until >= 0) break;
                changed.awaitNanos(until - now);
            }
            woken = false;
            wakeAt = Integer.MAX_VALUE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} until at least {@code count} lines wait or {@link #wake()} is called. */
    void awaitSize(int count, long nanos) {
        awaitSizeOr(count, nanos, () -> false);
    }

    /**
     * {@link #awaitSize}, ending early too when {@code done} turns true; {@code done} is checked at the start and
     * after each {@link #nudge()}.
     */
    void awaitSizeOr(int count, long nanos, BooleanSupplier done) {
        lock.lock();
        try {
            wakeAt = count;
            long deadline = System.nanoTime() + nanos;
            while (!woken && size < count && !done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                changed.awaitNanos(left);
            }
            woken = false;
            wakeAt = Integer.MAX_VALUE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting writer look again at what it waits for (a write in flight has its answer). */
    void nudge() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the writer's current wait now (and the next one, if it is not waiting). */
    void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Lines waiting. */
    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    static long nanos(java.time.Duration d) {
        return TimeUnit.NANOSECONDS.convert(d);
    }
}
