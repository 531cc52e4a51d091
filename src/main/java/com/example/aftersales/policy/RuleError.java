package com.example.aftersales.policy;

/**
 * A problem in a rule file, located as precisely as the file allows: a spreadsheet by sheet, row and column
 * (as Excel shows them), a DRL file by line. Fields that do not apply are null.
 */
public record RuleError(String file, String sheet, Integer row, String column, Integer line, String message) {

    public static RuleError inCell(String file, String sheet, int row, String column, String message) {
        return new RuleError(file, sheet, row, column, null, message);
    }

    public static RuleError inFile(String file, Integer line, String message) {
        return new RuleError(file, null, null, null, line, message);
    }

    /** For example {@code decision-tables/approval-authority.xlsx, sheet Authority, row 13, column C: ...}. */
    @Override
    public String toString() {
        StringBuilder where = new StringBuilder(file);
        if (sheet != null) where.append(", sheet ").append(sheet);
        if (row != null) where.append(", row ").append(row);
        if (column != null) where.append(", column ").append(column);
        if (line != null) where.append(", line ").append(line);
        return where + ": " + message;
    }
}
