package com.example.aftersales.rulesets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;

import com.example.aftersales.cases.PriorDefectData;
import com.example.aftersales.imports.CaseColumns;
import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.DataWorkbook;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.rulesets.Scenarios.Expected;
import com.example.aftersales.rulesets.Scenarios.Scenario;
import com.example.aftersales.text.Text;

/**
 * A scenario workbook ({@code scenarios/x.scenarios.xlsx}): one scenario a row, kept by quality managers in Excel, WPS
 * or LibreOffice (format in {@code scenarios/README.md}). Read as data, within the decision tables' bounds: the table
 * is found by its header row (Chinese or English), the case columns are the case import's.
 */
final class ScenarioWorkbook {

    /** The offset of a date cell in {@code receivedAt}, as the case import reads it by default. */
    static final ZoneOffset DATE_OFFSET = ZoneOffset.ofHours(8);

    private static final int HEADER_SEARCH_ROWS = 50;
    private static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._()\\-]{0,79}");
    private static final Pattern CLAUSES = Pattern.compile("P([1-9]|1\\d|2[01])([ ,]+P([1-9]|1\\d|2[01]))*");
    private static final Pattern ITEMS = Pattern.compile("[;\\r\\n]+");

    static final String ID_COLUMN = "id";
    static final String CLAUSE = "clause";
    static final String TITLE = "title";
    static final String NOTES = "notes";
    static final String PRIOR_DEFECTS = "priorDefects";
    static final String EXPECT = "expect";
    static final String ABSENT = "absent";

    /** Each column's Chinese header; its English header is its name. */
    private static final Map<String, String> CHINESE = chinese();

    private static Map<String, String> chinese() {
        Map<String, String> zh = new LinkedHashMap<>();
        zh.put(ID_COLUMN, "编号");
        zh.put(CLAUSE, "条款");
        zh.put(TITLE, "场景说明");
        zh.put(NOTES, "备注");
        zh.put("externalRef", "外部编号");
        zh.put("receivedAt", "受理时间");
        zh.put("channel", "受理渠道");
        zh.put("customerName", "客户名称");
        zh.put("customerProvince", "客户省份");
        zh.put("customerContact", "客户联系方式");
        zh.put("unitCode", "责任单位");
        zh.put("unitProvince", "责任单位省份");
        zh.put("productCode", "产品编码");
        zh.put("productName", "产品名称");
        zh.put("productCategory", "产品类别");
        zh.put("productSpec", "产品规格");
        zh.put("regulated", "民爆管控");
        zh.put("batchNumber", "批号");
        zh.put("productionDate", "生产日期");
        zh.put("productionSite", "生产厂点");
        zh.put("quantity", "数量");
        zh.put("problemCategory", "问题类别");
        zh.put("problemDescription", "问题描述");
        zh.put("remoteReplyPossible", "可远程答复");
        zh.put("cause", "原因");
        zh.put("repairable", "可修复");
        zh.put("problemProductOnSite", "问题产品在现场");
        zh.put("directLossCny", "直接损失（元）");
        zh.put("compensationClaimed", "已索赔");
        zh.put("remedyValueCny", "补救价值（元）");
        zh.put("staffDispatched", "派出人数");
        zh.put("representative", "代表性问题");
        zh.put(PRIOR_DEFECTS, "此前确认的缺陷");
        zh.put(EXPECT, "应有的决定");
        zh.put(ABSENT, "不应有的决定");
        return zh;
    }

    private static final List<String> OWN = List.of(ID_COLUMN, CLAUSE, TITLE, NOTES, PRIOR_DEFECTS, EXPECT, ABSENT);
    private static final List<String> OWN_REQUIRED = List.of(ID_COLUMN, CLAUSE, TITLE, EXPECT);

    /** Every column: the scenario's own, then the case import's. */
    static List<String> columns() {
        List<String> all = new ArrayList<>(OWN);
        all.addAll(CaseColumns.names());
        return all;
    }

    /** The headers that name a column, Chinese first. */
    static List<String> headers(String column) {
        String zh = CHINESE.get(column);
        return zh == null ? List.of(column) : List.of(zh, column);
    }

    private static boolean required(String column) {
        return OWN.contains(column) ? OWN_REQUIRED.contains(column) : CaseColumns.required(column);
    }

    /** One row: its id (null when it has none usable) and its scenario, or what is wrong with it. */
    record ScenarioRow(int row, String id, String title, Scenario scenario, List<Text> problems) {
    }

    /** The rows of the workbook, or what keeps the whole workbook from being read (the parser's own text as detail). */
    record Read(List<ScenarioRow> rows, List<Text> problems, String detail) {
    }

    private record Header(Sheet sheet, int row, Map<String, Integer> columns) {
    }

    static Read read(String file, byte[] bytes) {
        List<RuleError> errors = new ArrayList<>();
        Workbook workbook = DataWorkbook.open(file, bytes, Text.of("kind.scenarioWorkbook"), errors);
        if (workbook == null) {
            return new Read(List.of(), texts(errors), detail(errors));
        }
        try (workbook) {
            FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            Header header = header(file, workbook, evaluator, errors);
            if (header == null) {
                return new Read(List.of(), texts(errors), detail(errors));
            }
            List<ScenarioRow> rows = new ArrayList<>();
            Map<String, Integer> ids = new HashMap<>();
            for (int r = header.row() + 1; r <= header.sheet().getLastRowNum(); r++) {
                Row row = header.sheet().getRow(r);
                if (row == null) continue;
                ScenarioRow read = row(file, header, row, evaluator, ids);
                if (read == null) continue;
                if (rows.size() >= DataWorkbook.MAX_ROWS) {
                    return new Read(List.of(), List.of(at(where(file, header, r + 1, null),
                            Text.of("sw.tooMany", DataWorkbook.MAX_ROWS))), null);
                }
                rows.add(read);
            }
            return new Read(rows, List.of(), null);
        } catch (IOException | RuntimeException e) {
            return new Read(List.of(), List.of(RuleError.inFile(file, null,
                    Text.of("workbook.unreadableBecause", com.example.aftersales.text.Unreadable.why(e))).text()), null);
        }
    }

    /** The first row, on the first sheet that has one, naming every required column (each at most once, no unknown ones). */
    private static Header header(String file, Workbook workbook, FormulaEvaluator evaluator, List<RuleError> errors) {
        for (Sheet sheet : workbook) {
            int last = Math.min(sheet.getLastRowNum(), HEADER_SEARCH_ROWS - 1);
            for (int r = Math.max(sheet.getFirstRowNum(), 0); r <= last; r++) {
                Row row = sheet.getRow(r);
                if (row == null) continue;
                Map<String, Integer> columns = new LinkedHashMap<>();
                List<Text> unknown = new ArrayList<>();
                List<Text> twice = new ArrayList<>();
                for (Cell cell : row) {
                    Object value = DataWorkbook.value(cell, evaluator, file, new ArrayList<>());
                    if (value == null) continue;
                    String text = text(value);
                    String column = columns().stream().filter(c -> DataWorkbook.names(text, headers(c))).findFirst().orElse(null);
                    String at = letter(cell.getColumnIndex());
                    if (column == null) {
                        unknown.add(Text.of("sw.unknownColumn", at, abbreviate(text)));
                    } else if (columns.putIfAbsent(column, cell.getColumnIndex()) != null) {
                        twice.add(Text.of("sw.twice", letter(columns.get(column)), at, column));
                    }
                }
                if (columns().stream().filter(ScenarioWorkbook::required).allMatch(columns::containsKey)) {
                    if (workbook.isSheetHidden(workbook.getSheetIndex(sheet)) || workbook.isSheetVeryHidden(workbook.getSheetIndex(sheet))) {
                        errors.add(new RuleError(file, sheet.getSheetName(), null, null, null, Text.of("sw.hiddenSheet"), null));
                        return null;
                    }
                    if (!unknown.isEmpty() || !twice.isEmpty()) {
                        List<Text> problems = new ArrayList<>(twice);
                        problems.addAll(unknown);
                        errors.add(new RuleError(file, sheet.getSheetName(), r + 1, null, null,
                                Text.of("sw.header", Text.join(problems), columns()), null));
                        return null;
                    }
                    return new Header(sheet, r, columns);
                }
            }
        }
        List<String> required = columns().stream().filter(ScenarioWorkbook::required).toList();
        errors.add(RuleError.inFile(file, null, Text.of("sw.noHeader",
                new Text(String.join("、", required.stream().map(c -> headers(c).get(0)).toList()), String.join(", ", required)),
                HEADER_SEARCH_ROWS)));
        return null;
    }

    /** A data row as a scenario, or null when the row is blank. */
    private static ScenarioRow row(String file, Header header, Row row, FormulaEvaluator evaluator, Map<String, Integer> ids) {
        int number = row.getRowNum() + 1;
        List<Text> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        java.util.Set<String> unreadable = new java.util.HashSet<>();
        header.columns().forEach((column, index) -> {
            List<RuleError> errors = new ArrayList<>();
            Object value = DataWorkbook.value(row.getCell(index), evaluator, file, errors);
            errors.forEach(e -> problems.add(at(where(file, header, number, column), e.messages())));
            if (!errors.isEmpty()) unreadable.add(column);
            if (value != null) values.put(column, value);
        });
        if (values.isEmpty() && problems.isEmpty()) {
            return null;
        }
        String id = text(values.get(ID_COLUMN));
        String title = text(values.get(TITLE));
        if (id == null) {
            problems.add(at(where(file, header, number, ID_COLUMN), Text.of("sw.noId")));
        } else if (!ID.matcher(id).matches()) {
            problems.add(at(where(file, header, number, ID_COLUMN), Text.of("sw.badId", abbreviate(id))));
            id = null;
        } else if (ids.containsKey(id)) {
            problems.add(at(where(file, header, number, ID_COLUMN), Text.of("sw.idUsed", id, ids.get(id))));
            id = null;
        } else {
            ids.put(id, number);
        }
        String clause = text(values.get(CLAUSE));
        if (clause == null) {
            problems.add(at(where(file, header, number, CLAUSE), Text.of("sw.noClause")));
        } else if (!CLAUSES.matcher(clause).matches()) {
            problems.add(at(where(file, header, number, CLAUSE), Text.of("sw.badClause", abbreviate(clause))));
        }
        if (title == null) {
            problems.add(at(where(file, header, number, TITLE), Text.of("sw.noTitle")));
        }
        Map<String, CaseColumns.Cell> cells = new LinkedHashMap<>();
        for (String column : CaseColumns.names()) {
            Object value = values.get(column);
            if (header.columns().containsKey(column)) {
                cells.put(column, new CaseColumns.Cell(text(value), value instanceof LocalDateTime d ? d : null));
            }
        }
        CaseColumns.Converted converted = CaseColumns.convert(cells, DATE_OFFSET);
        converted.errors().forEach((column, message) -> {
            if (!unreadable.contains(column)) problems.add(at(where(file, header, number, column), message));
        });
        List<PriorDefectData> priors = priors(text(values.get(PRIOR_DEFECTS)), where(file, header, number, PRIOR_DEFECTS), problems);
        List<Expected> expect = expect(text(values.get(EXPECT)), where(file, header, number, EXPECT), problems);
        List<String> absent = absent(text(values.get(ABSENT)), where(file, header, number, ABSENT), problems);
        Scenario scenario = problems.isEmpty()
                ? new Scenario(clause, title, text(values.get(NOTES)), converted.data(), priors, expect, absent) : null;
        return new ScenarioRow(number, id, title, scenario, problems);
    }

    private static List<PriorDefectData> priors(String text, Text where, List<Text> problems) {
        List<PriorDefectData> priors = new ArrayList<>();
        List<String> items = items(text);
        for (int i = 0; i < items.size(); i++) {
            String[] parts = items.get(i).split("\\s+");
            if (parts.length != 5) {
                problems.add(at(where, Text.of("sw.priorFormat", i + 1, abbreviate(items.get(i)))));
                continue;
            }
            try {
                priors.add(new PriorDefectData(null, OffsetDateTime.parse(parts[0]), parts[1], parts[2], parts[3], parts[4]));
            } catch (DateTimeParseException e) {
                problems.add(at(where, Text.of("sw.priorDate", i + 1, abbreviate(parts[0]))));
            }
        }
        return priors;
    }

    private static List<Expected> expect(String text, Text where, List<Text> problems) {
        List<Expected> expect = new ArrayList<>();
        List<String> items = items(text);
        if (items.isEmpty()) {
            problems.add(at(where, Text.of("sw.noExpect")));
        }
        for (String item : items) {
            int at = item.indexOf('@');
            String decision = at < 0 ? item : item.substring(0, at).strip();
            String by = at < 0 ? null : item.substring(at + 1).strip();
            String[] typeAndValue = decision.split("=", 2);
            String type = typeAndValue[0].strip();
            String value = typeAndValue.length > 1 && !typeAndValue[1].isBlank() ? typeAndValue[1].strip() : null;
            Text problem = typeProblem(type);
            if (problem == null && value == null && !type.equals("RESPONSE_DEADLINE")) {
                problem = Text.of("sw.needsValue", type);
            } else if (problem == null && by != null && by.isEmpty()) {
                problem = Text.of("sw.nothingAfterAt");
            } else if (problem == null && by != null && by.contains(".xls") && by.contains("!")) {
                problem = Text.of("sw.rowNumber");
            }
            if (problem != null) {
                problems.add(at(where, Text.of("sw.item", abbreviate(item), problem)));
                continue;
            }
            boolean file = by != null && (by.startsWith(RuleFiles.DRL_FOLDER + "/") || by.startsWith(RuleFiles.TABLE_FOLDER + "/"));
            expect.add(new Expected(type, value, file ? null : by, file ? by : null));
        }
        return expect;
    }

    private static List<String> absent(String text, Text where, List<Text> problems) {
        List<String> absent = new ArrayList<>();
        for (String item : items(text)) {
            String[] typeAndValue = item.split("=", 2);
            Text problem = typeProblem(typeAndValue[0].strip());
            if (problem == null && typeAndValue.length > 1 && typeAndValue[1].isBlank()) {
                problem = Text.of("sw.absentValue");
            }
            if (problem != null) {
                problems.add(at(where, Text.of("sw.item", abbreviate(item), problem)));
            } else {
                absent.add(typeAndValue[0].strip() + (typeAndValue.length > 1 ? "=" + typeAndValue[1].strip() : ""));
            }
        }
        return absent;
    }

    private static Text typeProblem(String type) {
        return CompiledRuleset.decisionTypes().contains(type) ? null
                : Text.of("sw.notType", abbreviate(type), CompiledRuleset.decisionTypes());
    }

    private static List<String> items(String text) {
        if (text == null) return List.of();
        return ITEMS.splitAsStream(text).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The workbook with the rows of these ids expecting what their accepted scenarios expect: the expect and absent
     * cells rewritten, the notes cell too when there is a notes column; everything else as it was.
     */
    static byte[] accept(String file, byte[] bytes, Map<String, Scenario> byId) throws IOException {
        List<RuleError> errors = new ArrayList<>();
        Workbook workbook = DataWorkbook.open(file, bytes, Text.of("kind.scenarioWorkbook"), errors);
        if (workbook == null) {
            throw new IOException(errors.get(0).toString());
        }
        try (workbook) {
            FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            Header header = header(file, workbook, evaluator, errors);
            if (header == null) {
                throw new IOException(errors.get(0).toString());
            }
            Map<String, Scenario> left = new LinkedHashMap<>(byId);
            for (int r = header.row() + 1; r <= header.sheet().getLastRowNum() && !left.isEmpty(); r++) {
                Row row = header.sheet().getRow(r);
                if (row == null) continue;
                String id = text(DataWorkbook.value(row.getCell(header.columns().get(ID_COLUMN)), evaluator, file, new ArrayList<>()));
                Scenario s = id == null ? null : left.remove(id);
                if (s == null) continue;
                write(row, header.columns().get(EXPECT), String.join("\n", s.expect().stream().map(ScenarioWorkbook::item).toList()));
                Integer absent = header.columns().get(ABSENT);
                if (absent != null) {
                    write(row, absent, String.join("\n", s.absent()));
                } else if (!s.absent().isEmpty()) {
                    throw new IOException(file + ": no absent column for " + String.join(", ", s.absent()));
                }
                Integer notes = header.columns().get(NOTES);
                if (notes != null && s.notes() != null) {
                    write(row, notes, s.notes());
                }
            }
            if (!left.isEmpty()) {
                throw new IOException(file + ": no row with the id " + String.join(", ", left.keySet()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** An expected decision as the expect column writes it: {@code TYPE=VALUE @ rule name} or {@code @ rules/x.drl}. */
    static String item(Expected e) {
        String by = e.rule() != null ? e.rule() : e.source();
        return e.type() + (e.value() == null ? "" : "=" + e.value()) + (by == null ? "" : " @ " + by);
    }

    private static void write(Row row, int column, String text) {
        Cell cell = row.getCell(column, Row.MissingCellPolicy.CREATE_NULL_AS_BLANK);
        if (cell.getCellType() == CellType.FORMULA) {
            cell.removeFormula();
        }
        if (text.isEmpty()) {
            cell.setBlank();
        } else {
            cell.setCellValue(text);
        }
    }

    /** Where a row's cell is, its column named as in the header: "…, row 11, column D (receivedAt)" / "…，第 11 行 D 列（受理时间）". */
    private static Text where(String file, Header header, int row, String column) {
        String sheet = header.sheet().getSheetName();
        if (column == null) {
            return new RuleError(file, sheet, row, null, null, null, null).where();
        }
        Integer index = header.columns().get(column);
        if (index == null) {
            return RuleError.inCell(file, sheet, row, column, null).where();
        }
        String zh = RuleError.inCell(file, sheet, row, letter(index), null).where().zh() + "（" + headers(column).get(0) + "）";
        return new Text(zh, RuleError.inCell(file, sheet, row, letter(index) + " (" + column + ")", null).where().en());
    }

    private static Text at(Text where, Text message) {
        return Text.of("at", where, message);
    }

    /** A value as text: numbers plain ({@code 20000}, not {@code 20000.0}), booleans {@code true}/{@code false}. */
    private static String text(Object value) {
        if (value == null) return null;
        if (value instanceof BigDecimal n) return n.stripTrailingZeros().toPlainString();
        if (value instanceof Boolean b) return b.toString();
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static List<Text> texts(List<RuleError> errors) {
        return errors.stream().map(RuleError::text).toList();
    }

    private static String detail(List<RuleError> errors) {
        return errors.stream().map(RuleError::detail).filter(d -> d != null).findFirst().orElse(null);
    }

    private static String letter(int column) {
        return CellReference.convertNumToColString(column);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
