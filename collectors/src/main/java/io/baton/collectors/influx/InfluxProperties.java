package io.baton.collectors.influx;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code baton.influx.*}: where and how the InfluxDB sink writes. */
@ConfigurationProperties("baton.influx")
@Validated
public class InfluxProperties {
    /** Base URL of InfluxDB 1.x, e.g. http://localhost:8086 (env BATON_INFLUX_URL). */
    @NotBlank
    @Pattern(regexp = "https?://[^\\s/?#:]+(:\\d{1,5})?(/\\S*)?", message = "must be an http(s) URL such as http://localhost:8086")
    private String url;
    /** Database all samples go to (env BATON_INFLUX_DATABASE); created at start if missing. */
    @NotBlank
    @Pattern(regexp = "[A-Za-z0-9_.\\-]+", message = "may hold letters, digits, '_', '.', '-' only")
    private String database = "baton";
    /**
     * Database of Baton's own records (node lifecycle, decisions, probe results), which ingest never writes to and
     * the reports read; created at start if missing. Default {@code <database>_records}.
     */
    @Pattern(regexp = "|[A-Za-z0-9_.\\-]+", message = "may hold letters, digits, '_', '.', '-' only")
    private String recordsDatabase;
    private String username;
    private String password;
    /** Retention policy written to; created (as non-default) when missing, unless it is autogen. */
    @NotBlank
    private String retentionPolicy = "autogen";
    /** Duration of a created retention policy, InfluxQL syntax (INF, 30d, 52w). */
    @NotBlank
    @Pattern(regexp = "INF|\\d+[smhdw]", message = "must be INF or a duration such as 30d")
    private String retentionDuration = "INF";
    /** Points per write. */
    @Min(1)
    @Max(1_000_000)
    private int batchSize = 5000;
    /** A partial batch is written after waiting this long. */
    @NotNull
    private Duration flushInterval = Duration.ofSeconds(1);
    /** Points held in memory (before the spool). */
    @Min(1)
    private int bufferCapacity = 200_000;
    /** Where batches wait on disk while InfluxDB is down. */
    @NotBlank
    private String spoolDir = "data/spool";
    /** Cap of the disk spool; beyond it points are dropped, counted and logged. */
    @NotNull
    private DataSize spoolMaxSize = DataSize.ofMegabytes(256);
    /** How often to retry while InfluxDB is down. */
    @NotNull
    private Duration retryInterval = Duration.ofSeconds(1);
    /** HTTP connect/read timeout towards InfluxDB. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(10);
    /**
     * Batches sent at once while InfluxDB answers (the spool and failed batches are always sent one at a time,
     * oldest first). Two keep a batch on its way while InfluxDB stores the previous one.
     */
    @Min(1)
    @Max(16)
    private int writesInFlight = 2;
    /** How long a producer may wait for room when the memory buffer is full before points are dropped. */
    @NotNull
    private Duration offerTimeout = Duration.ofMillis(200);

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getDatabase() { return database; }
    public void setDatabase(String database) { this.database = database; }
    /** The records database: as set, or {@code <database>_records}. */
    public String getRecordsDatabase() {
        return recordsDatabase == null || recordsDatabase.isBlank() ? database + "_records" : recordsDatabase;
    }
    public void setRecordsDatabase(String recordsDatabase) { this.recordsDatabase = recordsDatabase; }

    /** The records must live apart from what ingest writes. */
    @AssertTrue(message = "baton.influx.records-database must differ from baton.influx.database (ingest writes there)")
    public boolean isRecordsDatabaseApart() { return !getRecordsDatabase().equals(database); }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getRetentionPolicy() { return retentionPolicy; }
    public void setRetentionPolicy(String retentionPolicy) { this.retentionPolicy = retentionPolicy; }
    public String getRetentionDuration() { return retentionDuration; }
    public void setRetentionDuration(String retentionDuration) { this.retentionDuration = retentionDuration; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getFlushInterval() { return flushInterval; }
    public void setFlushInterval(Duration flushInterval) { this.flushInterval = flushInterval; }
    public int getBufferCapacity() { return bufferCapacity; }
    public void setBufferCapacity(int bufferCapacity) { this.bufferCapacity = bufferCapacity; }
    public String getSpoolDir() { return spoolDir; }
    public void setSpoolDir(String spoolDir) { this.spoolDir = spoolDir; }
    public DataSize getSpoolMaxSize() { return spoolMaxSize; }
    public void setSpoolMaxSize(DataSize spoolMaxSize) { this.spoolMaxSize = spoolMaxSize; }
    public Duration getRetryInterval() { return retryInterval; }
    public void setRetryInterval(Duration retryInterval) { this.retryInterval = retryInterval; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public int getWritesInFlight() { return writesInFlight; }
    public void setWritesInFlight(int writesInFlight) { this.writesInFlight = writesInFlight; }
    public Duration getOfferTimeout() { return offerTimeout; }
    public void setOfferTimeout(Duration offerTimeout) { this.offerTimeout = offerTimeout; }
}
