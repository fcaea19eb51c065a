package io.baton.collectors.influx;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A bounded FIFO of lines in memory between producers and the one writer thread. */
final class LineBuffer {
    private final String[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int head;
    private int size;
    private int wakeAt = Integer.MAX_VALUE;
    private boolean woken;
    private long firstAtNanos;

    LineBuffer(int capacity) {
        this.ring = new String[capacity];
    }

    /**
     * Adds lines from {@code from} on, in order, waiting up to {@code waitNanos} in all for room. Returns how many
     * were added (the rest did not fit).
     */
    int offer(List<String> lines, int from, long waitNanos) {
        lock.lock();
        try {
            int added = 0;
            int i = from;
            long deadline = System.nanoTime() + waitNanos;
            while (i < lines.size()) {
                if (size == ring.length) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    changed.signal();
                    notFull.awaitNanos(left);
                    continue;
                }
                if (size == 0) firstAtNanos = System.nanoTime();
                ring[(head + size) % ring.length] = lines.get(i++);
                size++;
                added++;
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
     * Adds all the lines or none: waits up to {@code waitNanos} until there is room for all of them. A list longer
     * than the capacity is never taken.
     */
    boolean offerAll(List<String> lines, long waitNanos) {
        int n = lines.size();
        if (n > ring.length) return false;
        lock.lock();
        try {
            long deadline = System.nanoTime() + waitNanos;
            while (ring.length - size < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                changed.signal();
                notFull.awaitNanos(left);
            }
            if (size == 0) firstAtNanos = System.nanoTime();
            for (int i = 0; i < n; i++) ring[(head + size + i) % ring.length] = lines.get(i);
            size += n;
            if (size >= wakeAt) changed.signal();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Moves up to {@code max} of the oldest lines into {@code into}; returns how many. */
    int drain(List<String> into, int max) {
        lock.lock();
        try {
            int n = Math.min(max, size);
            for (int k = 0; k < n; k++) {
                into.add(ring[head]);
                ring[head] = null;
                head = (head + 1) % ring.length;
            }
            size -= n;
            if (size > 0) firstAtNanos = System.nanoTime();
            if (n > 0) notFull.signalAll();
            return n;
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
        lock.lock();
        try {
            wakeAt = count;
            long deadline = System.nanoTime() + nanos;
            while (!woken && size < count) {
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
        return ring.length;
    }

    static long nanos(java.time.Duration d) {
        return TimeUnit.NANOSECONDS.convert(d);
    }
}
