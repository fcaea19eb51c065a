package io.baton.engine.model;

/** The engine's notion of now, as one fact updated once per second of engine time. */
public final class Clock {
    private long now;

    public Clock(long now) { this.now = now; }

    /** Epoch millis. */
    public long getNow() { return now; }
    public void setNow(long now) { this.now = now; }

    @Override public String toString() { return "Clock(" + now + ")"; }
}
