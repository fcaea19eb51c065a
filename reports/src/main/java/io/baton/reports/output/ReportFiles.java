package io.baton.reports.output;

import io.baton.reports.usage.LineItem;
import io.baton.reports.usage.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * FOCUS 1.2) and one {@code usage-<from>_<to>-<customer>.html} per customer. Each file is written to a temporary name and
 * moved into place only when the run publishes it, so a reader never sees half a report, nor the report
 * of a run that was not allowed to finish.
 */
public final class ReportFiles {
    private ReportFiles() { }

    /** The base name for a period (and a customer filter, or null). */
    public static String baseName(long from, long to, String customer) {
        return "usage-" + stamp(from) + "_" + stamp(to) + (customer == null || customer.isBlank() ? "" : "-" + customer);
    }

    /**
     * Writes the CSV, the JSON, the FOCUS file and the HTML pages under temporary names beside their final ones; nothing
     * is the current report until {@link Staged#publish()} moves them into place.
     */
    public static Staged stage(Path dir, long from, long to, String customer, List<LineItem> lines, List<Segment> segments) throws IOException {
        Files.createDirectories(dir);
        String base = baseName(from, to, customer);
        Staged staged = new Staged(new ArrayList<>(), new ArrayList<>());
        staged.add(dir.resolve(base + ".csv"), CsvReport.render(lines));
        staged.add(dir.resolve(base + ".json"), JsonReport.render(from, to, lines));
        staged.add(dir.resolve(base + ".focus.csv"), FocusReport.render(from, to, lines));
        Map<String, List<LineItem>> byCustomer = new TreeMap<>();
        for (LineItem l : lines) byCustomer.computeIfAbsent(l.customer(), k -> new ArrayList<>()).add(l);
        for (Map.Entry<String, List<LineItem>> c : byCustomer.entrySet()) {
            List<Segment> own = segments.stream().filter(s -> s.customer().equals(c.getKey())).toList();
            staged.add(dir.resolve(baseName(from, to, null) + "-" + safe(c.getKey()) + ".html"), HtmlReport.render(c.getKey(), from, to, c.getValue(), own));
        }
        return staged;
    }

    /**
     * Stages the same files as {@link #stage} a customer at a time ({@link ReportStager#customer}), so that only the
     * line items are held, not the segments.
     */
    public static ReportStager stager(Path dir, long from, long to, String customer) throws IOException {
        Files.createDirectories(dir);
        return new ReportStager(dir, from, to, customer);
    }

    /** Where a target is written before it is published. */
    static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    /** A report's files written under temporary names, each to be moved onto its target at once, or deleted. */
    public record Staged(List<Path> temporary, List<Path> targets) {
        private void add(Path target, String content) throws IOException {
            Path tmp = ReportFiles.temporary(target);
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            temporary.add(tmp);
            targets.add(target);
        }

        /** Moves each file into place (atomically, replacing an earlier report of the period); the paths published. */
        public List<Path> publish() {
            try {
                for (int i = 0; i < targets.size(); i++) {
                    Files.move(temporary.get(i), targets.get(i), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot publish the report files " + targets, e);
            }
            return List.copyOf(targets);
        }

        /** Deletes the files not published. */
        public void discard() {
            for (Path p : temporary) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temporary file is never read as a report
                }
            }
        }
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
