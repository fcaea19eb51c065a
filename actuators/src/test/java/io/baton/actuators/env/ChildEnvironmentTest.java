package io.baton.actuators.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What of the parent's environment reaches a child: one table. */
class ChildEnvironmentTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PATH,                  true",
            "HOME,                  true",
            "LANG,                  true",
            "LC_ALL,                true",
            "TZ,                    true",
            "JAVA_HOME,             true",
            "TMPDIR,                true",
            "AWS_PROFILE,           true",   // listed in pass-env below
            "path,                  false",
            "LC_CTYPE,              false",
            "BATON_INGEST_TOKEN,    false",
            "BATON_OPS_TOKEN,       false",
            "BATON_CUSTOMERS_ACME_INGEST_TOKEN, false",
            "BATON_POOL,            false",   // a parent's BATON_* never passes; only Baton's own for the child
            "BATON_NODE_SECRET,     false",
            "AWS_SECRET_ACCESS_KEY, false",
            "GITHUB_TOKEN,          false",
            "JAVA_TOOL_OPTIONS,     false",
            "LD_PRELOAD,            false",
            "SPRING_DATASOURCE_PASSWORD, false"})
    void whatPasses(String name, boolean passes) {
        ChildEnvironment env = new ChildEnvironment(Map.of(name, "value-of-" + name)).passing(List.of("AWS_PROFILE"));
        assertThat(env.passes(name)).isEqualTo(passes);
        assertThat(env.build(Map.of("BATON_ACTION", "provision")))
                .isEqualTo(passes ? Map.of(name, "value-of-" + name, "BATON_ACTION", "provision") : Map.of("BATON_ACTION", "provision"));
    }

    @Test void batonsOwnVariablesForTheChildMustBeBatonNamedAndNoToken() {
        ChildEnvironment env = new ChildEnvironment(Map.of("PATH", "/bin", "BATON_NODE_SECRET", "from-the-parent"));
        assertThat(env.build(Map.of("BATON_NODE_SECRET", "mine"))).isEqualTo(Map.of("PATH", "/bin", "BATON_NODE_SECRET", "mine"));
        assertThatThrownBy(() -> env.build(Map.of("BATON_INGEST_TOKEN", "x"))).hasMessageContaining("BATON_INGEST_TOKEN");
        assertThatThrownBy(() -> env.build(Map.of("AWS_REGION", "x"))).hasMessageContaining("AWS_REGION");
    }

    @Test void passEnvRefusesBatonsOwnAndMalformedNames() {
        ChildEnvironment env = new ChildEnvironment(Map.of());
        assertThatThrownBy(() -> env.passing(List.of("BATON_OPS_TOKEN"))).hasMessageContaining("never passed");
        assertThatThrownBy(() -> env.passing(List.of("A=B"))).hasMessageContaining("not a variable name");
        assertThatThrownBy(() -> env.passing(List.of(" "))).hasMessageContaining("not a variable name");
    }

    @Test void aProcessBuilderKeepsNothingOfThisJvm() throws Exception {
        ProcessBuilder pb = new ChildEnvironment(Map.of("PATH", System.getenv("PATH"), "BATON_OPS_TOKEN", "ops-secret"))
                .applyTo(new ProcessBuilder("env"), Map.of("BATON_POOL", "web"));
        Process p = pb.start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor()).isZero();
        assertThat(lines).containsExactlyInAnyOrder("PATH=" + System.getenv("PATH"), "BATON_POOL=web");
    }
}
