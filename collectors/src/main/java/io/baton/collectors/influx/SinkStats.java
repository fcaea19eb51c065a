package io.baton.collectors.influx;

/**
 * Counters of the InfluxDB sink since start.
 *
 * @param accepted points taken into the memory buffer
 * @param written points InfluxDB stored
 * @param rejected points InfluxDB refused for good (bad data)
 * @param dropped points lost because memory and spool were full (or unrepresentable, e.g. NaN)
 * @param refused points offered all-or-nothing (line-protocol ingest) and refused for lack of room; the client was
 *                told to retry (503), so they are not lost
 * @param buffered points now in memory
 * @param spooledPoints points now in the disk spool
 * @param spooledBytes bytes now in the disk spool
 * @param outage whether InfluxDB is currently unreachable
 */
public record SinkStats(long accepted, long written, long rejected, long dropped, long refused, int buffered,
                        long spooledPoints, long spooledBytes, boolean outage) {
}
