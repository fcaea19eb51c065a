package io.baton.reports.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.reports.usage.LineItem;
import io.baton.reports.usage.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging a customer at a time, in any order, gives the files and bytes of staging the whole report at once. */
class ReportStagerTest {
    static final long HOUR = 3_600_000L;
    static final long DAY1 = FocusReportTest.DAY1;

    @TempDir Path dir;

    static Segment segment(String customer, String node, long start, long end) {
        return new Segment(customer, "shop", "nginx:1.27", "web-" + customer, node, 2, DAY1, start, end);
    }

    @Test
    void aCustomerAtATimeGivesTheSameFilesAsTheWholeReport() throws IOException {
        List<LineItem> acme = FocusReportTest.LINES.subList(0, 2);
        List<LineItem> uni = FocusReportTest.LINES.subList(2, 3);
        List<Segment> acmeSegments = List.of(segment("acme", "a", DAY1 + 6 * HOUR, DAY1 + 9 * HOUR), segment("acme", "b", DAY1 + 7 * HOUR, DAY1 + 8 * HOUR));
        List<Segment> uniSegments = List.of(segment("uni", "u", DAY1 + 10 * HOUR, DAY1 + 12 * HOUR));
        List<Segment> all = new ArrayList<>(acmeSegments);
        all.addAll(uniSegments);

        ReportFiles.Staged whole = ReportFiles.stage(dir.resolve("whole"), FocusReportTest.FROM, FocusReportTest.TO, "", FocusReportTest.LINES, all);
        List<Path> wholeFiles = whole.publish();
        ReportStager stager = ReportFiles.stager(dir.resolve("parts"), FocusReportTest.FROM, FocusReportTest.TO, "");
        stager.customer("uni", uni, uniSegments);     // out of customer order, as a database's collation may hand them over
        stager.customer("acme", acme, acmeSegments);
        stager.customer("nobody", List.of(), List.of());
        List<Path> partFiles = stager.finish().publish();

        assertThat(stager.lineItems()).isEqualTo(3);
        assertThat(partFiles).extracting(p -> p.getFileName().toString())
                .containsExactlyElementsOf(wholeFiles.stream().map(p -> p.getFileName().toString()).toList())
                .hasSize(5); // CSV, JSON, FOCUS, a page per customer with line items
        for (int i = 0; i < wholeFiles.size(); i++) {
            assertThat(Files.readString(partFiles.get(i))).as(partFiles.get(i).getFileName().toString()).isEqualTo(Files.readString(wholeFiles.get(i)));
        }
        try (var left = Files.list(dir.resolve("parts"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void discardLeavesNothingBehind() throws IOException {
        ReportStager stager = ReportFiles.stager(dir, FocusReportTest.FROM, FocusReportTest.TO, "acme");
        stager.customer("acme", FocusReportTest.LINES.subList(0, 2), List.of(segment("acme", "a", DAY1 + 6 * HOUR, DAY1 + 9 * HOUR)));
        stager.finish();
        stager.discard();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
