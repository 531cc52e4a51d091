package com.example.aftersales.console.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiPredicate;

import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.TableContent;
import com.example.aftersales.rulesets.Scenarios;


/**
 * The differences between two versions' rule files, side by side: for workbooks, rows added, removed and changed
 * (rows are matched by their first cell, the rule name, so an inserted row does not make every later row "changed"),
 * with the changed cells marked; for DRL files, lines added and removed; for scenario workbooks, the lines of their
 * rows' scenarios.
 */
public final class TableDiff {

    /** Rows or lines beyond this are not compared (the shipped tables have a few dozen). */
    static final int MAX_ROWS = 5000;

    public enum Kind { SAME, ADDED, REMOVED, CHANGED }

    public record FileDiff(String name, Kind kind, List<SheetDiff> sheets, List<LineDiff> lines) {
        boolean workbook() {
            return RuleFiles.isWorkbook(name);
        }

        public long changes() {
            return sheets.stream().mapToLong(s -> s.rows().stream().filter(r -> r.kind() != Kind.SAME && !r.blank()).count()).sum()
                    + lines.stream().filter(l -> l.kind() != Kind.SAME).count();
        }
    }

    public record SheetDiff(String sheet, Kind kind, List<String> columns, List<RowDiff> rows) {
    }

    /** A row on both sides (SAME or CHANGED), on the left only (REMOVED) or the right only (ADDED); rows as Excel numbers them. */
    public record RowDiff(Kind kind, Integer leftRow, Integer rightRow, List<CellDiff> cells) {
        /** A row with no value on either side (the rows above a table, kept so that numbers match Excel's). */
        public boolean blank() {
            return cells.stream().allMatch(c -> (c.left() == null || c.left().isEmpty()) && (c.right() == null || c.right().isEmpty()));
        }
    }

    public record CellDiff(String left, String right) {
        public boolean changed() {
            return !Objects.equals(left, right);
        }
    }

    public record LineDiff(Kind kind, Integer leftLine, Integer rightLine, String text) {
    }

    private TableDiff() {
    }

    /**
     * The files of two versions compared. A workbook is compared as its table, read the way the rules read it (values,
     * not formats; the table wherever it starts): a re-save that changes no value is no change.
     */
    static List<FileDiff> between(RuleFiles leftFiles, RuleFiles rightFiles) {
        return between(leftFiles, rightFiles, null);
    }

    /** The same, amounts shown in the locale's language (¥20,000 / CNY 20,000); plain for no locale. */
    static List<FileDiff> between(RuleFiles leftFiles, RuleFiles rightFiles, java.util.Locale locale) {
        Map<String, byte[]> left = leftFiles.files();
        Map<String, byte[]> right = rightFiles.files();
        TreeSet<String> names = new TreeSet<>(left.keySet());
        names.addAll(right.keySet());
        List<FileDiff> diffs = new ArrayList<>();
        for (String name : names) {
            byte[] l = left.get(name);
            byte[] r = right.get(name);
            Kind kind = l == null ? Kind.ADDED : r == null ? Kind.REMOVED : Arrays.equals(l, r) ? Kind.SAME : Kind.CHANGED;
            if (RuleFiles.isWorkbook(name)) {
                TableContent a = l == null ? null : TableContent.of(leftFiles, name, rightFiles, locale);
                TableContent b = r == null ? null : TableContent.of(rightFiles, name, leftFiles, locale);
                List<SheetDiff> sheets = sheets(rows(a), rows(b), (a != null ? a : b).headers());
                if (kind == Kind.CHANGED && sheets.stream().allMatch(sh -> sh.kind() == Kind.SAME)) {
                    kind = Kind.SAME; // saved again, no value changed
                }
                diffs.add(new FileDiff(name, kind, sheets, List.of()));
            } else if (RuleFiles.isScenarioWorkbook(name)) {
                List<String> a = scenarios(name, l);
                List<String> b = scenarios(name, r);
                diffs.add(new FileDiff(name, kind == Kind.CHANGED && a.equals(b) ? Kind.SAME : kind, List.of(), lines(a, b)));
            } else {
                diffs.add(new FileDiff(name, kind, List.of(), lines(text(l), text(r))));
            }
        }
        return diffs;
    }

