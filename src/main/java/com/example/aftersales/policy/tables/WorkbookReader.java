package com.example.aftersales.policy.tables;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.CellValue;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;

import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.tables.TableDefinition.Column;
import com.example.aftersales.policy.tables.Values.Problem;
import com.example.aftersales.policy.tables.Values.Raw;
import com.example.aftersales.text.Text;

/**
 * Reads a decision table's rows from a workbook as a person sees them: each cell's value (never its display format),
 * a formula's computed value, TRUE()/FALSE() as booleans; the table found on whichever sheet and row its header is;
 * other sheets and columns ignored with a warning. Reads within bounds checked while the file is inflated, so no
 * upload can take more memory or time than a real table needs. Everything it answers is typed data.
 */
public final class WorkbookReader {

    /** Bounds of one workbook: far above any real decision table, far below what could hurt the server. */
    public record Limits(long maxFileBytes, int maxEntries, long maxEntryBytes, long maxInflatedBytes, int maxSheets,
                         int maxRows, int maxColumns) {
        public static final Limits DEFAULT = new Limits(5L << 20, 200, 8L << 20, 24L << 20, 20, 2_000, 60);
    }

    /** One row of a table: its number as the spreadsheet shows it and its typed values by column name (blank: absent). */
    public record TableRow(int row, Map<String, Object> values, Map<String, String> cells) {
        public TableRow {
            values = java.util.Collections.unmodifiableMap(values);
            cells = java.util.Collections.unmodifiableMap(cells);
        }

        public String name() {
            return (String) values.get(TableDefinition.RULE);
        }
    }

    /** The table read from a workbook: where it is and its rows (unmodifiable: a table read is shared, see {@link #READ}). */
    public record Table(String file, String sheet, int headerRow, List<TableRow> rows, List<Text> warnings) {
        public Table {
            rows = List.copyOf(rows);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The tables read, by workbook: a workbook's bytes read with the same definition and limits give the same table, so
     * a ruleset compiled again (a draft that changes one of its five workbooks, the console's pages showing why a rule
     * fired or a table as it is) reads only the workbooks it has not read before. Opening a workbook is most of a
     * compile's CPU after the rule compiler's own. Only tables read without an error are kept; bounded by the text
     * they hold (a table is at most its sheet's 24 MB inflated).
     */
    private record Read(String file, String sha256, TableDefinition definition, Limits limits) {
    }

    private static final com.github.benmanes.caffeine.cache.Cache<Read, Table> READ =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumWeight(16_000_000)
                    .weigher((Read read, Table table) -> weight(table))
                    .build();

    /** About the characters a table holds. */
    private static int weight(Table table) {
        long chars = 256;
        for (TableRow row : table.rows()) {
            chars += 64;
            for (Map.Entry<String, String> cell : row.cells().entrySet()) {
                chars += 16 + cell.getKey().length() + (cell.getValue() == null ? 0 : cell.getValue().length());
            }
            chars += 16L * row.values().size();
        }
        return (int) Math.min(Integer.MAX_VALUE, chars);
    }

    private static final int HEADER_SEARCH_ROWS = 50;

    private WorkbookReader() {
    }

    /** Reads the table the definition describes, or adds to {@code errors} (by file, sheet, row and column) and answers null. */
    public static Table read(String file, byte[] bytes, TableDefinition definition, Limits limits, List<RuleError> errors) {
        Read key = bytes.length > limits.maxFileBytes() ? null : new Read(file, RuleFiles.sha256(bytes), definition, limits);
        Table known = key == null ? null : READ.getIfPresent(key);
        if (known != null) {
            return known;
        }
        Workbook workbook = open(file, bytes, limits, Text.of("kind.decisionTable"), Text.of("kind.decisionTableWorkbook"), errors);
        if (workbook == null) {
            return null;
        }
        Table table;
        try (workbook) {
            table = read(file, workbook, definition, limits, errors);
        } catch (IOException | RuntimeException e) {
            errors.add(unreadable(file, e));
            return null;
        }
        if (table != null && key != null) {
            READ.put(key, table);
        }
        return table;
    }

    /**
     * Opens a workbook within the bounds, checked before any parser sees it (the caller closes it), or adds to
     * {@code errors} what is wrong, in words ({@code what}: "decision table", {@code workbookOf}: "decision-table
     * workbook"), and answers null.
     */
    public static Workbook open(String file, byte[] bytes, Limits limits, Text what, Text workbookOf, List<RuleError> errors) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (bytes.length > limits.maxFileBytes()) {
            errors.add(RuleError.inFile(file, null, Text.of("workbook.tooLarge", limits.maxFileBytes() >> 20, what)));
            return null;
        }
        if (lower.endsWith(".xlsx")) {
            RuleError tooLarge = zipBounds(file, bytes, limits, what, workbookOf);
            if (tooLarge != null) {
                errors.add(tooLarge);
                return null;
            }
        }
        Workbook workbook = null;
        try {
            workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes));
            if (workbook.getNumberOfSheets() > limits.maxSheets()) {
                errors.add(RuleError.inFile(file, null, Text.of("workbook.tooManySheets", workbook.getNumberOfSheets(), workbookOf, limits.maxSheets())));
                workbook.close();
                return null;
            }
            return workbook;
        } catch (IOException | RuntimeException e) {
            errors.add(unreadable(file, e));
            if (workbook != null) {
                try {
                    workbook.close();
                } catch (IOException ignored) {
                    // nothing was written
                }
            }
            return null;
        }
    }

