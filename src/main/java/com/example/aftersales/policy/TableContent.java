package com.example.aftersales.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.example.aftersales.policy.tables.TableDefinition;
import com.example.aftersales.policy.tables.WorkbookReader;

/**
 * A decision table's rows as people read them: each column's header and each row's values as text, read the way the
 * rules read the workbook (values, not formats) and within the same bounds. For showing and comparing versions.
 *
 * @param sheet   the sheet the table is on
 * @param headers each column's headers (Chinese / English)
 * @param rows    the rows, in order
 * @param problem why the workbook cannot be read as its table; null when it can
 */
public record TableContent(String sheet, List<String> headers, List<Row> rows, String problem) {

    /** A row at its number as the spreadsheet shows it. */
    public record Row(int row, List<String> cells) {
    }

    /** The table of a workbook of these files, read with its definition (from these files, else from {@code fallback}). */
    public static TableContent of(RuleFiles files, String workbook, RuleFiles fallback) {
        return of(files, workbook, fallback, null);
    }

    /**
     * The same, amounts as people read them in the locale's language ({@code ¥20,000} / {@code CNY 20,000},
     * policy.facts.Amounts); plain ({@code 20000}) for no locale.
     */
    public static TableContent of(RuleFiles files, String workbook, RuleFiles fallback, java.util.Locale locale) {
        TableDefinition own = definition(files, workbook);
        TableDefinition definition = own == null && fallback != null ? definition(fallback, workbook) : own;
        if (definition == null) {
            return new TableContent("?", List.of(), List.of(), "no table definition for this workbook");
        }
        List<RuleError> errors = new ArrayList<>();
        WorkbookReader.Table table = WorkbookReader.read(workbook, files.files().get(workbook), definition,
                WorkbookReader.Limits.DEFAULT, errors);
        List<String> headers = definition.columns().stream().map(c -> String.join(" / ", c.header())).toList();
        if (table == null) {
            return new TableContent("?", headers, List.of(), errors.isEmpty() ? "cannot be read" : errors.get(0).toString());
        }
        List<Row> rows = table.rows().stream().map(r -> new Row(r.row(),
                definition.columns().stream().map(c -> display(c, r.values().get(c.name()), locale)).toList())).toList();
        return new TableContent(table.sheet(), headers, rows, null);
    }

    private static TableDefinition definition(RuleFiles files, String workbook) {
        String name = files.definitionFor(workbook);
        return name == null ? null : TableDefinition.read(name, files.files().get(name), new ArrayList<>());
    }

    private static String display(TableDefinition.Column column, Object value, java.util.Locale locale) {
        if (value == null) return "";
        if (locale != null && column.type() == TableDefinition.Type.MONEY && value instanceof BigDecimal n) {
            return com.example.aftersales.policy.facts.Amounts.in(n, locale);
        }
        if (value instanceof BigDecimal n) return n.toPlainString();
        if (value instanceof Boolean b) return b ? "TRUE" : "FALSE";
        return value.toString();
    }
}
