package io.baton.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.engine.catalog.PoolSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The one binding of a pool's keys: the YAML's and the API's give the same pool, with the same defaults and errors. */
class PoolBindingTest {

    @Test void theYamlsPoolsBecomeFlatKeysAndBindWithTheDefaults() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("baton.pools.web.customer", "acme")
                .withProperty("baton.pools.web.guardrails.scale-out-cooldown", "30s")
                .withProperty("baton.pools.web.local.portStart", "21000")
                .withProperty("baton.pools.web.local.jvm-options[0]", "-Xmx64m")
                .withProperty("baton.pools.etl.customer", "${CUST:globex}")
                .withProperty("baton.pools.etl.actuator", "command")
                .withProperty("baton.pools.etl.command.provision", "echo up");
        Map<String, Map<String, String>> pools = PoolBinding.fromEnvironment(env);
        assertThat(pools).containsOnlyKeys("web", "etl");
        assertThat(pools.get("etl")).containsEntry("customer", "globex").containsEntry("command.provision", "echo up");
        PoolSpec web = PoolBinding.bind("web", pools.get("web"), true);
        assertThat(web.actuator()).isEqualTo("local");
        assertThat(web.min()).isEqualTo(1);
        assertThat(web.max()).isEqualTo(10);
        assertThat(web.guardrails().scaleOutCooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(web.guardrails().scaleInStabilization()).isEqualTo(Duration.ofSeconds(300));
        assertThat(web.section("local")).containsValue("21000").containsValue("-Xmx64m");
        PoolSpec etl = PoolBinding.bind("etl", pools.get("etl"), true);
        assertThat(etl.section("command")).containsEntry("provision", "echo up");
    }

    @Test void jsonFromTheApiFlattensToTheSameKeysAsTheYaml() {
        Map<String, String> flat = PoolBinding.flatten(Map.of("customer", "acme", "max", 4,
                "local", Map.of("port-start", 21000, "jvm-options", java.util.List.of("-Xmx64m", "-Xss1m"))));
        assertThat(flat).containsExactlyInAnyOrderEntriesOf(Map.of("customer", "acme", "max", "4", "local.port-start", "21000",
                "local.jvm-options[0]", "-Xmx64m", "local.jvm-options[1]", "-Xss1m"));
    }

    @Test void badValuesAreRefusedNamingEachKey() {
        assertThatThrownBy(() -> PoolBinding.bind("web", Map.of("customer", "acme", "min", "5", "max", "2"), true))
                .isInstanceOf(PoolBinding.InvalidPool.class).hasMessageContaining("min must not exceed max").hasMessageNotContaining("pool.");
        assertThatThrownBy(() -> PoolBinding.bind("web", Map.of("min", "1"), true))
                .hasMessageContaining("customer: must not be blank");
        assertThatThrownBy(() -> PoolBinding.bind("web", Map.of("customer", "acme", "max", "lots"), true))
                .hasMessageContaining("max").hasMessageContaining("lots");
        assertThatThrownBy(() -> PoolBinding.bind("web", Map.of("customer", "acme", "actuator", "ssh"), true))
                .hasMessageContaining("actuator: must be local, kubernetes or command");
        assertThatThrownBy(() -> PoolBinding.bind("web", Map.of("customer", "acme", "guardrails.max-step", "0"), true))
                .hasMessageContaining("guardrails.max-step: must be greater than or equal to 1");
        assertThatThrownBy(() -> PoolBinding.bind("a/b", Map.of("customer", "acme"), true)).hasMessageContaining("name");
        assertThatThrownBy(() -> PoolBinding.bind("web", Map.of("customer", "acme", "forecast.mode", "predict"), false))
                .hasMessageContaining("forecast.mode: must be off, forecast-only or scale, got 'predict'");
        assertThatThrownBy(() -> PoolBinding.bind("web", Map.of("customer", "acme", "forecast.horizon", "2h"), true))
                .hasMessageContaining("forecast.horizon: the forecast section has one key, mode");
        assertThat(PoolBinding.bind("web", Map.of("customer", "acme", "forecast.mode", "forecast-only"), true).section("forecast"))
                .containsEntry("mode", "forecast-only");
    }

    @Test void theApiRefusesKeysNoPoolHasWhileTheYamlOnlyIgnoresThem() {
        Map<String, String> typo = Map.of("customer", "acme", "mxa", "3", "guardrails.max-stp", "2");
        assertThatThrownBy(() -> PoolBinding.bind("web", typo, true)).isInstanceOf(PoolBinding.InvalidPool.class)
                .satisfies(e -> assertThat(((PoolBinding.InvalidPool) e).problems())
                        .anyMatch(p -> p.startsWith("mxa:")).anyMatch(p -> p.startsWith("guardrails.max-stp:")));
        assertThat(PoolBinding.bind("web", typo, false).max()).isEqualTo(10);
    }
}
