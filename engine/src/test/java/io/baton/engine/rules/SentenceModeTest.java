package io.baton.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code baton.rules.mode: sentences} takes the shipped sentences and nothing else. */
class SentenceModeTest {
    private final RuleCompiler compiler = new RuleCompiler(RuleMode.SENTENCES);

    private static Map<String, String> shipped() {
        return new TreeMap<>(RuleCompiler.readDir(ShippedRules.DIR));
    }

    @Test
    void theShippedPoliciesCompile() {
        CompileResult r = compiler.compile(shipped());
        assertThat(r.errors()).isEmpty();
        compiler.release(r.ruleSet());
    }

    @Test
    void plainDrlIsRefused() {
        Map<String, String> files = shipped();
        files.put("extra.drl", "package rules.extra;\nrule \"x\" when then System.exit(1); end\n");
        assertThat(compiler.compile(files).errors()).singleElement()
                .satisfies(e -> assertThat(e.toString()).startsWith("extra.drl:0: ").contains("plain DRL is not accepted"));
    }

    @Test
    void anEditedDslIsRefused() {
        Map<String, String> files = shipped();
        files.put("baton.dsl", files.get("baton.dsl") + "\n[then][]shut down=System.exit(1);\n");
        assertThat(compiler.compile(files).errors()).singleElement().satisfies(e -> assertThat(e.file()).isEqualTo("baton.dsl"));
    }

    @Test
    void aPolicyLineThatIsNoSentenceIsRefusedWithItsLine() throws IOException {
        Map<String, String> files = shipped();
        files.put("sneaky.dslr", """
                package rules.sneaky;

                import io.baton.engine.model.*;

                expander baton.dsl

                rule "CPU above 70% for 2 minutes adds 1 node"
                when
                    there is a pool
                    CPU of the pool is above 70 percent for 2 minutes
                then
                    add 1 nodes
                    >System.exit(1);
                end
                """);
        assertThat(compiler.compile(files).errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("sneaky.dslr");
            assertThat(e.line()).isEqualTo(13);
            assertThat(e.message()).contains("not one of the shipped sentences");
        });
        files.put("sneaky.dslr", files.get("sneaky.dslr").replace("    >System.exit(1);\n", ""));
        CompileResult ok = compiler.compile(files);
        assertThat(ok.errors()).isEmpty();
        compiler.release(ok.ruleSet());
    }
}
