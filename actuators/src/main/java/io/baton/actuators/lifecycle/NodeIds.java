package io.baton.actuators.lifecycle;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * New node ids: {@code <pool>-<epoch millis in base 36><2 random base-36 chars>}, for example
 * {@code web-mhx3k2a1q7}. The time part keeps an id from coming back later (billing keys its series
 * by node); the random part and the {@code taken} check keep ids made in the same millisecond apart.
 */
public final class NodeIds {
    private NodeIds() { }

    /** A fresh id for a node of {@code pool} that {@code taken} does not hold. */
    public static String next(String pool, Predicate<String> taken) {
        String id;
        do {
            int r = ThreadLocalRandom.current().nextInt(36 * 36);
            id = pool + "-" + Long.toString(System.currentTimeMillis(), 36)
                    + Character.forDigit(r / 36, 36) + Character.forDigit(r % 36, 36);
        } while (taken.test(id));
        return id;
    }
}
