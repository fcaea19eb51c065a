package io.baton.collectors.sinks;

import java.util.List;

/**
 * Where Baton keeps its own records: decision journal entries, node lifecycle events and probe results. They are
 * kept apart from metrics (the InfluxDB sink writes them to {@code baton.influx.records-database}), and ingest
 * never writes here, so that no posted point can be billed or journaled.
 */
public interface RecordSink {

    /** Accepts complete lines ({@code measurement,tags fields timestampNs}) written by Baton itself; must not block for long. */
    void acceptRecords(List<String> lines);
}
