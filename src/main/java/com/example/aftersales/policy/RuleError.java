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

    /**
     * An error at a rule's source as {@link CompiledRuleset#sourceOf} gives it: {@code decision-tables/x.xlsx!Sheet!10}
     * or {@code rules/y.drl:12}.
     */
    public static RuleError atSource(String source, String message) {
        String[] cell = source.split("!");
        if (cell.length == 3) {
            return new RuleError(cell[0], cell[1], Integer.valueOf(cell[2]), null, null, message);
        }
        int colon = source.lastIndexOf(':');
        return colon < 0 ? inFile(source, null, message)
                : inFile(source.substring(0, colon), Integer.valueOf(source.substring(colon + 1)), message);
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
