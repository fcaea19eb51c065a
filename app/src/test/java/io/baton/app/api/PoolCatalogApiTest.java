package io.baton.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pool catalog through the API: pools created, changed and deleted while Baton runs, validated as the
 * YAML is, persisted across a restart; the YAML is the seed and the API's changes win over it.
 */
class PoolCatalogApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ETL = """
            {"customer": "acme", "service": "batch", "actuator": "command", "min": 0, "max": 4,
             "command": {"provision": "true", "deprovision": "true", "timeout": "10s"}}""";
    @TempDir Path dir;
    final HttpClient http = HttpClient.newHttpClient();
    int port;

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--baton.rules.dir=../rules", "--baton.security.ops-token=ops-secret",
                "--baton.customers.acme.token=acme-secret", "--baton.customers.acme.quota=20", "--baton.local.enabled=false",
                "--baton.scrape.enabled=false", "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/baton"),
                "--baton.pools.web.customer=acme", "--baton.pools.web.actuator=command", "--baton.pools.web.min=0",
                "--baton.pools.web.command.provision=true", "--baton.pools.web.command.deprovision=true"));
        args.addAll(Arrays.asList(extra));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BatonApplication.class).web(WebApplicationType.SERVLET)
                .run(args.toArray(String[]::new));
        port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        return ctx;
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode pool(String name) throws Exception {
        HttpResponse<String> r = call("GET", "/api/pools/" + name, "ops-secret", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s: " + what);
            Thread.sleep(50);
        }
    }

    private int running(String name) {
        try {
            int n = 0;
            for (JsonNode m : pool(name).get("members")) if (m.get("state").asString().equals("RUNNING")) n++;
            return n;
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aPoolCreatedThroughTheApiScalesChangesAndIsDeletedOnlyOnceItHoldsNoNode() throws Exception {
        try (ConfigurableApplicationContext ctx = start()) {
            assertThat(call("POST", "/api/pools/etl", "acme-secret", ETL).statusCode()).as("customers may not edit the catalog").isEqualTo(403);
            HttpResponse<String> created = call("POST", "/api/pools/etl", "ops-secret", ETL);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode c = JSON.readTree(created.body());
            assertThat(c.get("origin").asString()).isEqualTo("api");
            assertThat(c.get("pool").get("max").asInt()).isEqualTo(4);
            assertThat(c.get("pool").get("cores").asInt()).as("the YAML's default").isEqualTo(1);
            assertThat(call("POST", "/api/pools/etl", "ops-secret", ETL).statusCode()).as("a second create").isEqualTo(409);

            HttpResponse<String> scaled = call("POST", "/api/pools/etl/scale", "acme-secret", "{\"delta\": 2}");
            assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
            assertThat(JSON.readTree(scaled.body()).get("approved").asInt()).isEqualTo(2);
            await("two etl nodes running", () -> running("etl") == 2);

            HttpResponse<String> changed = call("PUT", "/api/pools/etl", "ops-secret", ETL.replace("\"max\": 4", "\"max\": 6"));
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(pool("etl").get("max").asInt()).isEqualTo(6);
            assertThat(running("etl")).as("a change keeps the nodes").isEqualTo(2);
            HttpResponse<String> moved = call("PUT", "/api/pools/etl", "ops-secret",
                    "{\"customer\": \"acme\", \"actuator\": \"kubernetes\", \"min\": 0, \"kubernetes\": {\"name\": \"etl\"}}");
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(409);
            assertThat(moved.body()).contains("holds 2 node(s) of actuator command");
            HttpResponse<String> otherCustomer = call("PUT", "/api/pools/etl", "ops-secret", ETL.replace("acme", "globex"));
            assertThat(otherCustomer.statusCode()).as(otherCustomer.body()).isEqualTo(409);
            assertThat(otherCustomer.body()).contains("billed to acme");

            HttpResponse<String> refused = call("DELETE", "/api/pools/etl", "ops-secret", null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(refused.body()).contains("holds no node");
            assertThat(running("etl")).as("a refused delete removes nothing").isEqualTo(2);

            assertThat(call("POST", "/api/pools/etl/scale", "ops-secret", "{\"capacity\": 0}").statusCode()).isEqualTo(200);
            await("etl emptied", () -> {
                try { return pool("etl").get("members").isEmpty(); } catch (Exception e) { return false; }
            });
            HttpResponse<String> deleted = call("DELETE", "/api/pools/etl", "ops-secret", null);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            assertThat(call("GET", "/api/pools/etl", "ops-secret", null).statusCode()).isEqualTo(404);
            assertThat(call("POST", "/api/pools/etl/scale", "ops-secret", "{\"delta\": 1}").statusCode()).isEqualTo(404);
            assertThat(call("DELETE", "/api/pools/etl", "ops-secret", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aBadPoolIsRefusedWith400NamingEachKeyAndNothingIsStored() throws Exception {
        try (ConfigurableApplicationContext ctx = start()) {
            String[][] cases = {
                    {"{\"customer\": \"acme\", \"mxa\": 3}", "mxa: no pool has this key"},
                    {"{\"customer\": \"acme\", \"max\": \"lots\"}", "max: bad value 'lots'"},
                    {"{\"customer\": \"acme\", \"min\": 5, \"max\": 2}", "min must not exceed max"},
                    {"{\"max\": 2}", "customer: must not be blank"},
                    {"{\"customer\": \"acme\", \"actuator\": \"command\"}", "command: actuator command needs command.provision"},
                    {"{\"customer\": \"acme\", \"actuator\": \"kubernetes\", \"kubernetes\": {\"kind\": \"DaemonSet\"}}", "kubernetes.kind: must be Deployment or StatefulSet"},
                    {"{\"customer\": \"acme\", \"actuator\": \"command\", \"command\": {\"provision\": \"true\", \"webhook-url\": \"ftp://x\"}}", "webhook"},
                    {"{\"customer\": \"acme\", \"guardrails\": {\"max-step\": 0}}", "guardrails.max-step: must be greater than or equal to 1"},
            };
            for (String[] c : cases) {
                HttpResponse<String> r = call("POST", "/api/pools/bad", "ops-secret", c[0]);
                assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(400);
                assertThat(JSON.readTree(r.body()).get("problems").toString()).as(c[0]).contains(c[1]);
            }
            assertThat(call("GET", "/api/pools/bad", "ops-secret", null).statusCode()).isEqualTo(404);
            assertThat(call("POST", "/api/pools/a%20b", "ops-secret", ETL).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void theCatalogOutlivesARestartAndTheYamlSeedsOnlyThePoolsTheApiDidNotChange() throws Exception {
        try (ConfigurableApplicationContext ctx = start("--baton.pools.web.max=5")) {
            assertThat(call("POST", "/api/pools/etl", "ops-secret", ETL).statusCode()).isEqualTo(201);
            assertThat(pool("web").get("max").asInt()).isEqualTo(5);
        }
        try (ConfigurableApplicationContext ctx = start("--baton.pools.web.max=7")) {
            assertThat(pool("etl").get("max").asInt()).as("the API's pool is stored").isEqualTo(4);
            assertThat(pool("web").get("max").asInt()).as("a YAML pool follows the YAML").isEqualTo(7);
            String web = "{\"customer\": \"acme\", \"actuator\": \"command\", \"min\": 0, \"max\": 9, \"command\": {\"provision\": \"true\", \"deprovision\": \"true\"}}";
            assertThat(call("PUT", "/api/pools/web", "ops-secret", web).statusCode()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext ctx = start("--baton.pools.web.max=8")) {
            assertThat(pool("web").get("max").asInt()).as("once changed through the API, the API's keys win").isEqualTo(9);
            JsonNode config = JSON.readTree(call("GET", "/api/pools/web/config", "ops-secret", null).body());
            assertThat(config.get("origin").asString()).isEqualTo("api");
            assertThat(call("GET", "/api/pools/web/config", "acme-secret", null).statusCode()).isEqualTo(403);
        }
    }
}
