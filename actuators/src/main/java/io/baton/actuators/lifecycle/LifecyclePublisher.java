package io.baton.actuators.lifecycle;

import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.port.LifecycleListener;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each lifecycle event to every listener. The listeners are looked up on each call (in Spring
 * through an {@code ObjectProvider}), so a listener bean that itself needs the actuators causes no
 * cycle. A listener that throws is logged and does not keep the event from the others.
 *
 * <p>A {@link NodeBook} publishes after releasing its monitor, one event at a time and in the order
 * the transitions were booked, so a slow or blocked listener never keeps another thread from reading
 * the book or booking a transition. It does delay the pool's later events: a listener should still
 * return quickly. The engine's listener only enqueues, and the InfluxDB sink buffers.
 */
public final class LifecyclePublisher {
    private static final Logger log = LoggerFactory.getLogger(LifecyclePublisher.class);
    private final Supplier<? extends Iterable<LifecycleListener>> listeners;

    public LifecyclePublisher(Supplier<? extends Iterable<LifecycleListener>> listeners) {
        this.listeners = listeners;
    }

    /** A publisher to a fixed list of listeners (plain Java and tests). */
    public static LifecyclePublisher of(LifecycleListener... listeners) {
        List<LifecycleListener> list = List.of(listeners);
        return new LifecyclePublisher(() -> list);
    }

    /** This publisher as one listener that forwards transitions and events published again alike (to guard or chain it). */
    public LifecycleListener asListener() {
        return new LifecycleListener() {
            @Override public void onLifecycle(LifecycleEvent event) { publish(event); }
            @Override public void onLifecycleAgain(LifecycleEvent event) { publishAgain(event); }
        };
    }

    /** Publishes a node's last transition again to every listener ({@link LifecycleListener#onLifecycleAgain}). */
    public void publishAgain(LifecycleEvent event) {
        for (LifecycleListener l : listeners.get()) {
            try {
                l.onLifecycleAgain(event);
            } catch (RuntimeException e) {
                log.warn("lifecycle listener {} failed on {} published again: {}", l.getClass().getName(), event, e.toString());
            }
        }
    }

    /** Publishes one event to every listener, in order. */
    public void publish(LifecycleEvent event) {
        log.debug("lifecycle {} {} {} decision={}", event.pool(), event.node(), event.state(), event.decision());
        for (LifecycleListener l : listeners.get()) {
            try {
                l.onLifecycle(event);
            } catch (RuntimeException e) {
                log.warn("lifecycle listener {} failed on {}: {}", l.getClass().getName(), event, e.toString());
            }
        }
    }
}
