package io.baton.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.BatonApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A bad configuration stops Baton at start with a message that names the key (in the binder's form,
 * e.g. {@code pools[web].cores} under {@code baton}; Boot's failure report prints it as
 * {@code baton.pools.web.cores}).
 */
class ConfigValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "baton.pools.web.min=5                          | pools[web].minNotAboveMax      | min must not exceed max",
            "baton.pools.web.actuator=ec2                   | pools[web].actuator            | must be local, kubernetes or command",
            "baton.pools.web.cores=0                        | pools[web].cores               | ",
            "baton.customers.acme.quota=-1                  | customers[acme].quota          | ",
            "baton.engine.history-seconds=10                | engine.historySeconds          | ",
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

    private static Throwable catchStart(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--baton.rules.dir=../rules";
        all[args.length + 1] = "--baton.local.enabled=false";
        all[args.length + 2] = "--spring.datasource.url=jdbc:h2:mem:cfg";
        all[args.length + 3] = "--baton.scrape.enabled=false";
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
