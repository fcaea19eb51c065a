package io.baton.engine.loop;

/**
 * A daemon thread that runs rounds from {@link #start()} until {@link #stop()}. Its three methods have the
 * signatures of Spring's {@code SmartLifecycle}, so a Spring bean declared {@code extends DaemonLoop implements
 * SmartLifecycle} runs from the application's start until its stop with no more code.
 *
 * <p>A round that throws ends the thread: a loop that must outlive failures catches them in {@link #round()}.
 */
public abstract class DaemonLoop {
    private final String name;
    private volatile Thread thread;

    protected DaemonLoop(String name) {
        this.name = name;
    }

    /** One round; returns how many milliseconds to pause before the next (0 or less: none). */
    protected abstract long round() throws InterruptedException;

    /** Starts the thread, named as given to the constructor; a second call while it runs does nothing. */
    public synchronized void start() {
        if (thread != null) return;
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        try {
            while (thread == Thread.currentThread()) {
                long pause = round();
                if (pause > 0) Thread.sleep(pause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts the thread; it ends at once if it is pausing or waiting, else when its round returns. */
    public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) t.interrupt();
    }

    /** Between {@link #start()} and {@link #stop()}. */
    public boolean isRunning() { return thread != null; }
}
