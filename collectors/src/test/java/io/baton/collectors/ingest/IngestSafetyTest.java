package io.baton.collectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.collectors.CountingSink;
import io.baton.collectors.TestApp;
import io.baton.collectors.influx.InfluxSink;
import io.baton.engine.model.Sample;
import io.baton.testkit.influx.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ingest over real HTTP into a real InfluxDB, with an {@link IngestAuthority} like the application's: an ops token
 * for any pool and a customer token for its own pools; and the default per-line bounds (256 fields, 64 KiB).
 */
@SpringBootTest(classes = {TestApp.class, IngestSafetyTest.Beans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"baton.influx.flush-interval=50ms", "baton.influx.batch-size=5000"})
class IngestSafetyTest {
    @RegisterExtension
    static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "safety_" + Long.toString(System.nanoTime() & 0xffffff, 36);
    static final String OPS = "ops-ingest-token-0123", ACME = "acme-ingest-token-0123";
    static final long T = 1_700_000_000_000L;

    @DynamicPropertySource
    static void influxProps(DynamicPropertyRegistry registry) throws Exception {
        String spool = Files.createTempDirectory("spool").toString();
        registry.add("baton.influx.url", influx::url);
        registry.add("baton.influx.database", () -> DB);
        registry.add("baton.influx.spool-dir", () -> spool);
    }

    @TestConfiguration
    static class Beans {
        @Bean
        CountingSink engineStandIn() {
            return new CountingSink(1_000);
        }

        @Bean
        IngestAuthority tokens() {
            return new IngestAuthority() {
                @Override public IngestGrant grant(String token) {
                    if (IngestAuthority.same(token, OPS)) return IngestGrant.anyPool("ops");
                    if (IngestAuthority.same(token, ACME)) return IngestGrant.onlyPools("acme", Set.of("shop-web", "shop-api"));
                    return null;
                }
                @Override public boolean tokenRequired() { return true; }
            };
        }
    }

    @LocalServerPort int port;
    @Autowired CountingSink engine;
    @Autowired InfluxSink sink;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        engine.clear();
    }

    HttpResponse<String> write(String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/write?precision=ms"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Token " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    List<Map<String, Object>> stored(String influxql) {
        sink.flush();
        return influx.query(DB, influxql);
    }

    static String mixedPools(String m) {
        return m + ",pool=shop-web,node=n1 value=1 " + T + "\n"
                + m + ",pool=lab,node=l1 value=2 " + T + "\n"
                + m + ",node=x value=3 " + T + "\n"
                + m + ",pool=shop-api,node=n2 value=4 " + T + "\n";
    }

    @Test
    void aCustomerTokenWritesOnlyItsOwnPoolsAndEachOtherLineIsNamed() throws Exception {
        HttpResponse<String> r = write(ACME, mixedPools("grant_cust"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("partial write").contains("line 2: pool 'lab' is not one of acme's pools")
                .contains("line 3: no 'pool' tag").contains("dropped=2 written=2").doesNotContain("line 1:").doesNotContain("line 4:");
        assertThat(stored("SELECT value, pool FROM grant_cust")).extracting(row -> row.get("pool") + "=" + row.get("value"))
                .containsExactlyInAnyOrder("shop-web=1", "shop-api=4");
        assertThat(engine.samples).extracting(Sample::getPool).containsExactlyInAnyOrder("shop-web", "shop-api");
    }

    @Test
    void theOpsTokenWritesAnyPoolAndAnUnknownTokenNothing() throws Exception {
        assertThat(write(OPS, mixedPools("grant_ops")).statusCode()).isEqualTo(204);
        assertThat(stored("SELECT value FROM grant_ops")).hasSize(4);
        assertThat(write("acme-dev-token", mixedPools("grant_none")).statusCode()).isEqualTo(401);
        assertThat(write(null, mixedPools("grant_none")).statusCode()).isEqualTo(401);
        assertThat(stored("SELECT value FROM grant_none")).isEmpty();
    }

    @Test
    void oneLineWith100000DistinctFieldsIsRefusedByNameAndTheServiceStaysUp() throws Exception {
        StringBuilder wide = new StringBuilder("wide1,pool=shop-web,node=n1 ");
        for (int i = 0; i < 100_000; i++) wide.append(i == 0 ? "" : ",").append("field_").append(i).append("=1");
        String body = "wide1,pool=shop-web,node=n1 before=1 " + T + "\n" + wide + " " + T + "\nwide1,pool=shop-web,node=n1 after=1 " + (T + 1) + "\n";
        HttpResponse<String> r = write(OPS, body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("line 2: too many fields: more than 256").contains("dropped=1 written=2");
        assertThat(stored("SELECT before, after FROM wide1")).hasSize(2);
        assertThat(engine.count.get()).isEqualTo(2);
        stillServing();
    }

    @Test
    void linesWithin100000DistinctFieldsInAllAreKept() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int line = 0; line < 400; line++) {  // 250 distinct names per line, plus the common "seq": 251 fields, within 256
            body.append("wide2,pool=shop-web,node=n1 seq=").append(line).append('i');
            for (int f = 0; f < 250; f++) body.append(",f").append(line * 250 + f).append("=1");
            body.append(' ').append(T + line).append('\n');
        }
        assertThat(write(OPS, body.toString()).statusCode()).isEqualTo(204);
        sink.flush();
        assertThat(influx.count(DB, "SELECT count(seq) FROM wide2")).isEqualTo(400);
        assertThat(influx.count(DB, "SELECT count(f99999) FROM wide2")).isEqualTo(1);
        assertThat(engine.count.get()).isEqualTo(400L * 251);
        stillServing();
    }

    @Test
    void aLineLongerThan64KiBIsRefusedByNameAndTheOthersAreKept() throws Exception {
        String body = "long,pool=shop-web ok=1 " + T + "\nlong,pool=shop-web msg=\"" + "x".repeat(70_000) + "\" " + T
                + "\nlong,pool=shop-web ok=2 " + (T + 1) + "\n";
        HttpResponse<String> r = write(OPS, body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("line 2: line too long: more than 65536 bytes").contains("dropped=1 written=2");
        assertThat(stored("SELECT ok FROM long")).hasSize(2);
        assertThat(stored("SELECT msg FROM long")).isEmpty();
    }

    private void stillServing() throws Exception {
        HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(204);
        assertThat(write(OPS, "alive,pool=shop-web value=1 " + T).statusCode()).isEqualTo(204);
    }
}
