package io.baton.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.engine.scenario.ScenarioLoader;
import io.baton.engine.scenario.ScenarioResult;
import io.baton.engine.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decision tables (.csv, .xlsx) in the rules directory: they compile, fire, report bad cells by row and column, and hot reload. */
class DecisionTableTest {
    @TempDir Path dir;

    /** Rows of a table whose web pool adds 3 nodes when queue_depth stays above 50 for 30 s. */
    private static final String SCENARIO = """
            name: the table's row fires
            pools:
              web: {customer: acme, min: 1, max: 10, nodes: 2}
            until: 1m
            events:
              - {metric: queue_depth, pool: web, value: 60, from: 0s, until: 1m, every: 1s}
            expect:
              - {at: 30s, action: scale_out, pool: web, nodes: 3, rule: "Pool web: queue_depth above 50 for 30 seconds adds 3 nodes (%s row 2)"}
            """;

    @BeforeEach
    void shippedSentences() throws IOException {
        Files.copy(ShippedRules.DIR.resolve("baton.dsl"), dir.resolve("baton.dsl"));
        Files.writeString(dir.resolve("nothing.dslr"), "package rules.none;\nimport io.baton.engine.model.*;\nexpander baton.dsl\n");
    }

    private ScenarioResult run(String table) {
        CompileResult r = new RuleCompiler().compile(dir);
        assertThat(r.errors()).isEmpty();
        return new ScenarioRunner().run(ScenarioLoader.parse(SCENARIO.formatted(table), "t.yaml"), r.ruleSet());
    }

    private void xlsx(String name, Object[][] rows) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            Sheet sheet = wb.createSheet("thresholds");
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    if (rows[r][c] instanceof Number n) row.createCell(c).setCellValue(n.doubleValue());
                    else row.createCell(c).setCellValue(String.valueOf(rows[r][c]));
                }
            }
            wb.write(out);
        }
    }

    @Test
    void aCsvTableRowFiresAsARuleNamedAfterItsRow() throws IOException {
        Files.writeString(dir.resolve("limits.csv"), "pool,metric,above,for (s),add\nweb,queue_depth,50,30,3\n");
        ScenarioResult result = run("limits.csv");
        assertThat(result.failures()).isEmpty();
    }

    @Test
    void anXlsxTableWithNumericCellsFiresToo() throws IOException {
        xlsx("limits.xlsx", new Object[][] {{"pool", "metric", "above", "for (s)", "add"}, {"web", "queue_depth", 50, 30, 3}});
        assertThat(run("limits.xlsx").failures()).isEmpty();
    }

    @Test
    void aCsvCellThatDoesNotParseIsReportedWithFileRowAndColumn() throws IOException {
        Files.writeString(dir.resolve("limits.csv"), "pool,metric,above,for (s),add\nweb,cpu,80,120,2\nbatch,cpu,80,two,1\n");
        CompileResult r = new RuleCompiler().compile(dir);
        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).extracting(RuleError::toString)
                .containsExactly("limits.csv:3: row 3, column D (for (s)): 'two' does not parse: a whole number of seconds from 1 to 86400");
    }

    @Test
    void anXlsxCellThatDoesNotParseIsReportedWithFileRowAndColumn() throws IOException {
        xlsx("limits.xlsx", new Object[][] {{"pool", "metric", "above", "for (s)", "add"}, {"web", "cpu", "eighty", 120, 2}});
        CompileResult r = new RuleCompiler().compile(dir);
        assertThat(r.errors()).extracting(RuleError::toString)
                .containsExactly("limits.xlsx:2: row 2, column C (above): 'eighty' does not parse: a number such as 80 or 72.5");
    }

    @Test
    void anUnknownColumnAndAnAddOutsideItsRangeAreRefused() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "pool,metric,over,for (s),add\nweb,cpu,80,120,2\n");
        Files.writeString(dir.resolve("b.csv"), "pool,metric,above,for (s),add\nweb,cpu,80,120,0\n");
        CompileResult r = new RuleCompiler().compile(dir);
        assertThat(r.errors()).extracting(RuleError::toString).containsExactly(
                "a.csv:1: row 1, column C: unknown column 'over': the columns are pool | metric | above | for (s) | add",
                "b.csv:2: row 2, column E (add): '0' does not parse: a whole number of nodes from 1 to 1000");
    }

    @Test
    void aChangedTableIsHotReloadedAndABrokenOneLeavesTheRunningRules() throws IOException {
        Path table = dir.resolve("limits.csv");
        Files.writeString(table, "pool,metric,above,for (s),add\nweb,queue_depth,50,30,3\n");
        PolicyManager pm = new PolicyManager(dir, new RuleCompiler());
        RuleSet first = pm.load();
        assertThat(first.files()).contains("limits.csv");

        Files.writeString(table, "pool,metric,above,for (s),add\nweb,queue_depth,40,30,3\n");
        assertThat(pm.reloadIfChanged()).isTrue();
        long good = pm.status().version();
        assertThat(good).isGreaterThan(first.version());

        Files.writeString(table, "pool,metric,above,for (s),add\nweb,queue_depth,forty,30,3\n");
        assertThat(pm.reloadIfChanged()).isFalse();
        assertThat(pm.status().version()).isEqualTo(good);
        assertThat(pm.status().lastErrors()).extracting(RuleError::toString)
                .containsExactly("limits.csv:2: row 2, column C (above): 'forty' does not parse: a number such as 80 or 72.5");
        pm.close();
    }

    @Test
    void aTableInDroolsOwnFormatIsCompiledByDroolsAsItIs() throws IOException {
        Files.writeString(dir.resolve("native.csv"), "RuleSet,rules.natives\nImport,io.baton.engine.model.*\n\nRuleTable Native\n"
                + "CONDITION,ACTION\n$pool : Pool,\nname == '$param',\"insert(Decision.scaleOut(kcontext, $pool.getName(), $param));\"\n"
                + "pool,add\nweb,1\n");
        CompileResult r = new RuleCompiler().compile(dir);
        assertThat(r.errors()).isEmpty();
        String scenario = """
                name: the native table's row fires
                pools:
                  web: {customer: acme, min: 1, max: 10, nodes: 2}
                until: 5s
                expect:
                  - {at: 0s, action: scale_out, pool: web, nodes: 1}
                """;
        assertThat(new ScenarioRunner().run(ScenarioLoader.parse(scenario, "n.yaml"), r.ruleSet()).failures()).isEmpty();
    }

    @Test
    void sentencesModeTakesBatonTablesAndRefusesDroolsFormatOnes() throws IOException {
        Files.writeString(dir.resolve("limits.csv"), "pool,metric,above,for (s),add\nweb,queue_depth,50,30,3\n");
        Files.delete(dir.resolve("nothing.dslr"));
        assertThat(new RuleCompiler(RuleMode.SENTENCES).compile(dir).errors()).isEmpty();
        Files.writeString(dir.resolve("raw.csv"), "RuleSet,rules.raw\nImport,io.baton.engine.model.*\n\nRuleTable Raw\nCONDITION,ACTION\n"
                + "Pool,\nname == \"$param\",System.exit(0);\npool,do\nweb,x\n");
        assertThat(new RuleCompiler(RuleMode.SENTENCES).compile(dir).errors()).extracting(RuleError::toString)
                .containsExactly("raw.csv:0: baton.rules.mode is sentences: a Drools-format decision table holds DRL, use the columns pool | metric | above | for (s) | add");
    }
}