    /** A file that is not a workbook: in words, the parser's own text as the detail. */
    private static RuleError unreadable(String file, Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Zip bomb") || message.contains("zip bomb")) {
            return RuleError.inFile(file, null, Text.of("workbook.zipBomb"));
        }
        return RuleError.inFile(file, null, Text.of("workbook.unreadableBecause", com.example.aftersales.text.Unreadable.why(e)));
    }

    /**
     * Inflates the workbook's parts once, counting, before any parser sees them: stops at the first bound passed.
     * Answers what is too large, in words, or null.
     */
    static RuleError zipBounds(String file, byte[] bytes, Limits limits, Text what, Text workbookOf) {
        long total = 0;
        int entries = 0;
        int sheets = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > limits.maxEntries()) {
                    return RuleError.inFile(file, null, Text.of("zip.tooManyParts", limits.maxEntries(), what));
                }
                if (entry.getName().startsWith("xl/worksheets/") && entry.getName().endsWith(".xml") && ++sheets > limits.maxSheets()) {
                    return RuleError.inFile(file, null, Text.of("zip.tooManySheets", limits.maxSheets(), workbookOf));
                }
                long size = 0;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    size += n;
                    total += n;
                    if (size > limits.maxEntryBytes()) {
                        return RuleError.inFile(file, null, Text.of("zip.partTooLarge", entry.getName(), limits.maxEntryBytes() >> 20, what));
                    }
                    if (total > limits.maxInflatedBytes()) {
                        return RuleError.inFile(file, null, Text.of("zip.tooLarge", limits.maxInflatedBytes() >> 20, what));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return RuleError.inFile(file, null, Text.of("zip.unreadableBecause", com.example.aftersales.text.Unreadable.why(e)));
        }
        return entries == 0 ? RuleError.inFile(file, null, Text.of("zip.empty")) : null;
    }

    private static Table read(String file, Workbook workbook, TableDefinition definition, Limits limits, List<RuleError> errors) {
        if (droolsKeywords(file, workbook, errors)) {
            return null;
        }
        FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
        List<Text> warnings = new ArrayList<>();
        Sheet found = null;
        Map<String, Integer> columns = null;
        int headerRow = -1;
        for (Sheet sheet : workbook) {
            Header header = findHeader(sheet, definition, evaluator);
            if (header == null) {
                warnings.add(Text.of("table.notTheTable", file, sheet.getSheetName()));
                continue;
            }
            if (found != null) {
                errors.add(RuleError.inCell(file, sheet.getSheetName(), header.row + 1, "A",
                        Text.of("table.secondTable", found.getSheetName())));
                return null;
            }
            found = sheet;
            columns = header.columns;
            headerRow = header.row;
            warnings.addAll(header.ignored.stream().map(w -> Text.of("table.ignoredAt", file, sheet.getSheetName(), w)).toList());
        }
        if (found == null) {
            Text columnNames = new Text(String.join("、", definition.columns().stream().map(c -> c.header().get(0)).toList()),
                    String.join(", ", definition.columns().stream().map(c -> c.header().get(c.header().size() - 1)).toList()));
            errors.add(RuleError.inFile(file, null, Text.of("table.none", columnNames, HEADER_SEARCH_ROWS)));
            return null;
        }
        if (workbook.isSheetHidden(workbook.getSheetIndex(found)) || workbook.isSheetVeryHidden(workbook.getSheetIndex(found))) {
            errors.add(new RuleError(file, found.getSheetName(), null, null, null, Text.of("table.hiddenSheet"), null));
            return null;
        }
        int before = errors.size();
        checkMerged(file, found, columns, headerRow, errors);
        checkHiddenColumns(file, found, columns, headerRow, errors);
        List<TableRow> rows = rows(file, found, definition, columns, headerRow, evaluator, limits, errors);
        return errors.size() > before ? null : new Table(file, found.getSheetName(), headerRow + 1, rows, warnings);
    }

    /** The keywords of Drools' spreadsheet format, alone in a cell: RuleSet, RuleTable, the RuleSet area's and the code rows'. */
    private static final Pattern DROOLS_KEYWORD =
            Pattern.compile("(?i:RuleSet|RuleTable(\\s.*)?)|Import|Functions|Queries|Variables|Declare|CONDITION|ACTION");
    private static final int MAX_KEYWORD_ERRORS = 20;

    /**
     * Refuses a workbook written as Drools rule code (on any sheet, hidden or not): its code would never run, and whoever
     * wrote it should not believe it does. Answers whether there was any.
     */
    private static boolean droolsKeywords(String file, Workbook workbook, List<RuleError> errors) {
        int found = 0;
        for (Sheet sheet : workbook) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    if (cell.getCellType() != CellType.STRING || !DROOLS_KEYWORD.matcher(cell.getStringCellValue().strip()).matches()) {
                        continue;
                    }
                    if (found++ < MAX_KEYWORD_ERRORS) {
                        errors.add(RuleError.inCell(file, sheet.getSheetName(), row.getRowNum() + 1, letter(cell.getColumnIndex()),
                                Text.of("drools.keyword", abbreviate(cell.getStringCellValue().strip()))));
                    }
                }
            }
        }
        return found > 0;
    }

    private record Header(int row, Map<String, Integer> columns, List<Text> ignored) {
    }

    /** The first row that names every column of the definition (each once), with the column of each. */
    private static Header findHeader(Sheet sheet, TableDefinition definition, FormulaEvaluator evaluator) {
        int last = Math.min(sheet.getLastRowNum(), HEADER_SEARCH_ROWS - 1);
        for (int r = sheet.getFirstRowNum(); r >= 0 && r <= last; r++) {
            Row row = sheet.getRow(r);
            if (row == null) continue;
            Map<String, Integer> columns = new LinkedHashMap<>();
            List<Text> ignored = new ArrayList<>();
            for (Cell cell : row) {
                Raw raw = raw(cell, evaluator);
                if (!(raw instanceof Values.Text text)) {
                    if (raw != null) ignored.add(Text.of("table.columnIgnored", letter(cell.getColumnIndex())));
                    continue;
                }
                Column column = match(definition, text.text());
                if (column == null || columns.containsKey(column.name())) {
                    ignored.add(Text.of("table.namedColumnIgnored", letter(cell.getColumnIndex()), abbreviate(text.text())));
                } else {
                    columns.put(column.name(), cell.getColumnIndex());
                }
            }
            if (columns.size() == definition.columns().size()) {
                return new Header(r, columns, ignored);
            }
        }
        return null;
    }

    /** A header cell names a column when it, or a part of it between '/', '|' or line breaks, is one of the column's headers. */
    private static Column match(TableDefinition definition, String text) {
        for (Column column : definition.columns()) {
            if (names(text, column.header())) return column;
        }
        return null;
    }

    /** Whether a header cell's text, or a part of it between '/', '|' or line breaks, is one of these headers (case and spacing aside). */
    public static boolean names(String text, java.util.Collection<String> headers) {
        List<String> parts = new ArrayList<>();
        parts.add(normal(text));
        for (String part : text.split("[/|\\n]")) parts.add(normal(part));
        for (String header : headers) {
            if (parts.contains(normal(header))) return true;
        }
        return false;
    }

    /**
     * A cell's value as a person sees it: a {@code BigDecimal}, {@code Boolean} or {@code String} (stripped), a
     * formula's computed value, or null when blank. A formula that cannot be computed adds an error and answers null.
     */
    public static Object value(Cell cell, FormulaEvaluator evaluator, String file, List<RuleError> errors) {
        Raw raw = raw(cell, evaluator, file, cell == null ? null : cell.getSheet(), errors);
        if (raw instanceof Values.Number n) return n.number();
        if (raw instanceof Values.Bool b) return b.value();
        if (raw instanceof Values.Text t) return t.text();
        return null;
    }

    private static String normal(String s) {
        return s.replace('（', '(').replace('）', ')').replace('，', ',').replace('：', ':')
                .replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
    }

    /** A merged range in the table shows one value over several cells: which cell holds it is not what a person sees. */
    private static void checkMerged(String file, Sheet sheet, Map<String, Integer> columns, int headerRow, List<RuleError> errors) {
        for (CellRangeAddress range : sheet.getMergedRegions()) {
            if (range.getLastRow() < headerRow || range.getNumberOfCells() < 2) continue;
            boolean inTable = columns.values().stream().anyMatch(c -> c >= range.getFirstColumn() && c <= range.getLastColumn());
            if (inTable) {
                errors.add(RuleError.inCell(file, sheet.getSheetName(), range.getFirstRow() + 1, letter(range.getFirstColumn()),
                        Text.of("cell.merged", range.formatAsString())));
            }
        }
    }

    private static void checkHiddenColumns(String file, Sheet sheet, Map<String, Integer> columns, int headerRow, List<RuleError> errors) {
        for (int c : columns.values()) {
            if (sheet.isColumnHidden(c) || sheet.getColumnWidth(c) == 0) {
                errors.add(RuleError.inCell(file, sheet.getSheetName(), headerRow + 1, letter(c), Text.of("column.hidden", letter(c))));
            }
        }
    }

    private static List<TableRow> rows(String file, Sheet sheet, TableDefinition definition, Map<String, Integer> columns,
                                       int headerRow, FormulaEvaluator evaluator, Limits limits, List<RuleError> errors) {
        List<TableRow> rows = new ArrayList<>();
        Integer endedAt = null;
        int last = sheet.getLastRowNum();
        DataFormatter formatter = new DataFormatter(Locale.US);
        for (int r = headerRow + 1; r <= last; r++) {
            Row row = sheet.getRow(r);
            Map<String, Raw> raws = new LinkedHashMap<>();
            for (Column column : definition.columns()) {
                Cell cell = row == null ? null : row.getCell(columns.get(column.name()));
                Raw raw = raw(cell, evaluator, file, sheet, errors);
                if (raw != null) {
                    raws.put(column.name(), raw);
                    Text shown = shownOtherwise(cell, raw, formatter, evaluator);
                    if (shown != null) {
                        errors.add(RuleError.inCell(file, sheet.getSheetName(), r + 1, letter(cell.getColumnIndex()), shown));
                    }
                }
            }
            if (raws.isEmpty()) {
                if (endedAt == null) endedAt = r + 1;
                continue;
            }
            if (endedAt != null) {
                errors.add(RuleError.inCell(file, sheet.getSheetName(), r + 1, letter(columns.get(raws.keySet().iterator().next())),
                        Text.of("row.belowEnd", endedAt)));
                return rows;
            }
            if (row.getZeroHeight() || row.getHeight() == 0) {
                errors.add(RuleError.inCell(file, sheet.getSheetName(), r + 1, letter(columns.get(raws.keySet().iterator().next())),
                        Text.of("row.hidden", r + 1)));
            }
            if (rows.size() >= limits.maxRows()) {
                errors.add(RuleError.inCell(file, sheet.getSheetName(), r + 1, "A", Text.of("table.tooManyRows", limits.maxRows())));
                return rows;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, String> cells = new LinkedHashMap<>();
            for (Column column : definition.columns()) {
                String at = letter(columns.get(column.name()));
                cells.put(column.name(), at);
                Raw raw = raws.get(column.name());
                if (raw == null) {
                    if (!Boolean.TRUE.equals(column.optional())) {
                        errors.add(RuleError.inCell(file, sheet.getSheetName(), r + 1, at,
                                column.type() == TableDefinition.Type.NAME ? Text.of("cell.noName") : Text.of("cell.empty")));
                    }
                    continue;
                }
                Object value = Values.typed(column, raw);
                if (value instanceof Problem p) {
                    errors.add(RuleError.inCell(file, sheet.getSheetName(), r + 1, at, p.message()));
                } else {
                    values.put(column.name(), value);
                }
            }
            rows.add(new TableRow(r + 1, values, cells));
        }
        return rows;
    }

    /** Formats that show a number's digits with separators, decimals or a currency sign and nothing else; General; text (@). */
    private static final Pattern PLAIN_FORMAT =
            Pattern.compile("General|@|(\\[\\$[^\\]\";]{0,10}]|\"[¥￥]\"|\\\\?[¥￥])?(#,##0|0+)(\\.0{1,6})?(\"\\s?元\"|元)?(_.)?");

    /** A colour such as [Red] or [Color10], a minus sign or parentheses around a negative section. */
    private static final Pattern NEGATIVE_DRESS = Pattern.compile("\\[(?i:red|black|blue|green|color\\d{1,2})]|\\\\?-|[()]|_[()]");

    /**
     * Whether every section of the format (positive; negative, zero, text as Excel writes them after ';') shows the
     * plain number: Excel's and WPS's own currency formats ("¥"#,##0.00;"¥"\-#,##0.00, [Red] negatives) included.
     */
    static boolean plain(String format) {
        String[] sections = format.split(";", -1);
        if (sections.length > 4) {
            return false;
        }
        for (int i = 0; i < sections.length; i++) {
            String section = i == 0 ? sections[i] : NEGATIVE_DRESS.matcher(sections[i]).replaceAll("");
            if (!(i == 3 && (section.equals("@") || section.isEmpty())) && !PLAIN_FORMAT.matcher(section).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why the cell's number format shows something other than its value (text of its own, another figure, fewer
     * decimals), or null: the value decides, so the cell must show it.
     */
    private static Text shownOtherwise(Cell cell, Raw raw, DataFormatter formatter, FormulaEvaluator evaluator) {
        String format = cell.getCellStyle() == null ? null : cell.getCellStyle().getDataFormatString();
        if (format == null || format.equalsIgnoreCase("General")) {
            return null;
        }
        if (!plain(format)) {
            return Text.of("format.notPlain", abbreviate(format));
        }
        if (raw instanceof Values.Number n) {
            String shown;
            try {
                shown = formatter.formatCellValue(cell, evaluator);
            } catch (RuntimeException | StackOverflowError e) {
                shown = "";
            }
            BigDecimal read = null;
            try {
                read = new BigDecimal(shown.replaceAll("\\[\\$[^\\]]*]|[,¥￥元\\s]", ""));
            } catch (NumberFormatException e) {
                // shown as something that is not a number
            }
            if (read == null || read.compareTo(n.number()) != 0) {
                return Text.of("format.hidesDecimals", abbreviate(shown), n.number().stripTrailingZeros().toPlainString());
            }
        }
        return null;
    }

    private static Raw raw(Cell cell, FormulaEvaluator evaluator) {
        return raw(cell, evaluator, null, null, null);
    }

    /** The value a person sees in the cell (a formula's result), or null when blank; a formula that cannot be computed is an error. */
    private static Raw raw(Cell cell, FormulaEvaluator evaluator, String file, Sheet sheet, List<RuleError> errors) {
        if (cell == null) return null;
        CellType type = cell.getCellType();
        if (type == CellType.FORMULA) {
            CellValue value;
            try {
                value = evaluator.evaluate(cell);
            } catch (RuntimeException e) {
                value = null; // a function POI does not know, a reference to another file: the saved result, if any
            } catch (StackOverflowError e) {
                if (errors != null) {
                    errors.add(RuleError.inCell(file, sheet.getSheetName(), cell.getRowIndex() + 1, letter(cell.getColumnIndex()),
                            Text.of("formula.tooDeep")));
                }
                return null;
            }
            if (value != null && (value.getCellType() == CellType.BLANK
                    || value.getCellType() == CellType.STRING && value.getStringValue().isBlank())) {
                return null;
            }
            Raw computed = value == null ? cached(cell) : switch (value.getCellType()) {
                case NUMERIC -> new Values.Number(BigDecimal.valueOf(value.getNumberValue()));
                case BOOLEAN -> new Values.Bool(value.getBooleanValue());
                case STRING -> text(value.getStringValue());
                default -> null; // an error value (#REF!, #DIV/0!, ...)
            };
            if (computed == null && errors != null) {
                errors.add(RuleError.inCell(file, sheet.getSheetName(), cell.getRowIndex() + 1, letter(cell.getColumnIndex()),
                        Text.of("formula.cannotCompute", abbreviate(cell.getCellFormula()))));
            }
            return computed;
        }
        return switch (type) {
            case NUMERIC -> new Values.Number(BigDecimal.valueOf(cell.getNumericCellValue()));
            case BOOLEAN -> new Values.Bool(cell.getBooleanCellValue());
            case STRING -> text(cell.getStringCellValue());
            default -> null;
        };
    }

    /** The result the spreadsheet program saved with the formula, when it has one. */
    private static Raw cached(Cell cell) {
        try {
            return switch (cell.getCachedFormulaResultType()) {
                case NUMERIC -> new Values.Number(BigDecimal.valueOf(cell.getNumericCellValue()));
                case BOOLEAN -> new Values.Bool(cell.getBooleanCellValue());
                case STRING -> text(cell.getStringCellValue());
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Raw text(String s) {
        String t = s == null ? "" : s.strip();
        return t.isEmpty() ? null : new Values.Text(t);
    }

    static String letter(int column) {
        return CellReference.convertNumToColString(column);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

}
