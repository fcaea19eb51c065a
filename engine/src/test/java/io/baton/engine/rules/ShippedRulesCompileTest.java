package io.baton.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShippedRulesCompileTest {

    @Test
    void shippedPoliciesCompileTogether() {
        CompileResult r = new RuleCompiler().compile(Path.of("../rules"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.ruleSet().files()).contains("baton.dsl", "scale-out.dslr", "scale-in.dslr", "heal.dslr", "degraded.dslr", "capacity.dslr");
    }
}
