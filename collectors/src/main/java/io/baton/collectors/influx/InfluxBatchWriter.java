package io.baton.collectors.influx;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to InfluxDB's v1 {@code /write}, one request per batch. The body goes out as the batch's bytes,
 * part after part, over influxdb-java's HTTP client (OkHttp, with the same timeouts, TCP_NODELAY and basic auth);
 * the query string is the one influxdb-java sends ({@code db}, {@code rp}, {@code precision=n},
 * {@code consistency=one}), and an error answer is read by influxdb-java's own {@link InfluxDBException} rules, so
 * what is retried and what is refused for good is as with {@code InfluxDB.write}. influxdb-java keeps the queries
 * (database and retention policy).
 */
final class InfluxBatchWriter implements BatchWriter {
    private static final Logger log = LoggerFactory.getLogger(InfluxBatchWriter.class);
    private static final MediaType TEXT = MediaType.get("text/plain");
    private final InfluxDB influx;
    private final OkHttpClient http;
    private final HttpUrl writeUrl;
    private final String authorization;
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
        boolean auth = props.getUsername() != null && !props.getUsername().isBlank();
        this.influx = auth
                ? InfluxDBFactory.connect(props.getUrl(), props.getUsername(), props.getPassword(), http)
                : InfluxDBFactory.connect(props.getUrl(), http);
        // influxdb-java sends basic auth only with both a user and a password
        this.authorization = auth && props.getPassword() != null ? Credentials.basic(props.getUsername(), props.getPassword()) : null;
        this.http = http.build();
        this.writeUrl = writeUrl(props.getUrl(), database, props.getRetentionPolicy());
        this.influx.setLogLevel(InfluxDB.LogLevel.NONE);
        this.database = database;
        this.retentionPolicy = props.getRetentionPolicy();
        this.retentionDuration = props.getRetentionDuration();
    }

    /** {@code <url>/write?db=&rp=&precision=n&consistency=one}, as influxdb-java builds it. */
    static HttpUrl writeUrl(String url, String database, String retentionPolicy) {
        return HttpUrl.get(url).newBuilder().addPathSegment("write").addQueryParameter("db", database)
                .addQueryParameter("rp", retentionPolicy).addQueryParameter("precision", "n")
                .addQueryParameter("consistency", InfluxDB.ConsistencyLevel.ONE.value()).build();
    }

    @Override
    public Outcome write(Batch batch) {
        if (!schemaReady && !ensureSchema()) return Outcome.RETRY;
        try {
            post(batch);
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

    /** POSTs the batch; throws what influxdb-java's {@code write} would throw for the answer. */
    private void post(Batch batch) {
        Request.Builder request = new Request.Builder().url(writeUrl).post(new BatchBody(batch));
        if (authorization != null) request.header("Authorization", authorization);
        try (Response response = http.newCall(request.build()).execute()) {
            if (response.isSuccessful()) return;
            ResponseBody body = response.body();
            throw InfluxDBException.buildExceptionForErrorState(body == null ? "" : body.string());
        } catch (IOException e) {
            throw new org.influxdb.InfluxDBIOException(e);
        }
    }

    /** The batch's parts, written one after the other; a retry sends the same bytes again. */
    private static final class BatchBody extends RequestBody {
        private final Batch batch;

        BatchBody(Batch batch) {
            this.batch = batch;
        }

        @Override
        public MediaType contentType() {
            return TEXT;
        }

        @Override
        public long contentLength() {
            return batch.bytes();
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            for (Batch.Part p : batch.parts()) sink.write(p.bytes(), p.from(), p.to() - p.from());
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
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
