package io.baton.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import io.baton.app.fixture.DryRunShopAndLab;
import io.baton.app.fixture.Launch;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every endpoint group answers 401 without a valid token and 403 to a role that may not use it; over quota is 409. */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "baton.rules.dir=../rules",
        "baton.security.ops-token=ops-secret",
        "baton.security.billing-token=billing-secret",
        "baton.customers.acme.token=acme-secret",
        "baton.customers.acme.quota=3",
        "baton.customers.uni.token=uni-secret",
        "baton.customers.uni.quota=2",
        "baton.local.data-dir=target/api-test-data",
        "baton.scrape.enabled=false",
        "baton.ingest.token=ingest-secret",
        "spring.datasource.url=jdbc:h2:mem:api;DB_CLOSE_DELAY=-1",
})
@DryRunShopAndLab
class ApiSecurityTest {
    @LocalServerPort int port;

    /** {@code token} "-" sends none. */
    HttpResponse<String> call(String method, String path, String token, String body) throws IOException, InterruptedException {
        return Launch.call(port, method, path, token.equals("-") ? null : token, body);
    }

    @ParameterizedTest(name = "{0} {1} as {2} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "GET    | /api/pools                 | -              | null                       | 401",
            "GET    | /api/pools                 | wrong          | null                       | 401",
            "GET    | /api/pools                 | ops-secret     | null                       | 200",
            "GET    | /api/pools                 | acme-secret    | null                       | 200",
            "GET    | /api/pools                 | billing-secret | null                       | 403",
            "GET    | /api/pools/shop            | acme-secret    | null                       | 200",
            "GET    | /api/pools/lab             | acme-secret    | null                       | 403",
            "GET    | /api/pools/nope            | ops-secret     | null                       | 404",
            "POST   | /api/pools/shop/scale      | -              | '{\"delta\": 1}'           | 401",
            "POST   | /api/pools/shop/scale      | billing-secret | '{\"delta\": 1}'           | 403",
            "POST   | /api/pools/lab/scale       | acme-secret    | '{\"delta\": 1}'           | 403",
            "POST   | /api/pools/shop/scale      | acme-secret    | '{\"delta\": 2}'           | 200",
            "POST   | /api/pools/shop/scale      | acme-secret    | '{\"delta\": 4}'           | 409",
            "POST   | /api/pools/lab/scale       | ops-secret     | '{\"capacity\": 3}'        | 409",
            "GET    | /api/decisions             | -              | null                       | 401",
            "GET    | /api/decisions             | billing-secret | null                       | 403",
            "GET    | /api/decisions?pool=lab    | acme-secret    | null                       | 403",
            "GET    | /api/decisions             | ops-secret     | null                       | 200",
            "GET    | /api/rules                 | -              | null                       | 401",
            "GET    | /api/rules                 | acme-secret    | null                       | 403",
            "GET    | /api/rules                 | billing-secret | null                       | 403",
            "GET    | /api/rules                 | ops-secret     | null                       | 200",
            "PUT    | /api/rules/x.drl           | acme-secret    | 'package x;'               | 403",
            "POST   | /api/rules/validate        | billing-secret | '{}'                       | 403",
            "POST   | /api/reports               | -              | '{}'                       | 401",
            "POST   | /api/reports               | acme-secret    | '{}'                       | 403",
            "GET    | /api/reports/nope          | billing-secret | null                       | 404",
            "GET    | /api/reports/nope          | ops-secret     | null                       | 404",
            "POST   | /write?db=x                | -              | 'cpu,pool=shop,node=n1 value=1' | 401",
            "POST   | /write?db=x                | ops-secret     | 'cpu,pool=shop,node=n1 value=1' | 401",
            "POST   | /write?db=x                | ingest-secret  | 'cpu,pool=shop,node=n1 value=1' | 204",
            "POST   | /api/v2/write?bucket=b     | ingest-secret  | 'cpu,pool=shop,node=n1 value=1' | 204",
            "GET    | /actuator/health           | -              | null                       | 200",
            "GET    | /actuator/prometheus       | -              | null                       | 401",
            "GET    | /actuator/prometheus       | acme-secret    | null                       | 403",
            "GET    | /actuator/prometheus       | ops-secret     | null                       | 200",
            "GET    | /v3/api-docs               | -              | null                       | 401",
            "GET    | /v3/api-docs               | ops-secret     | null                       | 200",
            "GET    | /                          | -              | null                       | 200",
    })
    void endpointAnswers(String method, String path, String token, String body, int status) throws Exception {
        HttpResponse<String> r = call(method, path, token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status == 409) assertThat(r.body()).contains("quota").contains("may hold");
    }

    @Test
    void aCustomerSeesOnlyItsOwnPools() throws Exception {
        HttpResponse<String> r = call("GET", "/api/pools", "acme-secret", null);
        assertThat(r.body()).contains("\"name\":\"shop\"").doesNotContain("\"name\":\"lab\"");
    }

    @Test
    void aPlannedRequestIsJournaledWithItsRequester() throws Exception {
        call("POST", "/api/pools/shop/scale", "acme-secret", "{\"delta\": 1}");
        HttpResponse<String> r = call("GET", "/api/decisions?pool=shop&limit=5", "ops-secret", null);
        assertThat(r.body()).contains("\"requester\":\"acme\"").contains("\"rule\":\"planned request\"").contains("DRY_RUN");
    }

    @Test
    void aBrokenRuleUploadIsRejectedWithFileAndLineAndTheOldRulesStay() throws Exception {
        long before = version();
        HttpResponse<String> r = call("PUT", "/api/rules/broken.drl", "ops-secret", "package x;\nrule \"r\"\nwhen\n  Pool(nodez > 1)\nthen\nend\n");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("broken.drl:4:");
        assertThat(version()).isEqualTo(before);
        HttpResponse<String> status = call("GET", "/api/rules", "ops-secret", null);
        assertThat(status.body()).contains("\"file\":\"broken.drl\"").contains("\"line\":4");
    }

    private long version() throws Exception {
        String body = call("GET", "/api/rules", "ops-secret", null).body();
        return Long.parseLong(body.replaceAll(".*\"version\":(\\d+).*", "$1"));
    }
}
