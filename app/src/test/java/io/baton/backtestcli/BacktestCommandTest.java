package io.baton.backtestcli;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.app.fixture.BacktestHistory;
import io.baton.testkit.influx.InfluxServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton rules backtest} as a command, against a real InfluxDB: the pools and prices come from {@code --config FILE},
 * the table goes to stdout and the two files to {@code --out}; bad input exits 2 or 1 with the reason on stderr.
 */
class BacktestCommandTest {
    @RegisterExtension static InfluxServer influx = InfluxServer.perClass();
    static final String DB = "cli_" + Long.toString(System.nanoTime() & 0xffffff, 36);
    static Path dir;
    @TempDir Path out;
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();

    @BeforeAll
    static void history() throws Exception {
        BacktestHistory.write(influx, DB);
        dir = Files.createTempDirectory("backtest-cli");
        BacktestHistory.outRule(dir.resolve("rules"));
        Files.writeString(dir.resolve("fleet.yml"), "baton:\n  influx:\n    database: " + DB + "\n  pools:\n    web:\n      customer: acme\n"
                + "      min: 2\n      max: 10\n  reports:\n    prices:\n      acme:\n        per-node-hour: 0.10\n        currency: EUR\n");
        System.setProperty("baton.influx.url", influx.url());
    }

    @AfterAll
    static void clear() {
        System.clearProperty("baton.influx.url");
    }

    int run(String... args) {
        return new BacktestCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void printsTheTableAndWritesBothFiles() throws Exception {
        int code = run("--from", "2026-11-01T10:00:00Z", "--to", "2026-11-01T10:30:00Z", "--rules", dir.resolve("rules").toString(),
                "--config", dir.resolve("fleet.yml").toString(), "--pool", "web", "--out", out.toString());
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        String text = stdout.toString(StandardCharsets.UTF_8);
        // 2 x 1800 + 2 x 1320 node-seconds = 1.733333 h, at 0.10 EUR: 0.17; 3 SLA minutes; peak 4
        assertThat(text).containsPattern("web\\s+1\\.733333\\s+0\\.17\\s+3\\.00\\s+4\\s+3\\.467\\s+1")
                .contains("2026-11-01T10:07:00Z web scale_out 2 EXECUTED by \"CPU above 80% for 2 minutes adds 2 nodes\"");
        assertThat(out.resolve("backtest-20261101T100000Z_20261101T103000Z.json")).exists();
        assertThat(out.resolve("backtest-20261101T100000Z_20261101T103000Z.html")).exists();
    }

    @Test
    void badInputExitsWithTheReason() throws Exception {
        String config = dir.resolve("fleet.yml").toString();
        assertThat(run("--from", "2026-11-01T10:30:00Z", "--to", "2026-11-01T10:00:00Z", "--config", config)).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("--to (2026-11-01T10:00:00Z) must be after --from (2026-11-01T10:30:00Z)");
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("bad.drl"), "package rules.bt;\n\nrule \"x\"\nwhen\n    Pool(\nthen\nend\n");
        assertThat(run("--from", "2026-11-01T10:00:00Z", "--to", "2026-11-01T10:30:00Z", "--config", config, "--rules", broken.toString())).isEqualTo(1);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("the rules do not compile").contains(broken.resolve("bad.drl") + ":7: ");
        assertThat(run("--from", "2026-11-01T10:00:00Z", "--to", "2026-11-01T10:30:00Z", "--config", config, "--pool", "nope",
                "--rules", dir.resolve("rules").toString())).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("unknown pool nope (configured: web)");
        assertThat(run("--from", "2026-11-01T10:00:00Z", "--to", "2026-11-01T10:30:00Z", "--bogus")).isEqualTo(2);
    }
}
