package io.baton.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A bad configuration stops Baton at start with a message that names the key: Baton's own keys in the
 * binder's form (e.g. {@code engine.historySeconds} under {@code baton}), a pool's as the pool catalog
 * names them, relative to the pool ({@code pool web: cores: ...}).
 */
class ConfigValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "baton.pools.web.min=5                          | pool web: min must not exceed max | ",
            "baton.pools.web.actuator=ec2                   | pool web: actuator: must be local, kubernetes or command | ",
            "baton.pools.web.cores=0                        | pool web: cores: must be greater than or equal to 1 | ",
            "baton.pools.web.guardrails.max-step=0          | pool web: guardrails.max-step: must be greater than or equal to 1 | ",
            "baton.pools.web.cores=many                     | pool web: cores: bad value 'many' | ",
            "baton.customers.acme.quota=-1                  | customers[acme].quota          | ",
            "baton.customers.acme.budget.per-day=-1         | customers[acme].budget.perDay  | ",
            "baton.customers.acme.budget.per-day=5          | baton.customers.acme.budget.per-day needs one price above 0: baton.reports.prices.acme.per-node-hour or .per-core-hour | ",
            "baton.engine.history-seconds=10                | engine.historySeconds          | ",
            "baton.engine.target-window=1h                  | baton.engine.target-window must be whole seconds from 1s to baton.engine.history-seconds (720s) | ",
            "baton.engine.target-tolerance=1.5              | engine.targetTolerance         | ",
    })
    void aBadValueIsRejectedNamingItsKey(String setting, String key, String why) {
        Throwable t = catchStart("--baton.pools.web.customer=acme", "--baton.pools.web.max=3", "--baton.customers.acme.token=t", "--" + setting.trim());
        String all = messages(t);
        assertThat(all).contains(key.trim());
        if (why != null) assertThat(all).contains(why.trim());
    }

    @ParameterizedTest(name = "prod without {0}")
    @CsvSource({"BATON_OPS_TOKEN, --baton.security.billing-token=b", "BATON_BILLING_TOKEN, --baton.security.ops-token=o"})
    void theProdProfileRefusesToStartWithoutCredentials(String missing, String given) {
        Throwable t = catchStart("--spring.profiles.active=prod", given);
        assertThat(messages(t)).contains(missing).contains("prod profile");
    }

    /** A prod configuration that starts; each case below breaks one thing in it. */
    static final String[] GOOD_PROD = {"--spring.profiles.active=prod", "--baton.security.ops-token=ops-token-0123456789",
            "--baton.security.billing-token=billing-token-0123456789", "--baton.ingest.token=ingest-token-0123456789",
            "--baton.pools.web.customer=acme", "--baton.pools.web.min=0", "--baton.customers.acme.token=acme-token-0123456789",
            "--baton.customers.acme.ingest-token=acme-ingest-0123456789"};

    @org.junit.jupiter.api.Test
    void theProdProfileStartsWithLongDistinctTokensOfItsOwn() {
        new SpringApplicationBuilder(BatonApplication.class).web(WebApplicationType.SERVLET).run(withPort(withBase(GOOD_PROD))).close();
    }

    @ParameterizedTest(name = "prod with {0}")
    @CsvSource(delimiter = '|', value = {
            "no ingest token                | baton.ingest.token=                                  | baton.ingest.token (BATON_INGEST_TOKEN) must be set in the prod profile",
            "the sample acme token          | baton.customers.acme.token=acme-dev-token            | baton.customers.acme.token is a sample token shipped in config/application.yml",
            "a sample token as ingest token | baton.customers.acme.ingest-token=university-dev-token | baton.customers.acme.ingest-token is a sample token shipped in config/application.yml",
            "a short ops token              | baton.security.ops-token=fifteen-chars-x             | baton.security.ops-token is shorter than 16 characters",
            "a short billing token          | baton.security.billing-token=short                   | baton.security.billing-token is shorter than 16 characters",
            "a short ingest token           | baton.ingest.token=abc                               | baton.ingest.token is shorter than 16 characters",
            "a short customer token         | baton.customers.acme.token=acme                      | baton.customers.acme.token is shorter than 16 characters",
            "a short customer ingest token  | baton.customers.acme.ingest-token=acme-ing           | baton.customers.acme.ingest-token is shorter than 16 characters",
            "billing the same as ops        | baton.security.billing-token=ops-token-0123456789    | baton.security.billing-token is the same token as baton.security.ops-token",
            "ingest the same as billing     | baton.ingest.token=billing-token-0123456789          | baton.ingest.token is the same token as baton.security.billing-token",
            "a customer's two the same      | baton.customers.acme.ingest-token=acme-token-0123456789 | baton.customers.acme.ingest-token is the same token as baton.customers.acme.token",
            "two customers the same         | baton.customers.uni.token=acme-token-0123456789      | baton.customers.uni.token is the same token as baton.customers.acme.token",
    })
    void theProdProfileRefusesWeakOrMissingTokensNamingTheKey(String name, String setting, String why) {
        String key = "--" + setting.trim().substring(0, setting.trim().indexOf('=') + 1);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.Arrays.stream(GOOD_PROD).filter(a -> !a.startsWith(key)).toList());
        args.add("--" + setting.trim());  // in place of the good value: a repeated option would be joined to it
        String all = messages(catchStart(args.toArray(String[]::new)));
        assertThat(all).contains("Baton refuses to start in the prod profile").contains(why.trim());
    }

    private static String[] withBase(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--baton.rules.dir=../rules";
        all[args.length + 1] = "--baton.local.enabled=false";
        all[args.length + 2] = "--spring.datasource.url=jdbc:h2:mem:cfg";
        all[args.length + 3] = "--baton.scrape.enabled=false";
        return all;
    }

    private static Throwable catchStart(String... args) {
        String[] all = withBase(args);
        try {
            new SpringApplicationBuilder(BatonApplication.class).web(WebApplicationType.SERVLET).run(withPort(all)).close();
        } catch (Throwable e) {
            return e;
        }
        throw new AssertionError("Baton started with " + String.join(" ", args));
    }

    private static String[] withPort(String[] args) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = "--server.port=0";
        return out;
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getMessage()).append('\n');
        return sb.toString();
    }
}
