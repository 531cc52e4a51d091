package com.example.aftersales.imports.internal;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.example.aftersales.imports.CaseColumns.Cell;
import com.example.aftersales.imports.CaseColumns.Converted;
import com.example.aftersales.imports.internal.CaseRows.Column;
import com.example.aftersales.imports.internal.SheetReader.Row;
import com.example.aftersales.text.Text;

/** What {@link com.example.aftersales.imports.CaseColumns} publishes, done as the import does it. */
public final class CaseCells {

    private CaseCells() {
    }

    /** Every column's name, in the order of the import's documentation. */
    public static List<String> names() {
        return Arrays.stream(Column.values()).map(c -> c.header).toList();
    }

    /** Whether a case needs a value in this column. */
    public static boolean required(String name) {
        Column column = column(name);
        return column.required && column != Column.EXTERNAL_REF;
    }

    /**
     * The case of these cells, by column name (case-insensitive; a column not given is blank): converted as an import
     * row, then checked as a case sent to the API. A date cell of {@code receivedAt} is at {@code dateOffset}.
     */
    public static Converted convert(Map<String, Cell> cells, ZoneOffset dateOffset) {
        List<SheetReader.Cell> row = new ArrayList<>();
        for (Column ignored : Column.values()) {
            row.add(SheetReader.Cell.EMPTY);
        }
        cells.forEach((name, cell) -> {
            if (cell != null && cell.text() != null && !cell.text().isBlank()) {
                row.set(column(name).ordinal(), new SheetReader.Cell(cell.text().strip(), cell.date()));
            }
        });
        CaseRows.Converted converted = CaseRows.allColumns(dateOffset).convert(new Row(0, row));
        Map<Column, Text> errors = new TreeMap<>(converted.errors());
        Map<String, Text> other = new TreeMap<>();
        for (CaseChecks.Violation violation : CaseChecks.validate(converted.data())) {
            String path = violation.path();
            Column column = Column.ofPath(path);
            if (column == null) {
                other.putIfAbsent(path.isEmpty() ? "case" : path, violation.message());
            } else {
                errors.putIfAbsent(column, violation.message());
            }
        }
        Map<String, Text> byName = new LinkedHashMap<>();
        errors.forEach((column, message) -> byName.put(column.header, message));
        byName.putAll(other);
        return new Converted(converted.data(), byName);
    }

    private static Column column(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(Column.values()).filter(c -> c.header.toLowerCase(Locale.ROOT).equals(lower)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a case column: " + name));
    }
}
