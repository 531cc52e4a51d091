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
    /** Quoted values are codes (categories, causes, decision values, clauses), except in these metadata columns. */
    private static final Pattern FREE_TEXT = Pattern.compile("^\\s*(reason|description)\\s*\\(");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
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
                    // a number as Drools reads it, whatever its display format (20000, not "20,000")
                    String text = cell == null ? ""
                            : cell.getCellType() == CellType.NUMERIC
                            ? java.math.BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString()
                            : formatter.formatCellValue(cell).trim();
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
        checkBands(file, sheet.getSheetName(), kinds, templates, rows, errors);
        checkSameConditions(file, sheet.getSheetName(), kinds, rows, errors);
        return rows;
    }

    /** Two rows with the same conditions always fire together: one of them is a mistake (or never needed). */
    private static void checkSameConditions(String file, String sheet, Map<Integer, String> kinds,
                                            Map<Integer, Map<String, String>> rows, List<RuleError> errors) {
        List<String> conditionColumns = kinds.entrySet().stream().filter(k -> k.getValue().equals("CONDITION"))
                .map(k -> CellReference.convertNumToColString(k.getKey())).toList();
        if (conditionColumns.isEmpty()) {
            return;
        }
        Map<List<String>, Integer> seen = new java.util.HashMap<>();
        for (Map.Entry<Integer, Map<String, String>> row : rows.entrySet()) {
            List<String> key = conditionColumns.stream().map(c -> row.getValue().get(c)).toList();
            Integer earlier = seen.putIfAbsent(key, row.getKey());
            if (earlier != null) {
                errors.add(RuleError.inCell(file, sheet, row.getKey(), conditionColumns.get(0),
                        "the same conditions as row " + earlier + ": both rows would always fire together"));
            }
        }
    }

    private static final Pattern LOWER = Pattern.compile("^\\s*(\\w+)\\s*>\\s*\\$param\\s*$");
    private static final Pattern UPPER = Pattern.compile("^\\s*(\\w+)\\s*<=\\s*\\$param\\s*$");

    /**
     * A field with an "above" ({@code x > $param}) and an "up to" ({@code x <= $param}) column is cut into bands, one
     * per row (per combination of the table's other conditions): the bands must follow each other without a gap or
     * an overlap from the first (no lower bound) to the last (no upper bound), so that every value gets exactly one
     * row — every remedy value exactly one approver.
     */
    private static void checkBands(String file, String sheet, Map<Integer, String> kinds, Map<Integer, String> templates,
                                   Map<Integer, Map<String, String>> rows, List<RuleError> errors) {
        Map<String, String[]> fields = new LinkedHashMap<>(); // field -> {lower column, upper column}
        for (Map.Entry<Integer, String> column : kinds.entrySet()) {
            if (!column.getValue().equals("CONDITION")) continue;
            String template = templates.get(column.getKey());
            String letter = CellReference.convertNumToColString(column.getKey());
            Matcher lower = LOWER.matcher(template);
            Matcher upper = UPPER.matcher(template);
            if (lower.matches()) fields.computeIfAbsent(lower.group(1), k -> new String[2])[0] = letter;
            if (upper.matches()) fields.computeIfAbsent(upper.group(1), k -> new String[2])[1] = letter;
        }
        for (Map.Entry<String, String[]> field : fields.entrySet()) {
            String lowerColumn = field.getValue()[0];
            String upperColumn = field.getValue()[1];
            if (lowerColumn == null || upperColumn == null) continue;
            Map<String, List<Map.Entry<Integer, Map<String, String>>>> groups = new LinkedHashMap<>();
            for (Map.Entry<Integer, Map<String, String>> row : rows.entrySet()) {
                StringBuilder others = new StringBuilder();
                for (Map.Entry<Integer, String> column : kinds.entrySet()) {
                    String letter = CellReference.convertNumToColString(column.getKey());
                    if (column.getValue().equals("CONDITION") && !letter.equals(lowerColumn) && !letter.equals(upperColumn)) {
                        others.append(row.getValue().get(letter)).append('|');
                    }
                }
                groups.computeIfAbsent(others.toString(), k -> new ArrayList<>()).add(row);
            }
            for (List<Map.Entry<Integer, Map<String, String>>> group : groups.values()) {
                checkBandGroup(file, sheet, field.getKey(), lowerColumn, upperColumn, group, errors);
            }
        }
    }

    private static void checkBandGroup(String file, String sheet, String field, String lowerColumn, String upperColumn,
                                       List<Map.Entry<Integer, Map<String, String>>> group, List<RuleError> errors) {
        record Band(int row, java.math.BigDecimal lower, java.math.BigDecimal upper) {
        }
        List<Band> bands = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, String>> row : group) {
            String lower = row.getValue().get(lowerColumn);
            String upper = row.getValue().get(upperColumn);
            if (!(lower.isEmpty() || NUMBER.matcher(lower).matches()) || !(upper.isEmpty() || NUMBER.matcher(upper).matches())) {
                return; // already reported as a bad cell
            }
            bands.add(new Band(row.getKey(), lower.isEmpty() ? null : new java.math.BigDecimal(lower),
                    upper.isEmpty() ? null : new java.math.BigDecimal(upper)));
        }
        bands.sort(java.util.Comparator.comparing(Band::lower, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        for (int i = 0; i < bands.size(); i++) {
            Band band = bands.get(i);
            if (band.lower() != null && band.upper() != null && band.upper().compareTo(band.lower()) <= 0) {
                errors.add(RuleError.inCell(file, sheet, band.row(), upperColumn, field + ": up to " + band.upper().toPlainString()
                        + " is not above " + band.lower().toPlainString() + ": no value falls in this row"));
                continue;
            }
            if (i == 0 && band.lower() != null) {
                errors.add(RuleError.inCell(file, sheet, band.row(), lowerColumn, field + ": no row covers values up to "
                        + band.lower().toPlainString() + " (leave the lowest band's 'above' cell empty)"));
            }
            if (i + 1 < bands.size()) {
                Band next = bands.get(i + 1);
                int cmp = band.upper() == null ? 1 : next.lower() == null ? -1 : band.upper().compareTo(next.lower());
                if (cmp < 0) {
                    errors.add(RuleError.inCell(file, sheet, next.row(), lowerColumn, field + ": a gap — values above "
                            + band.upper().toPlainString() + " up to " + next.lower().toPlainString()
                            + " fall in no row (row " + band.row() + " ends at " + band.upper().toPlainString() + ")"));
                } else if (cmp > 0) {
                    errors.add(RuleError.inCell(file, sheet, next.row(), lowerColumn, field + ": overlaps row " + band.row()
                            + " — values in both rows would get two decisions"));
                }
            } else if (band.upper() != null) {
                errors.add(RuleError.inCell(file, sheet, band.row(), upperColumn, field + ": no row covers values above "
                        + band.upper().toPlainString() + " (leave the highest band's 'up to' cell empty)"));
            }
        }
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
            if (!FREE_TEXT.matcher(template).find() && !CODE.matcher(value).matches()) {
                return "'" + value + "' is not a code such as EMULSION_EXPLOSIVE or P11 (upper-case letters, digits, _), which this column needs";
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
