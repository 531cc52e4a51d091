package com.example.aftersales.policy.tables;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleInfo;
import com.example.aftersales.policy.tables.TableDefinition.Band;
import com.example.aftersales.policy.tables.TableDefinition.Column;
import com.example.aftersales.policy.tables.TableDefinition.Type;
import com.example.aftersales.policy.tables.WorkbookReader.Table;
import com.example.aftersales.policy.tables.WorkbookReader.TableRow;
import com.example.aftersales.text.Text;

/**
 * A table's rows bound into its rule author's template: one rule per row, the row's typed values rendered as literals
 * ({@link Values#literal}), lines naming a blank optional cell left out (a blank cell matches any value, as in a
 * decision table). The rule is named by an id the compiler makes (never the row's text); the row's name, source,
 * clause and reason are kept beside it, for decisions and audits to show.
 *
 * @param drl       the rules' source
 * @param rules     rule id to the row it was made from
 * @param lineToRow line of {@code drl} (1-based) to the row it came from
 */
public record TableRules(String drl, Map<String, RuleInfo> rules, TreeMap<Integer, Integer> lineToRow) {

    private static final String HEADER = "package aftersales.policy;\n\nimport com.example.aftersales.policy.facts.*;\n\n";
    private static final Pattern DANGLING_COMMA = Pattern.compile(",(\\s*\\))");
    private static final Pattern FIGURE = Pattern.compile("(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d+))?\\s*(万)?");

    /**
     * Checks the rows (unique names, no two rows with the same conditions, bands without gap or overlap, names that
     * state no figure other than their row's) and binds them; problems go to {@code errors} by cell.
     *
     * @param prefix makes rule ids unique in the ruleset (a counter, never a file name)
     */
    public static TableRules bind(String prefix, String definitionFile, TableDefinition definition, Table table, List<RuleError> errors) {
        check(definition, table, errors);
        StringBuilder drl = new StringBuilder(HEADER);
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        TreeMap<Integer, Integer> lineToRow = new TreeMap<>();
        Map<String, Column> columns = definition.columnsByName();
        for (TableRow row : table.rows()) {
            String id = prefix + "_row" + row.row();
            lineToRow.put(lines(drl) + 1, row.row());
            drl.append("// ").append(definitionFile).append(" for row ").append(row.row()).append('\n');
            StringBuilder rule = new StringBuilder();
            for (String line : definition.rule().split("\n", -1)) {
                String bound = bindLine(line, id, row, columns);
                if (bound != null) {
                    rule.append(bound).append('\n');
                }
            }
            // a constraint left out takes its separating comma with it: "a == 1,\n)" becomes "a == 1\n)"
            drl.append(DANGLING_COMMA.matcher(rule).replaceAll("$1")).append('\n');
            rules.put(id, new RuleInfo(row.name(), table.file() + "!" + table.sheet() + "!" + row.row(),
                    (String) firstOfType(row, columns, Type.CLAUSE), reason(table, row, columns, "zh", errors),
                    reason(table, row, columns, "en", errors)));
        }
        return new TableRules(drl.toString(), rules, lineToRow);
    }

