package io.baton.reports.output;

import io.baton.reports.usage.LineItem;
import io.baton.reports.usage.Segment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a report's files, named by period: {@code usage-<from>_<to>[-<customer>].csv/.json/.focus.csv} (FinOps
 * FOCUS 1.2) and one
 * {@code usage-<from>_<to>-<customer>.html} per customer. Each file is written to a temporary name and
 * moved into place, so a reader never sees half a report.
 */
public final class ReportFiles {
    private ReportFiles() { }

    /** The base name for a period (and a customer filter, or null). */
    public static String baseName(long from, long to, String customer) {
        return "usage-" + stamp(from) + "_" + stamp(to) + (customer == null || customer.isBlank() ? "" : "-" + customer);
    }

    /** Writes the CSV, the JSON and the HTML pages; returns the paths written. */
    public static List<Path> write(Path dir, long from, long to, String customer, List<LineItem> lines, List<Segment> segments) throws IOException {
        Files.createDirectories(dir);
        String base = baseName(from, to, customer);
        List<Path> out = new ArrayList<>();
        out.add(atomically(dir.resolve(base + ".csv"), CsvReport.render(lines)));
        out.add(atomically(dir.resolve(base + ".json"), JsonReport.render(from, to, lines)));
        out.add(atomically(dir.resolve(base + ".focus.csv"), FocusReport.render(from, to, lines)));
        Map<String, List<LineItem>> byCustomer = new TreeMap<>();
        for (LineItem l : lines) byCustomer.computeIfAbsent(l.customer(), k -> new ArrayList<>()).add(l);
        for (Map.Entry<String, List<LineItem>> c : byCustomer.entrySet()) {
            List<Segment> own = segments.stream().filter(s -> s.customer().equals(c.getKey())).toList();
            out.add(atomically(dir.resolve(baseName(from, to, null) + "-" + safe(c.getKey()) + ".html"),
                    HtmlReport.render(c.getKey(), from, to, c.getValue(), own)));
        }
        return out;
    }

    private static Path atomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    static String stamp(long t) {
        return Instant.ofEpochMilli(t).toString().replace(":", "").replace("-", "").replace(".000", "");
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String day(long t) {
        return Instant.ofEpochMilli(t).toString().substring(0, 10);
    }
}
