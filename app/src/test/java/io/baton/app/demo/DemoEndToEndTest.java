package io.baton.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.engine.journal.JournalEntry;
import io.baton.engine.model.LifecycleEvent;
import io.baton.engine.model.NodeState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./baton demo} headless, end to end: real InfluxDB, real node processes, real HTTP. It checks
 * the story's decisions and that the report's node-hours per customer equal the billable time worked
 * out here from the lifecycle events the demo saw.
 */
class DemoEndToEndTest {

    @Test
    void theDemoScalesHealsScalesInAndBillsExactly() throws Exception {
        assertTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "influxd"))),
                "influxd is not installed (apt-get install -y influxdb)");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand(new PrintStream(buf, true, StandardCharsets.UTF_8), Path.of("..").toAbsolutePath().normalize());
        boolean ok = demo.run();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(out).isTrue();
        String owner = Path.of("../data/demo/nodes").toAbsolutePath().normalize().toString();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(owner)).orElse(false))
                .map(ProcessHandle::pid).toList()).as("node processes the demo left running (stop-nodes-on-shutdown)").isEmpty();

        List<JournalEntry> acted = demo.acted();
        assertThat(acted).anyMatch(e -> e.action().equals("scale_out") && e.pool().equals("lab-notebooks") && e.requester().equals("university"));
        assertThat(acted).anyMatch(e -> e.action().equals("scale_out") && e.pool().equals("shop-web") && e.rule().startsWith("CPU above") && e.approved() == 2);
        assertThat(acted).anyMatch(e -> e.action().equals("replace_node") && e.rule().contains("crashed"));
        assertThat(acted).anyMatch(e -> e.action().equals("scale_in") && e.pool().equals("shop-web") && e.rule().startsWith("CPU below"));
        assertThat(out).contains("because: \"CPU above 40% for 15 seconds adds 2 nodes (demo window)\"");

        long[] period = demo.period();
        Map<String, Long> billed = new HashMap<>();
        Map<String, Long> runningSince = new HashMap<>();
        Map<String, String> customerOf = new HashMap<>();
        for (LifecycleEvent e : demo.lifecycle()) {
            customerOf.put(e.node(), e.customer());
            if (e.state() == NodeState.RUNNING) runningSince.putIfAbsent(e.node(), e.time());
            if (e.state().isFinal() && runningSince.containsKey(e.node())) {
                long start = Math.max(period[0], runningSince.remove(e.node()));
                long end = Math.min(period[1], e.time());
                if (end > start) billed.merge(e.customer(), end - start, Long::sum);
            }
        }
        for (Map.Entry<String, Long> still : runningSince.entrySet()) {
            long start = Math.max(period[0], still.getValue());
            if (period[1] > start) billed.merge(customerOf.get(still.getKey()), period[1] - start, Long::sum);
        }
        Path csv;
        try (Stream<Path> files = Files.list(Path.of("../data/demo/report"))) {
            csv = files.filter(p -> p.toString().endsWith(".csv") && !p.toString().endsWith(".focus.csv")).findFirst().orElseThrow();
        }
        Map<String, BigDecimal> reported = new HashMap<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] c = line.split(",", -1);
            reported.merge(c[2], new BigDecimal(c[7]), BigDecimal::add);
        }
        assertThat(reported.keySet()).containsExactlyInAnyOrder("acme", "university");
        for (String customer : reported.keySet()) {
            BigDecimal expected = BigDecimal.valueOf(billed.get(customer)).divide(BigDecimal.valueOf(3_600_000L), 6, RoundingMode.HALF_EVEN);
            assertThat(reported.get(customer)).as(customer).isEqualByComparingTo(expected);
        }
    }
}
