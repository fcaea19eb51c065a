package io.baton.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.app.BatonApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in real headless Chromium against a running Baton: it loads the page with an OPS
 * token, lets the page's scripts fetch the API, and checks what the rendered page shows: the pools
 * and their nodes, a planned request and a rule decision with their reasons, and the rule set's version.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.rules.dir=../rules",
        "baton.security.ops-token=ops-browser",
        "baton.customers.acme.token=acme-browser",
        "baton.customers.acme.quota=8",
        "baton.pools.shop.customer=acme",
        "baton.pools.shop.service=webshop",
        "baton.pools.shop.software=nginx:1.27",
        "baton.pools.shop.min=1",
        "baton.pools.shop.max=5",
        "baton.pools.shop.guardrails.dry-run=true",
        "baton.local.data-dir=target/browser-test-data",
        "baton.scrape.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:browser;DB_CLOSE_DELAY=-1",
})
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    @LocalServerPort int port;
    @TempDir Path profile;

    @Test
    void theDashboardShowsPoolsDecisionsAndRules() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (apt-get install -y chromium)");
        HttpResponse<String> planned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/pools/shop/scale"))
                .header("Authorization", "Bearer acme-browser").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"delta\": 2}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(planned.statusCode()).isEqualTo(200);

        String dom = render("http://127.0.0.1:" + port + "/#token=ops-browser");

        assertThat(dom).contains("data-pool=\"shop\"").contains("acme · webshop · nginx:1.27");
        assertThat(dom).contains("class=\"decision\"").contains("planned request").contains("acme").contains("DRY_RUN");
        assertThat(dom).contains("A pool below its minimum is refilled");
        assertThat(dom).containsPattern("rules v\\d+ \\(\\d+ files\\)");
        assertThat(dom).contains("Updated ");
    }

    @Test
    void withoutATokenThePageAsksForOne() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (apt-get install -y chromium)");
        String dom = render("http://127.0.0.1:" + port + "/");
        assertThat(dom).contains("Enter a token to see the fleet.").doesNotContain("data-pool=");
    }

    /** The page's DOM after its scripts ran, from headless Chromium. */
    private String render(String url) throws IOException, InterruptedException {
        Path out = profile.resolve("dom.html");
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.resolve("chrome"), "--virtual-time-budget=8000", "--dump-dom", url))
                .redirectOutput(out.toFile()).redirectError(profile.resolve("chrome.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