    private static List<SheetDiff> sheets(Map<String, List<List<String>>> left, Map<String, List<List<String>>> right,
                                          List<String> headers) {
        List<String> names = new ArrayList<>(left.keySet());
        right.keySet().stream().filter(n -> !left.containsKey(n)).forEach(names::add);
        List<SheetDiff> sheets = new ArrayList<>();
        for (String name : names) {
            List<List<String>> l = left.getOrDefault(name, List.of());
            List<List<String>> r = right.getOrDefault(name, List.of());
            List<RowDiff> rows = new ArrayList<>();
            int width = 0;
            for (List<String> row : l) width = Math.max(width, row.size());
            for (List<String> row : r) width = Math.max(width, row.size());
            int w = width;
            align(keys(l), keys(r), String::equals, (i, j) -> {
                List<String> a = i == null ? null : l.get(i);
                List<String> b = j == null ? null : r.get(j);
                List<CellDiff> cells = new ArrayList<>();
                for (int c = 0; c < w; c++) {
                    cells.add(new CellDiff(a == null ? null : cell(a, c), b == null ? null : cell(b, c)));
                }
                Kind kind = a == null ? Kind.ADDED : b == null ? Kind.REMOVED
                        : cells.stream().anyMatch(CellDiff::changed) ? Kind.CHANGED : Kind.SAME;
                rows.add(new RowDiff(kind, i == null ? null : i + 1, j == null ? null : j + 1, cells));
            });
            List<String> columns = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                columns.add(c < headers.size() ? headers.get(c) : "");
            }
            Kind kind = !left.containsKey(name) ? Kind.ADDED : !right.containsKey(name) ? Kind.REMOVED
                    : rows.stream().allMatch(row -> row.kind() == Kind.SAME || row.blank()) ? Kind.SAME : Kind.CHANGED;
            sheets.add(new SheetDiff(name, kind, columns, rows));
        }
        return sheets;
    }

    /**
     * Each row's identity: its rule name (first cell) when that is unique in the sheet, so a row whose values changed
     * is "changed"; otherwise its whole content, so such rows match only when equal.
     */
    private static List<String> keys(List<List<String>> sheet) {
        Map<String, Long> firsts = new java.util.HashMap<>();
        sheet.forEach(row -> firsts.merge(cell(row, 0), 1L, Long::sum));
        return sheet.stream().map(row -> {
            String first = cell(row, 0);
            return !first.isBlank() && firsts.get(first) == 1 ? "name:" + first : "row:" + String.join("\u0001", row);
        }).toList();
    }

    private static String cell(List<String> row, int column) {
        return column < row.size() ? row.get(column) : "";
    }

    private static List<LineDiff> lines(List<String> left, List<String> right) {
        List<LineDiff> lines = new ArrayList<>();
        align(left, right, String::equals, (i, j) -> {
            Kind kind = i == null ? Kind.ADDED : j == null ? Kind.REMOVED : Kind.SAME;
            lines.add(new LineDiff(kind, i == null ? null : i + 1, j == null ? null : j + 1,
                    i == null ? right.get(j) : left.get(i)));
        });
        return lines;
    }

    /** Walks two sequences along their longest common subsequence: (i, j) for a match, (i, null) removed, (null, j) added. */
    private static <T> void align(List<T> left, List<T> right, BiPredicate<T, T> same,
                                  java.util.function.BiConsumer<Integer, Integer> visit) {
        int n = Math.min(left.size(), MAX_ROWS);
        int m = Math.min(right.size(), MAX_ROWS);
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = same.test(left.get(i), right.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (same.test(left.get(i), right.get(j))) {
                visit.accept(i++, j++);
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                visit.accept(i++, null);
            } else {
                visit.accept(null, j++);
            }
        }
        while (i < n) visit.accept(i++, null);
        while (j < m) visit.accept(null, j++);
    }

    /**
     * A table's rows keyed by its sheet, each at its own row number (empty rows in between, so that numbers match what
     * Excel shows); a workbook that cannot be read as its table shows why, in one cell.
     */
    private static Map<String, List<List<String>>> rows(TableContent table) {
        Map<String, List<List<String>>> sheets = new LinkedHashMap<>();
        if (table == null) {
            return sheets;
        }
        if (table.problem() != null) {
            sheets.put(table.sheet(), List.of(List.of(table.problem())));
            return sheets;
        }
        List<List<String>> rows = new ArrayList<>();
        for (TableContent.Row row : table.rows()) {
            while (rows.size() < row.row() - 1) rows.add(List.of());
            rows.add(row.cells());
        }
        sheets.put(table.sheet(), rows);
        return sheets;
    }

    /** A scenario workbook's rows as scenario files, one after the other: what they check, not how they are saved. */
    private static List<String> scenarios(String name, byte[] content) {
        List<String> lines = new ArrayList<>();
        if (content != null) {
            Scenarios.ofWorkbook(name, content).forEach((scenario, yaml) -> {
                lines.add("# " + scenario);
                lines.addAll(text(yaml));
            });
        }
        return lines;
    }

    private static List<String> text(byte[] content) {
        return content == null ? List.of() : new String(content, StandardCharsets.UTF_8).lines().toList();
    }

}
