package io.baton.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DaemonLoopTest {

    /** Counts its rounds and hands each round's thread to the test; pauses {@code pause} ms between rounds. */
    static final class Counting extends DaemonLoop {
        final AtomicInteger rounds = new AtomicInteger();
        final BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        final long pause;

        Counting(String name, long pause) {
            super(name);
            this.pause = pause;
        }

        @Override protected long round() {
            rounds.incrementAndGet();
            threads.add(Thread.currentThread());
            return pause;
        }

        /** The thread of the next round. */
        Thread next() throws InterruptedException {
            Thread t = threads.poll(10, TimeUnit.SECONDS);
            assertThat(t).as("a round within 10 s").isNotNull();
            return t;
        }
    }

    static Counting started(String name, long pause) {
        Counting loop = new Counting(name, pause);
        loop.start();
        return loop;
    }

    /** Stops {@code loop} and checks that it says so and that its thread {@code t} ends. */
    static void stopEnds(DaemonLoop loop, Thread t) throws InterruptedException {
        loop.stop();
        assertThat(loop.isRunning()).isFalse();
        assertEnds(t);
    }

    static void assertEnds(Thread t) throws InterruptedException {
        t.join(10_000);
        assertThat(t.isAlive()).as(t.getName() + " ended").isFalse();
    }

    @Test
    void runsRoundsOnOneNamedDaemonThreadUntilStopped() throws Exception {
        Counting loop = new Counting("test-loop", 0);
        assertThat(loop.isRunning()).isFalse();
        loop.start();
        assertThat(loop.isRunning()).isTrue();
        Thread first = loop.next();
        assertThat(loop.next()).isSameAs(first);
        assertThat(first.getName()).isEqualTo("test-loop");
        assertThat(first.isDaemon()).isTrue();

        stopEnds(loop, first);
    }

    @Test
    void aSecondStartWhileRunningStartsNoSecondThread() throws Exception {
        Counting loop = started("once", 0);
        Thread t = loop.next();
        loop.start();
        loop.threads.clear();
        for (int i = 0; i < 50; i++) assertThat(loop.next()).isSameAs(t);
        stopEnds(loop, t);
    }

    @Test
    void stopEndsALongPauseAtOnce() throws Exception {
        Counting loop = started("pausing", 3_600_000);
        Thread only = loop.next();
        stopEnds(loop, only);
        assertThat(loop.rounds.get()).isEqualTo(1);
    }

    @Test
    void startAfterStopRunsAFreshThreadAndTheOldOneEnds() throws Exception {
        Counting loop = started("again", 0);
        Thread old = loop.next();
        loop.stop();
        loop.start();
        assertEnds(old);
        Thread fresh = loop.next();
        while (fresh == old) fresh = loop.next();
        assertThat(loop.isRunning()).isTrue();
        stopEnds(loop, fresh);
    }

    @Test
    void aRoundThatThrowsEndsTheThread() throws Exception {
        CountDownLatch thrown = new CountDownLatch(1);
        List<Thread> ran = new CopyOnWriteArrayList<>();
        DaemonLoop loop = new DaemonLoop("throwing") {
            @Override protected long round() {
                ran.add(Thread.currentThread());
                thrown.countDown();
                throw new IllegalStateException("boom");
            }
        };
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });
        try {
            loop.start();
            assertThat(thrown.await(10, TimeUnit.SECONDS)).isTrue();
            assertEnds(ran.get(0));
            assertThat(ran).hasSize(1);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            loop.stop();
        }
    }
}