    /** The line with each placeholder replaced by its literal; null when it names a blank cell (the line is left out). */
    private static String bindLine(String line, String id, TableRow row, Map<String, Column> columns) {
        Matcher m = TableDefinition.placeholder().matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String literal;
            if (name.equals(TableDefinition.RULE)) {
                literal = '"' + id + '"';
            } else {
                Object value = row.values().get(name);
                if (value == null) {
                    return null;
                }
                literal = Values.literal(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(literal));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static final Pattern FIGURE_PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    /**
     * The row's reason in a language: its TEXT column of that language (of no language, when the table has one reason
     * column), with {@code {column}} replaced by the row's own value, so that a reason never states another figure
     * than its row. A placeholder naming no column, or a blank one, is an error at the reason's cell.
     */
    private static String reason(Table table, TableRow row, Map<String, Column> columns, String lang, List<RuleError> errors) {
        Column column = columns.values().stream().filter(c -> c.type() == Type.TEXT && lang.equals(c.lang())).findFirst()
                .orElseGet(() -> columns.values().stream().filter(c -> c.type() == Type.TEXT && c.lang() == null).findFirst().orElse(null));
        String text = column == null ? null : (String) row.values().get(column.name());
        if (text == null) {
            return null;
        }
        Matcher m = FIGURE_PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Column named = columns.get(m.group(1));
            Object value = named == null || named.type() == Type.TEXT ? null : row.values().get(named.name());
            if (value == null) {
                errors.add(at(table, row, column.name(), Text.of(named == null ? "reason.placeholderUnknown" : "reason.placeholderBlank",
                        m.group(1), firstFigure(columns))));
                return text;
            }
            // an amount as people read it (¥92,050 / CNY 92,050, policy.facts.Amounts), any other figure plain
            String figure = named.type() == Type.MONEY && value instanceof BigDecimal n
                    ? ("zh".equals(lang) ? com.example.aftersales.policy.facts.Amounts.zh(n) : com.example.aftersales.policy.facts.Amounts.en(n))
                    : value instanceof BigDecimal n ? n.toPlainString() : value.toString();
            m.appendReplacement(out, Matcher.quoteReplacement(figure));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstFigure(Map<String, Column> columns) {
        return columns.values().stream().filter(c -> c.type() != Type.TEXT && c.type() != Type.NAME).map(Column::name)
                .findFirst().orElse("…");
    }

    private static Object firstOfType(TableRow row, Map<String, Column> columns, Type type) {
        return columns.values().stream().filter(c -> c.type() == type).map(c -> row.values().get(c.name()))
                .filter(v -> v != null).findFirst().orElse(null);
    }

    private static int lines(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    private static void check(TableDefinition definition, Table table, List<RuleError> errors) {
        if (table.rows().isEmpty()) {
            errors.add(RuleError.inCell(table.file(), table.sheet(), table.headerRow() + 1, "A", Text.of("table.noRows")));
        }
        Map<String, Integer> names = new HashMap<>();
        Map<List<Object>, Integer> conditions = new HashMap<>();
        List<Column> conditionColumns = definition.columns().stream().filter(c -> Boolean.TRUE.equals(c.condition())).toList();
        for (TableRow row : table.rows()) {
            String name = row.name();
            if (name != null) {
                Integer earlier = names.putIfAbsent(name, row.row());
                if (earlier != null) {
                    errors.add(at(table, row, TableDefinition.RULE, Text.of("row.nameUsed", name, earlier)));
                }
                checkFigures(definition, table, row, errors);
            }
            if (!conditionColumns.isEmpty()) {
                List<Object> key = conditionColumns.stream().map(c -> (Object) String.valueOf(row.values().get(c.name()))).toList();
                Integer earlier = conditions.putIfAbsent(key, row.row());
                if (earlier != null) {
                    errors.add(at(table, row, conditionColumns.get(0).name(), Text.of("row.sameConditions", earlier)));
                }
            }
        }
        for (Band band : definition.bands()) {
            checkBands(definition, table, band, errors);
        }
    }

    /**
     * A name that states a figure ("… 20,000 CNY", "3 defects in 180 days", "2万元") must state one of its row's: after
     * an edit of the value, a name that still says the old figure would contradict every decision it makes.
     */
    private static void checkFigures(TableDefinition definition, Table table, TableRow row, List<RuleError> errors) {
        List<BigDecimal> figures = new ArrayList<>();
        for (Column c : definition.columns()) {
            if (row.values().get(c.name()) instanceof BigDecimal n) figures.add(n);
        }
        Matcher m = FIGURE.matcher(row.name());
        while (m.find()) {
            if (m.start() > 0 && Character.isLetter(row.name().charAt(m.start() - 1)) && row.name().charAt(m.start() - 1) < 128) {
                continue; // part of a code such as P15 or B2026
            }
            BigDecimal figure = new BigDecimal(m.group(1).replace(",", "") + (m.group(2) == null ? "" : "." + m.group(2)));
            if (m.group(3) != null) figure = figure.multiply(BigDecimal.valueOf(10_000));
            BigDecimal f = figure;
            if (figures.stream().noneMatch(v -> v.compareTo(f) == 0)) {
                errors.add(at(table, row, TableDefinition.RULE, Text.of("name.figure", m.group().trim(), figures)));
            }
        }
    }

    private static void checkBands(TableDefinition definition, Table table, Band band, List<RuleError> errors) {
        record Cut(TableRow row, BigDecimal above, BigDecimal upTo) {
        }
        Map<List<Object>, List<Cut>> groups = new LinkedHashMap<>();
        for (TableRow row : table.rows()) {
            List<Object> others = definition.columns().stream()
                    .filter(c -> Boolean.TRUE.equals(c.condition()) && !c.name().equals(band.above()) && !c.name().equals(band.upTo()))
                    .map(c -> (Object) String.valueOf(row.values().get(c.name()))).toList();
            groups.computeIfAbsent(others, k -> new ArrayList<>()).add(new Cut(row,
                    (BigDecimal) row.values().get(band.above()), (BigDecimal) row.values().get(band.upTo())));
        }
        String field = band.field();
        for (List<Cut> cuts : groups.values()) {
            cuts.sort(java.util.Comparator.comparing(Cut::above, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
            for (int i = 0; i < cuts.size(); i++) {
                Cut cut = cuts.get(i);
                if (cut.above() != null && cut.upTo() != null && cut.upTo().compareTo(cut.above()) <= 0) {
                    errors.add(at(table, cut.row(), band.upTo(), Text.of("band.empty", field, cut.upTo(), cut.above())));
                    continue;
                }
                if (i == 0 && cut.above() != null) {
                    errors.add(at(table, cut.row(), band.above(), Text.of("band.lowest", field, cut.above())));
                }
                if (i + 1 < cuts.size()) {
                    Cut next = cuts.get(i + 1);
                    int cmp = cut.upTo() == null ? 1 : next.above() == null ? -1 : cut.upTo().compareTo(next.above());
                    if (cmp < 0) {
                        errors.add(at(table, next.row(), band.above(),
                                Text.of("band.gap", field, cut.upTo(), next.above(), cut.row().row())));
                    } else if (cmp > 0) {
                        errors.add(at(table, next.row(), band.above(), Text.of("band.overlap", field, cut.row().row())));
                    }
                } else if (cut.upTo() != null) {
                    errors.add(at(table, cut.row(), band.upTo(), Text.of("band.highest", field, cut.upTo())));
                }
            }
        }
    }

    private static RuleError at(Table table, TableRow row, String column, Text message) {
        return RuleError.inCell(table.file(), table.sheet(), row.row(), row.cells().get(column), message);
    }
}
