package io.baton.engine.rules;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.decisiontable.parser.csv.CsvLineParser;
import org.drools.decisiontable.parser.csv.CsvParser;
import org.drools.decisiontable.parser.xls.ExcelParser;
import org.drools.template.parser.DataListener;

/**
 * Decision tables ops keep in a spreadsheet, {@code .csv} or {@code .xlsx}, read with Drools'
 * decision-table parsers. Baton's own form has a header row and one rule per row:
 * <pre>
 * | pool | metric | above | for (s) | add |
 * | web  | cpu    | 80    | 120     | 2   |
 * </pre>
 * ("when {metric} of {pool} stays above {above} for {for} seconds, add {add} nodes"; pool {@code *}
 * is every pool). Every cell is checked before any DRL is made, so a cell that does not parse is
 * reported with its row and column. A table in Drools' own format (with a {@code RuleTable} cell) is
 * compiled by Drools' {@link SpreadsheetCompiler} as it is; it is plain DRL in effect.
 */
final class DecisionTable {
    static final List<String> COLUMNS = List.of("pool", "metric", "above", "for (s)", "add");
    private static final Pattern POOL = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9_.\\-]*");
    private static final Pattern METRIC = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final int MAX_WINDOW_S = 86_400;
    private static final int MAX_ADD = 1_000;

    private DecisionTable() { }

    /** A cell or table that does not parse, at a 1-based row and column (column 0: the whole table). */
    static final class TableError extends Exception {
        final int row;

        TableError(int row, int col, String header, String message) {
            super(col > 0 ? "row " + row + ", column " + letter(col) + (header == null ? "" : " (" + header + ")") + ": " + message : message);
            this.row = row;
        }
    }

    static boolean isTable(String name) {
        return name.endsWith(".csv") || name.endsWith(".xlsx");
    }

    /** The bytes of a table as {@link RuleCompiler#readDir} keeps them: CSV as UTF-8, XLSX one char per byte. */
    static byte[] bytes(String name, String content) {
        return content.getBytes(name.endsWith(".xlsx") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Whether the table is in Drools' own format (it holds arbitrary DRL, so sentences mode refuses it). */
    static boolean isDroolsFormat(String name, String content) throws TableError {
        for (Map<Integer, String> row : cells(name, content).values()) {
            for (String v : row.values()) if (v.strip().startsWith("RuleTable") || v.strip().equals("RuleSet")) return true;
        }
        return false;
    }

    /** The DRL of the table {@code name}. */
    static String toDrl(String name, String content) throws TableError {
        if (isDroolsFormat(name, content)) {
            try (InputStream in = new ByteArrayInputStream(bytes(name, content))) {
                return new SpreadsheetCompiler().compile(in, name.endsWith(".xlsx") ? InputType.XLS : InputType.CSV);
            } catch (Exception | LinkageError e) {
                throw new TableError(0, 0, null, "the Drools decision table does not compile: " + e.getMessage());
            }
        }
        Map<Integer, Map<Integer, String>> grid = cells(name, content);
        Integer headerRow = grid.entrySet().stream().filter(e -> e.getValue().values().stream().anyMatch(v -> !v.isBlank()))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new TableError(1, 0, null, "the table is empty: its first row names the columns "
                        + String.join(" | ", COLUMNS)));
        int[] col = header(grid.get(headerRow), headerRow + 1);
        StringBuilder drl = new StringBuilder("package rules.tables.").append(packageOf(name)).append(";\n\n")
                .append("import io.baton.engine.model.*;\n\n");
        int rules = 0;
        for (Map.Entry<Integer, Map<Integer, String>> r : grid.entrySet()) {
            if (r.getKey() <= headerRow || r.getValue().values().stream().allMatch(String::isBlank)) continue;
            int row = r.getKey() + 1;
            Map<Integer, String> cells = r.getValue();
            String pool = text(cells, col, 0, row, POOL, "a pool name, or * for every pool");
            String metric = text(cells, col, 1, row, METRIC, "a metric name such as cpu");
            double above = number(cells, col, 2, row);
            int secs = whole(cells, col, 3, row, 1, MAX_WINDOW_S, "a whole number of seconds");
            int add = whole(cells, col, 4, row, 1, MAX_ADD, "a whole number of nodes");
            String value = above == Math.rint(above) ? String.valueOf((long) above) : String.valueOf(above);
            String ruleName = (pool.equals("*") ? "Every pool" : "Pool " + pool) + ": " + metric + " above " + value + " for " + secs
                    + " seconds adds " + add + (add == 1 ? " node" : " nodes") + " (" + name + " row " + row + ")";
            drl.append("rule \"").append(ruleName).append("\"\nwhen\n    $pool : Pool(")
                    .append(pool.equals("*") ? "" : "name == \"" + pool + "\"").append(")\n")
                    .append("    $load : PoolMetric(pool == $pool.name, metric == \"").append(metric).append("\", covers(").append(secs)
                    .append("), minOver(").append(secs).append(") > ").append(value).append(")\nthen\n")
                    .append("    insert(Decision.scaleOut(kcontext, $pool.getName(), ").append(add).append("));\nend\n\n");
            rules++;
        }
        if (rules == 0) throw new TableError(headerRow + 2, 0, null, "the table has no rows below its header");
        return drl.toString();
    }

    /** The 0-based positions of the columns, from the header row. */
    private static int[] header(Map<Integer, String> cells, int row) throws TableError {
        int[] col = new int[COLUMNS.size()];
        java.util.Arrays.fill(col, -1);
        for (Map.Entry<Integer, String> c : cells.entrySet()) {
            String h = c.getValue().strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (h.isEmpty()) continue;
            int i = COLUMNS.indexOf(h);
            if (i < 0) throw new TableError(row, c.getKey() + 1, null, "unknown column '" + c.getValue().strip() + "': the columns are " + String.join(" | ", COLUMNS));
            if (col[i] >= 0) throw new TableError(row, c.getKey() + 1, null, "column '" + h + "' appears twice");
            col[i] = c.getKey();
        }
        for (int i = 0; i < col.length; i++) {
            if (col[i] < 0) throw new TableError(row, 0, null, "row " + row + ": the header has no column '" + COLUMNS.get(i) + "' (the columns are "
                    + String.join(" | ", COLUMNS) + ")");
        }
        return col;
    }

    private static String cell(Map<Integer, String> cells, int col) {
        return cells.getOrDefault(col, "").strip();
    }

    private static String text(Map<Integer, String> cells, int[] cols, int i, int row, Pattern p, String what) throws TableError {
        String v = cell(cells, cols[i]);
        if (!p.matcher(v).matches()) throw new TableError(row, cols[i] + 1, COLUMNS.get(i), "'" + v + "' does not parse: " + what);
        return v;
    }

    private static double number(Map<Integer, String> cells, int[] cols, int i, int row) throws TableError {
        String v = cell(cells, cols[i]);
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && v.matches("-?[0-9]+(\\.[0-9]+)?")) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new TableError(row, cols[i] + 1, COLUMNS.get(i), "'" + v + "' does not parse: a number such as 80 or 72.5");
    }

    private static int whole(Map<Integer, String> cells, int[] cols, int i, int row, int min, int max, String what) throws TableError {
        String v = cell(cells, cols[i]);
        String digits = v.replaceFirst("^([0-9]+)\\.0+$", "$1"); // a workbook's numeric cell reads as 120.0
        if (digits.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(digits);
            if (n >= min && n <= max) return n;
        }
        throw new TableError(row, cols[i] + 1, COLUMNS.get(i), "'" + v + "' does not parse: " + what + " from " + min + " to " + max);
    }

    /** The non-empty cells of the table's first sheet, by 0-based row and column. */
    private static Map<Integer, Map<Integer, String>> cells(String name, String content) throws TableError {
        Map<Integer, Map<Integer, String>> grid = new TreeMap<>();
        DataListener listener = new DataListener() {
            @Override public void startSheet(String sheet) { }
            @Override public void finishSheet() { }
            @Override public void newRow(int row, int cols) { }
            @Override public void newCell(int row, int col, String value, int merged) {
                if (value != null) grid.computeIfAbsent(row, r -> new TreeMap<>()).put(col, value);
            }
        };
        try (InputStream in = new ByteArrayInputStream(bytes(name, content))) {
            if (name.endsWith(".xlsx")) new ExcelParser(listener).parseFile(in);
            else new CsvParser(listener, new CsvLineParser()).parseFile(in);
        } catch (Exception | LinkageError e) {
            throw new TableError(1, 0, null, "the table cannot be read as " + (name.endsWith(".xlsx") ? "an .xlsx workbook" : "CSV") + ": " + e.getMessage());
        }
        return grid;
    }

    private static String packageOf(String name) {
        String p = name.replaceAll("\\.(csv|xlsx)$", "").replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
        return Character.isDigit(p.charAt(0)) ? "t" + p : p;
    }

    private static String letter(int col) {
        StringBuilder s = new StringBuilder();
        for (int c = col; c > 0; c = (c - 1) / 26) s.insert(0, (char) ('A' + (c - 1) % 26));
        return s.toString();
    }
}
