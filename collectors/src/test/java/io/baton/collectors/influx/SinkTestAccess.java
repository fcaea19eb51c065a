package io.baton.collectors.influx;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Lets tests of other packages poll like the sink tests do. */
public final class SinkTestAccess {
    private SinkTestAccess() { }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        SinkTestSupport.await(what, timeout, condition);
    }
}
