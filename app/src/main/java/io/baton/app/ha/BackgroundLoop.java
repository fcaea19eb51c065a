package io.baton.app.ha;

import org.springframework.context.SmartLifecycle;

/** A daemon thread that runs rounds from the application's start until its stop. */
public abstract class BackgroundLoop implements SmartLifecycle {
    private final String name;
    private volatile Thread thread;

    protected BackgroundLoop(String name) {
        this.name = name;
    }

    /** One round; returns how many milliseconds to pause before the next (0: none). */
    protected abstract long round() throws InterruptedException;

    @Override public synchronized void start() {
        if (thread != null) return;
        Thread t = new Thread(() -> {
            try {
                while (thread != null) {
                    long pause = round();
                    if (pause > 0) Thread.sleep(pause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) t.interrupt();
    }

    @Override public boolean isRunning() { return thread != null; }
}
