package io.baton.app.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import io.baton.testkit.influx.InfluxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forecasts in the running service, from a history written to a real InfluxDB: 3 days of a daily CPU
 * wave whose next peak (90%) comes 30 minutes from now. Pool web is forecast-only, so the forecast rule's
 * scale-out is journaled as FORECAST and nothing acts; pool lab has no history, pool quiet has forecasts off.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.rules.dir=../rules",
        "baton.security.ops-token=ops-forecast-token",
        "baton.customers.acme.token=acme-forecast-token",
        "baton.pools.web.customer=acme",
        "baton.pools.web.min=0",
        "baton.pools.web.max=4",
        "baton.pools.web.forecast.mode=forecast-only",
        "baton.pools.lab.customer=acme",
        "baton.pools.lab.min=0",
        "baton.pools.lab.forecast.mode=scale",
        "baton.pools.quiet.customer=acme",
        "baton.pools.quiet.min=0",
        "baton.scrape.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:forecast;DB_CLOSE_DELAY=-1",
})
class ForecastApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long STEP = 300_000;
    private static final long DAY = 86_400_000;
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static String db;
    static long peak;
    @LocalServerPort int port;
    @Autowired ForecastService forecasts;
    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Path data = Files.createTempDirectory("forecast-data");
        int base = 20000 + ThreadLocalRandom.current().nextInt(120) * 100;
        r.add("baton.local.data-dir", data::toString);
        for (String p : List.of("web", "lab", "quiet")) {
            int offset = List.of("web", "lab", "quiet").indexOf(p) * 20;
            r.add("baton.pools." + p + ".local.port-start", () -> base + offset);
            r.add("baton.pools." + p + ".local.port-count", () -> 20);
        }
        r.add("baton.influx.url", influx::url);
        r.add("baton.influx.database", () -> {
            if (db == null) db = influx.newDatabase();
            return db;
        });
        r.add("baton.influx.spool-dir", () -> data.resolve("spool").toString());
    }

    /** 20% at the trough, 90% at the peak, a day apart. */
    static double wave(long t) {
        return 20 + 70 * (1 + Math.cos(2 * Math.PI * (t - peak) / (double) DAY)) / 2;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer ops-forecast-token").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aForecastOnlyPoolGetsAForecastWithinFivePointsAndItsDecisionIsJournaledAsForecast() throws Exception {
        long now = System.currentTimeMillis();
        long to = now - now % STEP;
        peak = now + 30 * 60_000;
        List<String> lines = new ArrayList<>();
        for (long t = to - 3 * DAY; t < to; t += STEP) lines.add("cpu,pool=web,node=web-x value=" + wave(t) + " " + t);
        influx.writeWithPrecision(db, "ms", lines.toArray(String[]::new));

        forecasts.refresh(now);
        JsonNode web = JSON.readTree(get("/api/pools/web/forecast").body());
        assertThat(web.get("mode").asString()).isEqualTo("forecast-only");
        assertThat(web.get("method").asString()).isEqualTo("holt-winters daily");
        assertThat(web.get("series").size()).isEqualTo(12);
        double err = 0;
        for (JsonNode p : web.get("series")) err += Math.abs(p.get("value").asDouble() - wave(p.get("time").asLong()));
        assertThat(err / 12).isLessThanOrEqualTo(5.0);
        assertThat(web.get("series").get(0).get("time").asLong()).isEqualTo(to);
        assertThat(web.get("actual").size()).isEqualTo(24);

        String journal = "";
        for (long deadline = System.nanoTime() + 20_000_000_000L; System.nanoTime() < deadline && !journal.contains("FORECAST"); Thread.sleep(200)) {
            journal = get("/api/decisions?pool=web&limit=20").body();
        }
        assertThat(journal).contains("\"outcome\":\"FORECAST\"").contains("A forecast of CPU above 80% within the next hour adds 2 nodes");
        assertThat(get("/api/pools/web").body()).contains("\"nodes\":0");

        // the console's pool page, in real headless Chromium, draws the forecast against the actual load
        String dom = render("http://127.0.0.1:" + port + "/pools/web#token=ops-forecast-token");
        assertThat(dom).contains("CPU forecast (holt-winters daily, forecast-only)")
                .contains("data-actual-points=\"24\" data-forecast-points=\"12\"");
        assertThat(render("http://127.0.0.1:" + port + "/pools/lab#token=ops-forecast-token")).contains("forecast (scale): too little history");
    }

    @TempDir Path profile;

    /** The page's DOM after its scripts ran, from headless Chromium. */
    private String render(String url) throws IOException, InterruptedException {
        Path chromium = Path.of("/usr/bin/chromium");
        assertThat(Files.isExecutable(chromium)).as("Debian's chromium is installed (apt-get install -y chromium)").isTrue();
        Path out = profile.resolve("dom.html");
        Process p = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.resolve("chrome"), "--virtual-time-budget=8000", "--dump-dom", url))
                .redirectOutput(out.toFile()).redirectError(profile.resolve("chrome.log").toFile()).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return Files.readString(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void withoutHistoryOrWithForecastsOffThereIsNoForecastAndTheApiSaysWhy() throws Exception {
        forecasts.refresh(System.currentTimeMillis());
        JsonNode lab = JSON.readTree(get("/api/pools/lab/forecast").body());
        assertThat(lab.get("method").isNull()).isTrue();
        assertThat(lab.get("series").size()).isZero();
        assertThat(lab.get("reason").asString()).startsWith("too little history: 0.0 hours of readings");
        JsonNode quiet = JSON.readTree(get("/api/pools/quiet/forecast").body());
        assertThat(quiet.get("mode").asString()).isEqualTo("off");
        assertThat(quiet.get("reason").asString()).isEqualTo("forecasts are off for this pool (baton.pools.quiet.forecast.mode)");
        assertThat(get("/api/pools/nope/forecast").statusCode()).isEqualTo(404);
    }
}
