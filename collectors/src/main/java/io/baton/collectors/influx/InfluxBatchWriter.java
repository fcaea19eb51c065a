package io.baton.collectors.influx;

import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes batches through influxdb-java's v1 HTTP client, one request per batch (its own batching stays off). */
final class InfluxBatchWriter implements BatchWriter {
    private static final Logger log = LoggerFactory.getLogger(InfluxBatchWriter.class);
    private final InfluxDB influx;
    private final String database;
    private final String retentionPolicy;
    private final String retentionDuration;
    private volatile boolean schemaReady;

    /** Writes to {@code database} of the server in {@code props}. */
    InfluxBatchWriter(InfluxProperties props, String database) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(props.getTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(props.getTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(props.getTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .socketFactory(new NoDelaySocketFactory())
                .retryOnConnectionFailure(false);
        this.influx = props.getUsername() == null || props.getUsername().isBlank()
                ? InfluxDBFactory.connect(props.getUrl(), http)
                : InfluxDBFactory.connect(props.getUrl(), props.getUsername(), props.getPassword(), http);
        this.influx.setLogLevel(InfluxDB.LogLevel.NONE);
        this.database = database;
        this.retentionPolicy = props.getRetentionPolicy();
        this.retentionDuration = props.getRetentionDuration();
    }

    @Override
    public Outcome write(Batch batch) {
        if (!schemaReady && !ensureSchema()) return Outcome.RETRY;
        try {
            influx.write(database, retentionPolicy, InfluxDB.ConsistencyLevel.ONE, TimeUnit.NANOSECONDS, batch.body());
            return Outcome.WRITTEN;
        } catch (InfluxDBException.DatabaseNotFoundException e) {
            schemaReady = false;  // dropped behind our back: create it again and retry
            log.warn("InfluxDB database {} not found, creating it again", database);
            return Outcome.RETRY;
        } catch (InfluxDBException e) {
            if (e.isRetryWorth()) return Outcome.RETRY;
            log.warn("InfluxDB refused a batch of {} points (good points in it were stored): {}", batch.lines(), e.getMessage());
            return Outcome.REJECTED;
        } catch (RuntimeException e) {  // I/O errors surface as InfluxDBIOException (retry worth) or plain runtime errors
            return Outcome.RETRY;
        }
    }

    @Override
    public boolean ensureSchema() {
        try {
            influx.query(new Query("CREATE DATABASE \"" + database + "\""));
            if (!"autogen".equals(retentionPolicy)) {
                var result = influx.query(new Query("CREATE RETENTION POLICY \"" + retentionPolicy + "\" ON \"" + database
                        + "\" DURATION " + retentionDuration + " REPLICATION 1", database));
                if (result.hasError() && !result.getError().contains("already exists")) {
                    log.warn("cannot create retention policy {}: {}", retentionPolicy, result.getError());
                }
            }
            schemaReady = true;
            return true;
        } catch (org.influxdb.InfluxDBIOException e) {
            log.debug("InfluxDB not reachable to create {}: {}", database, e.toString());
            return false;
        } catch (RuntimeException e) {  // e.g. no admin rights: the database may well exist, so write anyway
            log.warn("cannot create InfluxDB database {} ({}); writing anyway", database, e.getMessage());
            schemaReady = true;
            return true;
        }
    }

    @Override
    public void close() {
        influx.close();
    }
}
