package com.example.aftersales.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * One sheet of a decision-table workbook, checked cell by cell and translated to DRL. Keeps what it takes to
 * point a quality manager back at a cell: which generated line came from which row, and each row's cell values.
 */
final class DecisionTableSheet {

    private static final Pattern ROW_COMMENT = Pattern.compile("^// rule values at ([A-Z]+)(\\d+),");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final List<String> VALUE_COLUMNS = List.of("CONDITION", "ACTION", "METADATA");

    final String file;
    final String sheet;
    final String drl;
    /** Generated DRL line (1-based) to the spreadsheet row it came from. */
    private final TreeMap<Integer, Integer> lineToRow;
    /** Spreadsheet row to its value cells (column letter to text). */
    private final Map<Integer, Map<String, String>> rowCells;
    /** Rule name to spreadsheet row. */
    final Map<String, Integer> ruleRows;

    private DecisionTableSheet(String file, String sheet, String drl, TreeMap<Integer, Integer> lineToRow,
                               Map<Integer, Map<String, String>> rowCells, Map<String, Integer> ruleRows) {
        this.file = file;
        this.sheet = sheet;
        this.drl = drl;
        this.lineToRow = lineToRow;
        this.rowCells = rowCells;
        this.ruleRows = ruleRows;
    }

    /** Checks and translates every sheet of a workbook; problems go to {@code errors}, by cell. */
    static List<DecisionTableSheet> translate(String file, byte[] bytes, List<RuleError> errors) {
        List<DecisionTableSheet> sheets = new ArrayList<>();
        List<String> sheetNames = new ArrayList<>();
        Map<String, Map<Integer, Map<String, String>>> cellsBySheet = new LinkedHashMap<>();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            for (Sheet sheet : workbook) {
                sheetNames.add(sheet.getSheetName());
                cellsBySheet.put(sheet.getSheetName(), check(file, sheet, errors));
            }
        } catch (IOException | RuntimeException e) {
            errors.add(RuleError.inFile(file, null, "not a readable .xlsx workbook (" + e.getMessage() + ")"));
            return sheets;
        }
        for (String sheetName : sheetNames) {
            Map<Integer, Map<String, String>> cells = cellsBySheet.get(sheetName);
            if (cells == null) {
                continue;
            }
            String drl;
            try {
                drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(bytes), sheetName);
            } catch (RuntimeException e) {
                errors.add(new RuleError(file, sheetName, null, null, null, "the table cannot be read: " + e.getMessage()));
                continue;
            }
            sheets.add(index(file, sheetName, drl, cells, errors));
        }
        return sheets;
    }

    /** Where a line of the generated DRL came from, as precisely as can be told. */
    RuleError locate(int line, String message, String lineText) {
        Map.Entry<Integer, Integer> entry = lineToRow.floorEntry(line);
        if (entry == null) {
            return new RuleError(file, sheet, null, null, null, message + " (in the RuleSet, Import or table header rows)");
        }
        int row = entry.getValue();
        String column = null;
        if (lineText != null) {
            for (Map.Entry<String, String> cell : rowCells.getOrDefault(row, Map.of()).entrySet()) {
                if (!cell.getValue().isBlank() && lineText.contains(cell.getValue())) {
                    column = cell.getKey();
                }
            }
        }
        return new RuleError(file, sheet, row, column, null, message);
    }

    /** The checks Drools does not make: every value has its column's type, every row a name, the table rows. */
    private static Map<Integer, Map<String, String>> check(String file, Sheet sheet, List<RuleError> errors) {
        DataFormatter formatter = new DataFormatter();
        int tableRow = -1;
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.getCellType() == CellType.STRING && first.getStringCellValue().trim().startsWith("RuleTable")) {
                tableRow = row.getRowNum();
                break;
            }
        }
        if (tableRow < 0) {
            errors.add(new RuleError(file, sheet.getSheetName(), null, "A", null,
                    "no RuleTable in this sheet: a decision-table workbook holds rule tables only"));
            return null;
        }
        Row header = sheet.getRow(tableRow + 1);
        Row template = sheet.getRow(tableRow + 3);
        if (header == null || template == null) {
            errors.add(RuleError.inCell(file, sheet.getSheetName(), tableRow + 2, "A",
                    "the RuleTable needs a header row (NAME, CONDITION, ACTION ...), an object row and a code row below it"));
            return null;
        }
        Map<Integer, String> kinds = new TreeMap<>();
        Map<Integer, String> templates = new TreeMap<>();
        for (Cell cell : header) {
            String kind = formatter.formatCellValue(cell).trim().toUpperCase();
            if (!kind.isEmpty()) {
                kinds.put(cell.getColumnIndex(), kind);
                templates.put(cell.getColumnIndex(), formatter.formatCellValue(template.getCell(cell.getColumnIndex())));
            }
        }
        if (!kinds.containsValue("NAME")) {
            errors.add(RuleError.inCell(file, sheet.getSheetName(), tableRow + 2, "A",
                    "the table has no NAME column: without it rules are named by row number and inserting a row renames them"));
        }
        Map<Integer, Map<String, String>> rows = new TreeMap<>();
        for (int r = tableRow + 5; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            Map<String, String> values = new LinkedHashMap<>();
            if (row != null) {
                for (Map.Entry<Integer, String> column : kinds.entrySet()) {
                    Cell cell = row.getCell(column.getKey());
                    String text = cell == null ? "" : formatter.formatCellValue(cell).trim();
                    values.put(CellReference.convertNumToColString(column.getKey()), text);
                }
            }
            if (values.values().stream().allMatch(String::isEmpty)) {
                break; // Drools stops reading a table at its first empty row.
            }
            int excelRow = r + 1;
            rows.put(excelRow, values);
            for (Map.Entry<Integer, String> column : kinds.entrySet()) {
                String letter = CellReference.convertNumToColString(column.getKey());
                String value = values.get(letter);
                String problem = problem(column.getValue(), templates.get(column.getKey()), value);
                if (problem != null) {
                    errors.add(RuleError.inCell(file, sheet.getSheetName(), excelRow, letter, problem));
                }
            }
        }
        if (rows.isEmpty()) {
            errors.add(RuleError.inCell(file, sheet.getSheetName(), tableRow + 6, "A",
                    "the table has no rows: it would compile to no rules"));
        }
        return rows;
    }

    private static String problem(String kind, String template, String value) {
        if (kind.equals("NAME")) {
            return value.isEmpty() ? "every row needs a rule name" : value.contains("\"") ? "a rule name cannot contain '\"'" : null;
        }
        if (value.isEmpty() || !VALUE_COLUMNS.contains(kind) || template == null) {
            return null;
        }
        if (template.contains("\"$param\"")) {
            if (value.contains("\"") || value.contains("\\") || value.contains("\n")) {
                return "'" + value + "' is text for this column and cannot contain quotes, backslashes or line breaks";
            }
        } else if (template.contains("$param")) {
            if (!NUMBER.matcher(value).matches() && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                return "'" + value + "' is not a number or true/false, which this column needs";
            }
        }
        return null;
    }

    private static DecisionTableSheet index(String file, String sheet, String drl,
                                            Map<Integer, Map<String, String>> cells, List<RuleError> errors) {
        TreeMap<Integer, Integer> lineToRow = new TreeMap<>();
        Map<String, Integer> ruleRows = new LinkedHashMap<>();
        String[] lines = drl.split("\n", -1);
        Integer currentRow = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher comment = ROW_COMMENT.matcher(lines[i].trim());
            if (comment.find()) {
                currentRow = Integer.valueOf(comment.group(2));
                lineToRow.put(i + 1, currentRow);
                continue;
            }
            String name = DrlRules.ruleName(lines[i]);
            if (name != null && currentRow != null) {
                ruleRows.put(name, currentRow);
            }
        }
        if (ruleRows.isEmpty() && !cells.isEmpty()) {
            errors.add(new RuleError(file, sheet, null, null, null, "the table compiles to no rules"));
        }
        return new DecisionTableSheet(file, sheet, drl, lineToRow, cells, ruleRows);
    }
}
