package io.baton.collectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.CountingSink;
import io.baton.collectors.TestApp;
import io.baton.collectors.influx.InfluxSink;
import io.baton.engine.model.Sample;
import io.baton.testkit.influx.InfluxServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = {TestApp.class, IngestEndpointTest.Engine.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"baton.ingest.token=s3cret", "baton.ingest.max-body-size=64KB", "baton.ingest.node-tag=host",
                "baton.influx.flush-interval=50ms", "baton.influx.batch-size=1000"})
class IngestEndpointTest {
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "ingest_" + Long.toString(System.nanoTime() & 0xffffff, 36);
    static final String TOKEN_HEADER = "Token s3cret";

    @DynamicPropertySource
    static void influxProps(DynamicPropertyRegistry registry) throws Exception {
        String spool = Files.createTempDirectory("spool").toString();
        registry.add("baton.influx.url", influx::url);
        registry.add("baton.influx.database", () -> DB);
        registry.add("baton.influx.spool-dir", () -> spool);
    }

    @TestConfiguration
    static class Engine {
        @Bean
        CountingSink engineStandIn() {
            return new CountingSink();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    CountingSink engine;
    @Autowired
    InfluxSink sink;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        engine.clear();
    }

    HttpResponse<String> post(String pathAndQuery, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
        return post(pathAndQuery, body.getBytes(StandardCharsets.UTF_8), "Authorization", TOKEN_HEADER);
    }

    List<Map<String, Object>> stored(String influxql) {
        sink.flush();
        return influx.query(DB, influxql);
    }

    @Test
    void goodLinesKeepMeasurementTagsAndFieldsAndFeedTheEngine() throws Exception {
        HttpResponse<String> r = post("/write?db=telegraf&precision=ms",
                "sys,pool=web,host=n1,dc=eu load=1.5,procs=12i,up=true,os=\"linux\" 1700000000000\n"
                        + "latency_p95,pool=web,host=n2 value=250 1700000000001\n");
        assertThat(r.statusCode()).isEqualTo(204);

        List<Map<String, Object>> rows = stored("SELECT * FROM sys");
        assertThat(rows).singleElement().satisfies(row -> assertThat(row).containsEntry("time", 1700000000000L)
                .containsEntry("pool", "web").containsEntry("host", "n1").containsEntry("dc", "eu").containsEntry("load", 1.5)
                .containsEntry("procs", 12L).containsEntry("up", true).containsEntry("os", "linux"));
        assertThat(engine.samples).extracting(s -> s.getPool() + "/" + s.getNode() + " " + s.getMetric() + "=" + s.getValue() + "@" + s.getTimestamp())
                .containsExactlyInAnyOrder("web/n1 sys_load=1.5@1700000000000", "web/n1 sys_procs=12.0@1700000000000",
                        "web/n2 latency_p95=250.0@1700000000001");
    }

