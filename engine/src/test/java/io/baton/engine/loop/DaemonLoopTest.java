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
    }

    @Test
    void runsRoundsOnOneNamedDaemonThreadUntilStopped() throws Exception {
        Counting loop = new Counting("test-loop", 0);
        assertThat(loop.isRunning()).isFalse();
        loop.start();
        assertThat(loop.isRunning()).isTrue();
        Thread first = loop.threads.poll(10, TimeUnit.SECONDS);
        Thread second = loop.threads.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull().isSameAs(second);
        assertThat(first.getName()).isEqualTo("test-loop");
        assertThat(first.isDaemon()).isTrue();

        loop.stop();
        assertThat(loop.isRunning()).isFalse();
        first.join(10_000);
        assertThat(first.isAlive()).isFalse();
    }

    @Test
    void aSecondStartWhileRunningStartsNoSecondThread() throws Exception {
        Counting loop = new Counting("once", 0);
        loop.start();
        Thread t = loop.threads.poll(10, TimeUnit.SECONDS);
        loop.start();
        loop.threads.clear();
        for (int i = 0; i < 50; i++) assertThat(loop.threads.poll(10, TimeUnit.SECONDS)).isSameAs(t);
        loop.stop();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void stopEndsALongPauseAtOnce() throws Exception {
        Counting loop = new Counting("pausing", 3_600_000);
        loop.start();
        Thread t = loop.threads.poll(10, TimeUnit.SECONDS);
        loop.stop();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(loop.rounds.get()).isEqualTo(1);
    }

    @Test
    void startAfterStopRunsAFreshThreadAndTheOldOneEnds() throws Exception {
        Counting loop = new Counting("again", 0);
        loop.start();
        Thread old = loop.threads.poll(10, TimeUnit.SECONDS);
        loop.stop();
        loop.start();
        old.join(10_000);
        assertThat(old.isAlive()).isFalse();
        Thread fresh;
        do {
            fresh = loop.threads.poll(10, TimeUnit.SECONDS);
        } while (fresh == old);
        assertThat(fresh).isNotNull().isNotSameAs(old);
        assertThat(loop.isRunning()).isTrue();
        loop.stop();
        fresh.join(10_000);
        assertThat(fresh.isAlive()).isFalse();
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
            ran.get(0).join(10_000);
            assertThat(ran).hasSize(1);
            assertThat(ran.get(0).isAlive()).isFalse();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            loop.stop();
        }
    }
}
