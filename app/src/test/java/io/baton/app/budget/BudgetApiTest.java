package io.baton.app.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.baton.app.BatonApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The budget guardrail in the running service, with a real local node: acme may spend 1 EUR a day at
 * 100 EUR a node-hour, so its one node (its pool's minimum, which the budget never holds back) already
 * commits it to more than its budget until midnight, and a planned request for one more is refused.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.rules.dir=../rules",
        "baton.security.ops-token=ops-budget-token",
        "baton.security.billing-token=billing-budget-token",
        "baton.customers.acme.token=acme-budget-token",
        "baton.customers.acme.budget.per-day=1",
        "baton.reports.prices.acme.per-node-hour=100",
        "baton.reports.prices.acme.currency=EUR",
        "baton.customers.uni.token=uni-budget-token",
        "baton.pools.shop.customer=acme",
        "baton.pools.shop.min=1",
        "baton.pools.shop.max=3",
        "baton.pools.lab.customer=uni",
        "baton.pools.lab.min=0",
        "baton.pools.lab.max=2",
        "baton.scrape.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:budget;DB_CLOSE_DELAY=-1",
})
class BudgetApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @LocalServerPort int port;
    final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Path data = Files.createTempDirectory("budget-data");
        int base = 20000 + ThreadLocalRandom.current().nextInt(120) * 100;
        r.add("baton.local.data-dir", data::toString);
        r.add("baton.pools.shop.local.port-start", () -> base);
        r.add("baton.pools.shop.local.port-count", () -> 20);
        r.add("baton.pools.lab.local.port-start", () -> base + 20);
        r.add("baton.pools.lab.local.port-count", () -> 20);
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode runningBudget() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String pool = call("GET", "/api/pools/shop", "ops-budget-token", null).body();
            if (pool.contains("\"state\":\"RUNNING\"")) return JSON.readTree(call("GET", "/api/customers/acme/budget", "ops-budget-token", null).body());
            Thread.sleep(200);
        }
        throw new AssertionError("the shop's node never ran");
    }

    @Test
    void theBudgetShowsTheSpendAndWhatRemainsAndAPlannedRequestOverItIsRefusedNamingIt() throws Exception {
        JsonNode b = runningBudget();
        assertThat(b.get("customer").asString()).isEqualTo("acme");
        assertThat(b.get("currency").asString()).isEqualTo("EUR");
        assertThat(b.get("zone").asString()).isEqualTo("UTC");
        assertThat(LocalDate.parse(b.get("day").asString())).isBetween(LocalDate.now(ZoneOffset.UTC).minusDays(1), LocalDate.now(ZoneOffset.UTC));
        assertThat(b.get("perDay").asDouble()).isEqualTo(1.0);
        assertThat(b.get("nodes").asLong()).isEqualTo(1);
        double hoursLeft = b.get("hoursLeft").asDouble();
        assertThat(hoursLeft).isBetween(0.0, 24.0);
        double spent = b.get("spentToday").asDouble();
        assertThat(spent).isCloseTo(100 * b.get("nodeHoursToday").asDouble(), within(1e-3));
        assertThat(b.get("remaining").asDouble()).isCloseTo(1.0 - spent, within(1e-3));
        assertThat(b.get("committed").asDouble()).isCloseTo(1 * 100 * hoursLeft, within(1e-3));
        assertThat(b.get("remainingAfterCommitted").asDouble()).isCloseTo(1.0 - spent - 100 * hoursLeft, within(1e-3));

        HttpResponse<String> more = call("POST", "/api/pools/shop/scale", "acme-budget-token", "{\"delta\": 1}");
        assertThat(more.statusCode()).as(more.body()).isEqualTo(409);
        assertThat(more.body()).contains("budget: customer acme may spend 1.00 EUR a day");
        String journal = call("GET", "/api/decisions?pool=shop&limit=20", "ops-budget-token", null).body();
        assertThat(journal).contains("\"BUDGET\"");
    }

    @Test
    void opsBillingAndTheCustomerMaySeeItsBudgetNoOneElse() throws Exception {
        assertThat(call("GET", "/api/customers/acme/budget", "ops-budget-token", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/customers/acme/budget", "billing-budget-token", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/customers/acme/budget", "acme-budget-token", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/customers/acme/budget", "uni-budget-token", null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/customers/acme/budget", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> none = call("GET", "/api/customers/uni/budget", "ops-budget-token", null);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("has no budget");
        assertThat(call("GET", "/api/customers/nobody/budget", "ops-budget-token", null).statusCode()).isEqualTo(404);
    }
}
