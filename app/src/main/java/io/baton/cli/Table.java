package io.baton.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table as kubectl prints one: a header, columns padded to their widest cell, the last left free. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    Table row(Object... cells) {
        if (cells.length != columns) throw new IllegalArgumentException(columns + " cells expected, got " + cells.length);
        String[] r = new String[columns];
        for (int k = 0; k < columns; k++) r[k] = cells[k] == null ? "" : String.valueOf(cells[k]);
        rows.add(r);
        return this;
    }

    /** The width of each column: its widest cell. */
    int[] widths() {
        int[] w = new int[columns];
        for (String[] r : rows) for (int k = 0; k < columns; k++) w[k] = Math.max(w[k], r[k].length());
        return w;
    }

    void print(PrintStream out) {
        int[] w = widths();
        for (String[] r : rows) out.println(line(r, w));
    }

    /** One row padded to {@code widths} (wider cells push the rest right). */
    static String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < cells.length; k++) {
            b.append(cells[k]);
            if (k < cells.length - 1) b.append(" ".repeat(Math.max(0, widths[k] - cells[k].length()) + 2));
        }
        return b.toString().stripTrailing();
    }

    /** How long ago {@code epochMillis} was, e.g. {@code 45s}, {@code 3m12s}, {@code 2h05m}, {@code 3d04h}; "-" when unknown. */
    static String age(long epochMillis, long now) {
        if (epochMillis <= 0) return "-";
        long s = Math.max(0, (now - epochMillis) / 1000);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
        if (s < 86_400) return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
        return String.format("%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }
}
