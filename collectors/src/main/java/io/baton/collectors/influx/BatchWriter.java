package io.baton.collectors.influx;

/** Writes one batch to InfluxDB and says what became of it. */
interface BatchWriter extends AutoCloseable {

    /** What became of a batch. */
    enum Outcome {
        /** InfluxDB stored it. */
        WRITTEN,
        /** InfluxDB refused it for good (bad data); sending it again would not help. */
        REJECTED,
        /** InfluxDB is unreachable or overloaded; try again later. */
        RETRY
    }

    /** Sends the batch once. */
    Outcome write(Batch batch);

    /** Creates the database and retention policy if missing; false when InfluxDB cannot be reached. */
    boolean ensureSchema();

    @Override
    void close();
}
