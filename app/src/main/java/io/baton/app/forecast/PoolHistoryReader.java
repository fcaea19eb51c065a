package io.baton.app.forecast;

/** Where a pool's past readings come from: InfluxDB in the service. */
@FunctionalInterface
public interface PoolHistoryReader {
    /**
     * The mean of {@code metric} over the pool's nodes in each step of {@code stepMs} from {@code from}
     * (inclusive) to {@code to} (exclusive), one value per step, NaN for a step with no reading.
     *
     * @throws RuntimeException when the history cannot be read
     */
    double[] read(String pool, String metric, long from, long to, long stepMs);
}
