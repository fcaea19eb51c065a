package io.baton.engine.port;

/** Told when this replica starts or stops leading. */
public interface LeadershipListener {

    /** This replica now leads under {@code epoch}: reload shared state, then act. */
    void leading(long epoch);

    /** This replica stopped leading (lease lost, fenced, or handed over): stop acting at once. */
    void following(String why);
}