    @Test
    void badLinesGet400NamingEachLineWhileGoodLinesAreKept() throws Exception {
        HttpResponse<String> r = post("/write?db=x&precision=s",
                "mixed,pool=p value=1 1700000000\nmixed,pool=p value=oops 1700000001\nmixed,pool=p value=3 1700000002\nmixed\n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("partial write").contains("line 2: invalid number").contains("line 4: missing fields")
                .doesNotContain("line 1:").doesNotContain("line 3:");
        assertThat(stored("SELECT value FROM mixed")).extracting(row -> ((Number) row.get("value")).doubleValue()).containsExactly(1.0, 3.0);
        assertThat(engine.samples).hasSize(2);
    }

    @Test
    void allBadIs400AndStoresNothing() throws Exception {
        HttpResponse<String> r = post("/write", "allbad\nallbad v=\n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("line 1: missing fields").contains("line 2: missing field value");
        assertThat(stored("SELECT count(*) FROM allbad")).isEmpty();
    }

    @Test
    void escapesSurviveTheRoundTrip() throws Exception {
        HttpResponse<String> r = post("/write?precision=s", "esc\\ m\\,x,the\\ tag=a\\,b\\=c msg=\"say \\\"hi\\\" \\\\o/\",v=1 1700000000");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(stored("SELECT * FROM \"esc m,x\"")).singleElement().satisfies(row ->
                assertThat(row).containsEntry("the tag", "a,b=c").containsEntry("msg", "say \"hi\" \\o/"));
    }

    static Stream<Arguments> precisions() {
        long ms = 1_700_000_000_000L;
        return Stream.of(
                Arguments.of("/write", "", ms * 1_000_000),
                Arguments.of("/write", "ns", ms * 1_000_000),
                Arguments.of("/write", "n", ms * 1_000_000),
                Arguments.of("/write", "u", ms * 1_000),
                Arguments.of("/write", "ms", ms),
                Arguments.of("/write", "s", ms / 1000),
                Arguments.of("/write", "m", ms / 60_000),
                Arguments.of("/write", "h", ms / 3_600_000),
                Arguments.of("/api/v2/write", "ns", ms * 1_000_000),
                Arguments.of("/api/v2/write", "us", ms * 1_000),
                Arguments.of("/api/v2/write", "ms", ms),
                Arguments.of("/api/v2/write", "s", ms / 1000));
    }

    @ParameterizedTest(name = "{0} precision={1}")
    @MethodSource("precisions")
    void honoursPrecision(String path, String precision, long timestamp) throws Exception {
        String measurement = "prec_" + (path.contains("v2") ? "v2_" : "v1_") + (precision.isEmpty() ? "default" : precision);
        String query = path + "?bucket=ignored&org=ignored&db=ignored" + (precision.isEmpty() ? "" : "&precision=" + precision);
        assertThat(post(query, measurement + " value=1 " + timestamp).statusCode()).isEqualTo(204);
        long expectedMs = switch (precision) {
            case "m" -> timestamp * 60_000;
            case "h" -> timestamp * 3_600_000;
            default -> 1_700_000_000_000L;
        };
        assertThat(stored("SELECT value FROM " + measurement)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("time", expectedMs));
        assertThat(engine.samples).singleElement().satisfies(s -> assertThat(s.getTimestamp()).isEqualTo(expectedMs));
    }

    @Test
    void unknownPrecisionIs400() throws Exception {
        assertThat(post("/write?precision=us2", "x value=1").statusCode()).isEqualTo(400);
        assertThat(post("/api/v2/write?precision=h", "x value=1").body()).contains("invalid precision");
    }

    @Test
    void linesWithoutTimestampGetTheTimeOfArrival() throws Exception {
        long before = System.currentTimeMillis();
        assertThat(post("/write", "nots,pool=p value=7").statusCode()).isEqualTo(204);
        long after = System.currentTimeMillis();
        assertThat(stored("SELECT value FROM nots")).singleElement()
                .satisfies(row -> assertThat((Long) row.get("time")).isBetween(before, after));
    }

    @Test
    void gzipBodiesAreAccepted() throws Exception {
        byte[] gz = gzip("gz,pool=p value=1 1700000000000\ngz,pool=p value=2 1700000000001\n");
        HttpResponse<String> r = post("/write?precision=ms", gz, "Content-Encoding", "gzip", "Authorization", TOKEN_HEADER);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(stored("SELECT count(value) FROM gz")).singleElement().satisfies(row -> assertThat(row).containsEntry("count", 2L));
        assertThat(post("/write", "not gzip".getBytes(), "Content-Encoding", "gzip", "Authorization", TOKEN_HEADER).statusCode()).isEqualTo(400);
    }

    @Test
    void formContentTypeDoesNotSwallowTheBody() throws Exception {
        // curl --data-binary sends application/x-www-form-urlencoded
        HttpResponse<String> r = post("/write?precision=s", "form,pool=p value=1 1700000000".getBytes(),
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", TOKEN_HEADER);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(stored("SELECT value FROM form")).hasSize(1);
    }

    @Test
    void oversizedBodiesGet413EvenWhenCompressed() throws Exception {
        String big = "big,pool=p value=1 1700000000000\n".repeat(3000);  // ~100 KB > 64 KB
        assertThat(post("/write", big).statusCode()).isEqualTo(413);
        HttpResponse<String> gz = post("/write", gzip(big), "Content-Encoding", "gzip", "Authorization", TOKEN_HEADER);
        assertThat(gz.statusCode()).isEqualTo(413);
        assertThat(gz.body()).contains("too large");
        assertThat(stored("SELECT count(value) FROM big")).isEmpty();
    }

    static Stream<Arguments> credentials() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("telegraf:s3cret".getBytes());
        String wrongBasic = "Basic " + Base64.getEncoder().encodeToString("s3cret:nope".getBytes());
        return Stream.of(
                Arguments.of("p query parameter", "?p=s3cret&u=any", null, 204),
                Arguments.of("Basic password", "", basic, 204),
                Arguments.of("Token header", "", "Token s3cret", 204),
                Arguments.of("Bearer header", "", "Bearer s3cret", 204),
                Arguments.of("no credentials", "", null, 401),
                Arguments.of("wrong p", "?p=nope", null, 401),
                Arguments.of("wrong Basic password", "", wrongBasic, 401),
                Arguments.of("wrong token", "", "Token s3cre", 401),
                Arguments.of("unknown scheme", "", "Digest s3cret", 401));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("credentials")
    void tokenIsRequired(String name, String query, String authorization, int status) throws Exception {
        byte[] body = "auth,pool=p value=1".getBytes();
        HttpResponse<String> r = authorization == null ? post("/write" + query, body) : post("/write" + query, body, "Authorization", authorization);
        assertThat(r.statusCode()).isEqualTo(status);
        HttpResponse<String> v2 = authorization == null ? post("/api/v2/write" + query, body) : post("/api/v2/write" + query, body, "Authorization", authorization);
        assertThat(v2.statusCode()).isEqualTo(status);
        if (status == 401) assertThat(engine.samples).isEmpty();
    }

    @Test
    void pingAndCreateDatabaseWorkForClientsThatUseThem() throws Exception {
        HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(204);
        HttpResponse<String> create = post("/query?q=CREATE%20DATABASE%20%22telegraf%22", "".getBytes(), "Authorization", TOKEN_HEADER);
        assertThat(create.statusCode()).isEqualTo(200);
        assertThat(influx.query(null, "SHOW DATABASES")).extracting(r -> r.get("name")).doesNotContain("telegraf");
    }

    @Test
    void samplesUseTheConfiguredNodeTag() throws Exception {
        post("/write?precision=s", "cpu,pool=web,host=h7,node=ignored value=55 1700000000");
        assertThat(engine.samples).extracting(Sample::getNode).containsExactly("h7");
    }

    static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
