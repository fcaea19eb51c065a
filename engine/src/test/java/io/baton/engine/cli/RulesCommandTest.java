package io.baton.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.rules.ShippedRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
    @TempDir Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void copyShippedRules() throws IOException {
        ShippedRules.copyTo(dir);
    }

    private int run(String... args) {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new RulesCommand(ps, ps).run(args);
    }

    @Test
    void standardDrlThatDeclaresItsOwnTypesIsAcceptedNextToTheShippedFiles() throws IOException {
        Files.writeString(dir.resolve("maintenance.drl"), """
                package rules.custom;

                import io.baton.engine.model.*;

                declare MaintenanceWindow
                    @role(event)
                    @expires(1h)
                    pool : String
                end

                declare Hot
                    pool : String
                end

                rule "A pool in a maintenance window is marked hot"
                when
                    MaintenanceWindow($p : pool)
                    Pool(name == $p)
                then
                    insertLogical(new Hot($p));
                end
                """);
        assertThat(run("validate", dir.toString())).isZero();
        assertThat(out.toString()).startsWith("ok:").contains("maintenance.drl");
    }

    @Test
    void errorsPrintAsFileLineMessageAndExitNonZero() throws IOException {
        Files.writeString(dir.resolve("typo.drl"), """
                package rules.typo;
                import io.baton.engine.model.*;

                rule "typo in a constraint"
                when
                    Pool(nodez > 3)
                then
                end
                """);
        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(out.toString().lines().toList()).singleElement().asString().matches("typo\\.drl:6: .*nodez.*");
    }

    @Test
    void aDecisionTableCellThatDoesNotParsePrintsWithFileRowAndColumn() throws IOException {
        Files.writeString(dir.resolve("thresholds.csv"), "pool,metric,above,for (s),add\n*,jobs_queued,500,60,2\nbatch,jobs_queued,lots,120,1\n");
        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(out.toString().lines().toList()).containsExactly(
                "thresholds.csv:3: row 3, column C (above): 'lots' does not parse: a number such as 80 or 72.5");
    }

    @Test
    void aBadValueInASentencePrintsAsFileLineMessage() throws IOException {
        Files.writeString(dir.resolve("office.dslr"), """
                package rules.office;

                import io.baton.engine.model.*;

                expander baton.dsl

                rule "The web pool keeps at least 4 nodes in office hours"
                when
                    there is a pool named web
                    it is a weekday between 08:00 and 18:00 in Europe/Berlinn
                then
                    keep at least 4 nodes
                end
                """);
        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(out.toString().lines().toList()).singleElement().asString()
                .isEqualTo("office.dslr:10: unknown time zone: 'Europe/Berlinn' (use an IANA zone such as Europe/Berlin, or UTC)");
    }

    @Test
    void testRunsTheScenariosAndFailsOnAWrongExpectation() throws IOException {
        assertThat(run("test", dir.toString())).isZero();
        assertThat(out.toString()).contains("PASS cpu-high-2-minutes.yaml").contains("scenarios passed");

        out.reset();
        Files.writeString(dir.resolve("tests/wrong.yaml"), """
                name: expects a scale-out that the rules do not make
                pools:
                  web: {min: 2, max: 10, nodes: 3}
                until: 3m
                events:
                  - {metric: cpu, pool: web, value: 70, from: 0s, until: 3m, every: 10s}
                expect:
                  - {at: 2m, action: scale_out, pool: web, nodes: 2}
                """);
        assertThat(run("test", dir.toString(), dir.resolve("tests/wrong.yaml").toString())).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL wrong.yaml").contains("expected scale_out web by 2 at 2m, but it did not happen");
    }
}
