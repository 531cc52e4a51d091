package com.example.aftersales.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import com.example.aftersales.text.Text;

/**
 * A problem in a rule file, located as precisely as the file allows: a spreadsheet by sheet, row and column
 * (as Excel shows them), a DRL file by line. Fields that do not apply are null.
 * <p>
 * What is wrong is said in words in Chinese and English ({@code messages}); in JSON, {@code message} is the one of
 * the request's language. {@code detail} keeps the compiler's or parser's own text, for rule authors, when there is one.
 */
@JsonPropertyOrder({"file", "sheet", "row", "column", "line", "message", "messages", "detail"})
public record RuleError(String file, String sheet, Integer row, String column, Integer line, Text messages, String detail) {

    public static RuleError inCell(String file, String sheet, int row, String column, Text message) {
        return new RuleError(file, sheet, row, column, null, message, null);
    }

    public static RuleError inFile(String file, Integer line, Text message) {
        return new RuleError(file, null, null, null, line, message, null);
    }

    /**
     * An error at a rule's source as {@link CompiledRuleset#sourceOf} gives it: {@code decision-tables/x.xlsx!Sheet!10}
     * or {@code rules/y.drl:12}.
     */
    public static RuleError atSource(String source, Text message) {
        String[] cell = source.split("!");
        if (cell.length == 3) {
            return new RuleError(cell[0], cell[1], Integer.valueOf(cell[2]), null, null, message, null);
        }
        int colon = source.lastIndexOf(':');
        return colon < 0 ? inFile(source, null, message)
                : inFile(source.substring(0, colon), Integer.valueOf(source.substring(colon + 1)), message);
    }

    /** The same error with the compiler's or parser's own text, for rule authors. */
    public RuleError withDetail(String detail) {
        return new RuleError(file, sheet, row, column, line, messages, detail);
    }

    /** Reads a stored report: one written before there was Chinese has only {@code message}, in English. */
    @JsonCreator
    static RuleError read(@JsonProperty("file") String file, @JsonProperty("sheet") String sheet,
                          @JsonProperty("row") Integer row, @JsonProperty("column") String column,
                          @JsonProperty("line") Integer line, @JsonProperty("message") String message,
                          @JsonProperty("messages") Text messages, @JsonProperty("detail") String detail) {
        return new RuleError(file, sheet, row, column, line, messages != null ? messages : new Text(null, message), detail);
    }

    /** In English (logs, the start-up failure, tests); JSON's {@code message} is {@link #inRequestLanguage}. */
    public String message() {
        return messages.en();
    }

    @JsonProperty("message")
    String inRequestLanguage() {
        return messages.inRequestLanguage();
    }

    /**
     * Where, in words: {@code decision-tables/x.xlsx, sheet Authority, row 11, column C} /
     * {@code decision-tables/x.xlsx，工作表 Authority，第 11 行 C 列}.
     */
    public Text where() {
        StringBuilder en = new StringBuilder(String.valueOf(file));
        StringBuilder zh = new StringBuilder(String.valueOf(file));
        if (sheet != null) {
            en.append(", sheet ").append(sheet);
            zh.append("，工作表 ").append(sheet);
        }
        if (row != null) {
            en.append(", row ").append(row);
            zh.append("，第 ").append(row).append(" 行");
        }
        if (column != null) {
            en.append(", column ").append(column);
            zh.append(row != null ? " " : "，").append(column).append(" 列");
        }
        if (line != null) {
            en.append(", line ").append(line);
            zh.append("，第 ").append(line).append(" 行");
        }
        return new Text(zh.toString(), en.toString());
    }

    /** Where and what: {@code …, row 11, column C: 'abc' is not …}. */
    public Text text() {
        return Text.of("at", where(), messages);
    }

    /** For example {@code decision-tables/approval-authority.xlsx, sheet Authority, row 13, column C: ...}. */
    @Override
    public String toString() {
        return text().en();
    }
}
