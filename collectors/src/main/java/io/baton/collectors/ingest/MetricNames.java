package io.baton.collectors.ingest;

import io.baton.engine.schema.Fields;

/**
 * The engine's metric name of a numeric field: the measurement for field {@code value}, else
 * {@code measurement_field}. Remembers recent names so that the same measurement and field (the same Strings,
 * from the parser's cache) give the same String without building it again. One per thread.
 */
final class MetricNames {
    private static final int SIZE = 1 << 10;
    private final String[] measurements = new String[SIZE];
    private final String[] keys = new String[SIZE];
    private final String[] names = new String[SIZE];

    String of(String measurement, String key) {
        int slot = (measurement.hashCode() * 31 + key.hashCode()) & (SIZE - 1);
        String m = measurements[slot];
        if (m != null && (m == measurement || m.equals(measurement)) && (keys[slot] == key || keys[slot].equals(key))) return names[slot];
        String name = key.equals(Fields.VALUE) ? measurement : measurement + '_' + key;
        measurements[slot] = measurement;
        keys[slot] = key;
        names[slot] = name;
        return name;
    }
}
