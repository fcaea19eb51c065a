package io.baton.reports.output;

import io.baton.reports.usage.LineItem;
import io.baton.reports.usage.Segment;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stages a report's files as its customers come, in any order: each customer's HTML page at once (from its own
 * segments, which can then be dropped), and at {@link #finish()} the CSV, JSON and FOCUS files with every line item in
 * customer order. The bytes and the file list are those of {@link ReportFiles#stage} over the same line items and
 * segments. Call {@link #discard()} when the run fails before it publishes.
 */
public final class ReportStager {
    private final Path dir;
    private final long from;
    private final long to;
    private final String base;
    private final Map<String, List<LineItem>> lines = new TreeMap<>();
    private final Map<String, Path> pages = new TreeMap<>();
    private final List<Path> written = new ArrayList<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    ReportStager(Path dir, long from, long to, String customer) {
        this.dir = dir;
        this.from = from;
        this.to = to;
        this.base = ReportFiles.baseName(from, to, customer);
    }

    /** One customer's line items (in {@link io.baton.reports.usage.UsageSummary} order) and its billable segments. */
    public void customer(String customer, List<LineItem> items, List<Segment> segments) throws IOException {
        if (!seen.add(customer)) throw new IllegalStateException("customer '" + customer + "' staged twice");
        if (items.isEmpty()) return;
        lines.put(customer, List.copyOf(items));
        Path page = dir.resolve(ReportFiles.baseName(from, to, null) + "-" + ReportFiles.safe(customer) + ".html");
        write(page, out -> out.append(HtmlReport.render(customer, from, to, items, segments)));
        pages.put(customer, page);
    }

    /** Writes the CSV, the JSON and the FOCUS file; what {@link ReportFiles#stage} would have staged. */
    public ReportFiles.Staged finish() throws IOException {
        Iterable<LineItem> all = () -> lines.values().stream().flatMap(Collection::stream).iterator();
        Path csv = dir.resolve(base + ".csv");
        Path json = dir.resolve(base + ".json");
        Path focus = dir.resolve(base + ".focus.csv");
        write(csv, out -> CsvReport.write(out, all));
        write(json, out -> JsonReport.write(out, from, to, all));
        write(focus, out -> FocusReport.write(out, from, to, all));
        List<Path> targets = new ArrayList<>(List.of(csv, json, focus));
        targets.addAll(pages.values());
        List<Path> temporary = new ArrayList<>();
        for (Path t : targets) temporary.add(ReportFiles.temporary(t));
        return new ReportFiles.Staged(temporary, targets);
    }

    /** The number of line items staged. */
    public long lineItems() {
        long n = 0;
        for (List<LineItem> l : lines.values()) n += l.size();
        return n;
    }

    /** Deletes what was staged. */
    public void discard() {
        new ReportFiles.Staged(written, List.of()).discard();
    }

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private void write(Path target, Body body) throws IOException {
        Path tmp = ReportFiles.temporary(target);
        written.add(tmp);
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            body.write(out);
        }
    }
}
