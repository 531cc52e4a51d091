package com.example.aftersales.imports;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.imports.internal.CaseCells;
import com.example.aftersales.text.Text;

/**
 * The case columns of the import ({@code receivedAt}, {@code channel}, {@code customerProvince}, ...) for other
 * spreadsheets that hold cases, such as scenario workbooks: the same names, the same conversion, the same checks,
 * each error (in both languages) by column name (a problem of no one column by its property path). {@code externalRef} is optional here.
 */
public final class CaseColumns {

    /** A cell: its text (stripped; null when blank) and, for a real date cell, its date-time. */
    public record Cell(String text, LocalDateTime date) {
    }

    /** The case (values that did not convert left empty) and what is wrong, by column name in column order. */
    public record Converted(CaseData data, Map<String, Text> errors) {
    }

    private CaseColumns() {
    }

    /** Every column's name, in the order of the import's documentation. */
    public static List<String> names() {
        return CaseCells.names();
    }

    /** Whether a case needs a value in this column. */
    public static boolean required(String name) {
        return CaseCells.required(name);
    }

    /**
     * The case of these cells, by column name (case-insensitive; a column not given is blank): converted as an import
     * row, then checked as a case sent to the API. A date cell of {@code receivedAt} is at {@code dateOffset}.
     */
    public static Converted convert(Map<String, Cell> cells, ZoneOffset dateOffset) {
        return CaseCells.convert(cells, dateOffset);
    }
}
