package io.baton.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;

/**
 * The KIE repository keeps only the newest few versions of a module; a set the engine still needs as its
 * fallback can be evicted by newer compiles, and must be put back before a swap to it.
 */
class RuleSetEvictionTest {

    @Test
    void anEvictedSetIsPutBackBeforeItIsUsed() {
        RuleCompiler compiler = new RuleCompiler();
        Map<String, String> files = RuleCompiler.readDir(ShippedRules.DIR);
        RuleSet first = compiler.compile(files).ruleSet();
        List<RuleSet> newer = new ArrayList<>();
        for (int i = 0; i < 12; i++) newer.add(compiler.compile(files).ruleSet());
        var repo = KieServices.Factory.get().getRepository();
        assertThat(repo.getKieModule(first.releaseId())).as("evicted by the newer versions").isNull();

        first.ensureInstalled();
        assertThat(repo.getKieModule(first.releaseId())).isNotNull();
        var container = KieServices.Factory.get().newKieContainer(first.releaseId());
        assertThat(container.getKieBase().getKiePackages()).isNotEmpty();
        container.dispose();
        compiler.release(first);
        newer.forEach(compiler::release);
    }
}
