package com.example.aftersales.policy;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Workbook;

import com.example.aftersales.policy.tables.WorkbookReader;
import com.example.aftersales.text.Text;

/**
 * A workbook of data other than a decision table (a scenario workbook), opened within the decision tables' bounds and
 * read the same way: values, never formats; a formula's computed value; header cells in Chinese, English or both.
 */
public final class DataWorkbook {

    /** The most data rows a workbook may hold. */
    public static final int MAX_ROWS = WorkbookReader.Limits.DEFAULT.maxRows();

    private DataWorkbook() {
    }

    /** The workbook (the caller closes it), or null with what is wrong added to {@code errors}; {@code what}: "scenario workbook". */
    public static Workbook open(String file, byte[] bytes, Text what, List<RuleError> errors) {
        return WorkbookReader.open(file, bytes, WorkbookReader.Limits.DEFAULT, what, what, errors);
    }

    /**
     * The cell's value: {@code String}, {@code BigDecimal}, {@code Boolean}, or a {@code LocalDateTime} for a number
     * shown as a date; null when blank. A formula that cannot be computed adds an error at its cell and answers null.
     */
    public static Object value(Cell cell, FormulaEvaluator evaluator, String file, List<RuleError> errors) {
        Object value = WorkbookReader.value(cell, evaluator, file, errors);
        if (value instanceof BigDecimal number && isDate(cell)) {
            return DateUtil.getLocalDateTime(number.doubleValue(), false, true).truncatedTo(ChronoUnit.SECONDS);
        }
        return value;
    }

    private static boolean isDate(Cell cell) {
        try {
            return (cell.getCellType() == CellType.NUMERIC || cell.getCellType() == CellType.FORMULA)
                    && DateUtil.isCellDateFormatted(cell);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether a header cell's text, or a part of it between '/', '|' or line breaks, is one of these headers. */
    public static boolean names(String text, Collection<String> headers) {
        return WorkbookReader.names(text, headers);
    }
}
