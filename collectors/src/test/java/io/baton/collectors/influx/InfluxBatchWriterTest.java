package io.baton.collectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.baton.collectors.sinks.LineBlock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request the writer POSTs for a batch, as a real HTTP server (the JDK's) receives it, and how it reads each
 * answer. Writes to a real InfluxDB are covered by the sink tests.
 */
class InfluxBatchWriterTest {
    record Seen(String method, String path, String query, String authorization, String contentType, String body) { }

    @TempDir
    Path spool;
    HttpServer server;
    final List<Seen> writes = new CopyOnWriteArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    volatile int status = 204;
    volatile String answer = "";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/query", ex -> {
            queries.add(ex.getRequestURI().getRawQuery() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "{\"results\":[{\"statement_id\":0}]}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        server.createContext("/write", ex -> {
            writes.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            if (!answer.isEmpty()) ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    volatile boolean stopped;

    @AfterEach
    void stop() {
        if (!stopped) server.stop(0);
    }

    private InfluxProperties props(String user, String password) {
        InfluxProperties p = SinkTestSupport.props("http://127.0.0.1:" + server.getAddress().getPort(), "metrics", spool);
        p.setUsername(user);
        p.setPassword(password);
        p.setRetentionPolicy("baton_rp");
        return p;
    }

    private static Batch twoParts() {
        return Batch.of(List.of(LineBlock.of(List.of("cpu,pool=web value=1 1700000000000000000", "cpu,pool=web value=2 1700000000000000001")),
                LineBlock.of(List.of("mem,pool=web used=3i 1700000000000000002"))));
    }

    @Test
    void aBatchIsPostedAsItsBytesWithTheQueryAndAuthOfInfluxdbJava() {
        try (InfluxBatchWriter writer = new InfluxBatchWriter(props("ops", "s3:cret"), "metrics")) {
            assertThat(writer.write(twoParts())).isEqualTo(BatchWriter.Outcome.WRITTEN);
        }
        assertThat(writes).singleElement().isEqualTo(new Seen("POST", "/write", "db=metrics&rp=baton_rp&precision=n&consistency=one",
                "Basic " + Base64.getEncoder().encodeToString("ops:s3:cret".getBytes(StandardCharsets.UTF_8)), "text/plain",
                "cpu,pool=web value=1 1700000000000000000\ncpu,pool=web value=2 1700000000000000001\nmem,pool=web used=3i 1700000000000000002\n"));
    }

    @Test
    void theWriteUrlFollowsTheBaseUrlWithOrWithoutASlashOrAPath() {
        assertThat(InfluxBatchWriter.writeUrl("http://db.example:8086", "m", "autogen").toString())
                .isEqualTo("http://db.example:8086/write?db=m&rp=autogen&precision=n&consistency=one");
        assertThat(InfluxBatchWriter.writeUrl("http://db.example:8086/", "m", "autogen").toString())
                .isEqualTo("http://db.example:8086/write?db=m&rp=autogen&precision=n&consistency=one");
        assertThat(InfluxBatchWriter.writeUrl("https://proxy.example/influx/", "my db", "30 days").toString())
                .isEqualTo("https://proxy.example/influx/write?db=my%20db&rp=30%20days&precision=n&consistency=one");
    }

    @Test
    void withoutAUserThereIsNoAuthorizationHeader() {
        try (InfluxBatchWriter writer = new InfluxBatchWriter(props(null, null), "metrics")) {
            assertThat(writer.write(twoParts())).isEqualTo(BatchWriter.Outcome.WRITTEN);
        }
        assertThat(writes).singleElement().satisfies(w -> assertThat(w.authorization()).isNull());
    }

    @Test
    void answersAreReadAsInfluxdbJavaReadsThem() {
        try (InfluxBatchWriter writer = new InfluxBatchWriter(props(null, null), "metrics")) {
            status = 400;
            answer = "{\"error\":\"unable to parse 'cpu value=x': invalid boolean\"}";
            assertThat(writer.write(twoParts())).as("bad data").isEqualTo(BatchWriter.Outcome.REJECTED);
            answer = "{\"error\":\"partial write: field type conflict: input field \\\"value\\\" on measurement \\\"cpu\\\" is type integer, already exists as type float dropped=1\"}";
            assertThat(writer.write(twoParts())).as("type conflict").isEqualTo(BatchWriter.Outcome.REJECTED);
            status = 401;
            answer = "{\"error\":\"authorization failed\"}";
            assertThat(writer.write(twoParts())).as("refused credentials").isEqualTo(BatchWriter.Outcome.REJECTED);
            status = 500;
            answer = "{\"error\":\"timeout\"}";
            assertThat(writer.write(twoParts())).as("a server error").isEqualTo(BatchWriter.Outcome.RETRY);
            status = 503;
            answer = "";
            assertThat(writer.write(twoParts())).as("no body").isEqualTo(BatchWriter.Outcome.RETRY);

            int queriesBefore = queries.size();
            status = 404;
            answer = "{\"error\":\"database not found: \\\"metrics\\\"\"}";
            assertThat(writer.write(twoParts())).as("database dropped").isEqualTo(BatchWriter.Outcome.RETRY);
            status = 204;
            answer = "";
            assertThat(writer.write(twoParts())).isEqualTo(BatchWriter.Outcome.WRITTEN);
            assertThat(queries.subList(queriesBefore, queries.size())).as("the database and policy created again before the next write")
                    .hasSize(2).allSatisfy(q -> assertThat(q).contains("CREATE"));

            server.stop(0);
            stopped = true;
            assertThat(writer.write(twoParts())).as("InfluxDB unreachable").isEqualTo(BatchWriter.Outcome.RETRY);
        }
    }
}
