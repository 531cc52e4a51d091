package com.example.aftersales.imports.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.poi.ss.util.CellReference;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.imports.internal.SheetReader.Cell;
import com.example.aftersales.imports.internal.SheetReader.Row;
import com.example.aftersales.text.Text;

/**
 * The columns of an import file and how one row becomes a {@link CaseData}. Values that cannot be converted are
 * reported by column; the Bean Validation of the case contract then runs on what could be converted.
 */
final class CaseRows {

    /** Every column an import file may have, with the property of {@link CaseData} it fills. */
    enum Column {
        EXTERNAL_REF("externalRef", "externalRef", true),
        RECEIVED_AT("receivedAt", "receivedAt", true),
        CHANNEL("channel", "channel", true),
        CUSTOMER_NAME("customerName", "customer.name", true),
        CUSTOMER_PROVINCE("customerProvince", "customer.province", true),
        CUSTOMER_CONTACT("customerContact", "customer.contact", false),
        UNIT_CODE("unitCode", "responsibleUnit.code", true),
        UNIT_PROVINCE("unitProvince", "responsibleUnit.province", true),
        PRODUCT_CODE("productCode", "product.code", true),
        PRODUCT_NAME("productName", "product.name", false),
        PRODUCT_CATEGORY("productCategory", "product.category", true),
        PRODUCT_SPEC("productSpec", "product.spec", false),
        REGULATED("regulated", "product.regulated", true),
        BATCH_NUMBER("batchNumber", "batchNumber", true),
        PRODUCTION_DATE("productionDate", "productionDate", true),
        PRODUCTION_SITE("productionSite", "productionSite", true),
        QUANTITY("quantity", "quantity", true),
        PROBLEM_CATEGORY("problemCategory", "problem.category", true),
        PROBLEM_DESCRIPTION("problemDescription", "problem.description", false),
        REMOTE_REPLY_POSSIBLE("remoteReplyPossible", "remoteReplyPossible", true),
        CAUSE("cause", "findings.cause", false),
        REPAIRABLE("repairable", "findings.repairable", false),
        PROBLEM_PRODUCT_ON_SITE("problemProductOnSite", "findings.problemProductOnSite", false),
        DIRECT_LOSS_CNY("directLossCny", "findings.directLossCny", false),
        COMPENSATION_CLAIMED("compensationClaimed", "findings.compensationClaimed", false),
        REMEDY_VALUE_CNY("remedyValueCny", "findings.remedyValueCny", false),
        STAFF_DISPATCHED("staffDispatched", "findings.staffDispatched", false),
        REPRESENTATIVE("representative", "findings.representative", false);

        static final List<Column> FINDINGS = List.of(REPAIRABLE, PROBLEM_PRODUCT_ON_SITE, DIRECT_LOSS_CNY,
                COMPENSATION_CLAIMED, REMEDY_VALUE_CNY, STAFF_DISPATCHED, REPRESENTATIVE);
        private static final Map<String, Column> BY_NAME = Arrays.stream(values())
                .collect(Collectors.toMap(c -> c.header.toLowerCase(Locale.ROOT), c -> c));
        private static final Map<String, Column> BY_PATH = Arrays.stream(values())
                .collect(Collectors.toMap(c -> c.path, c -> c));

        final String header;
        final String path;
        final boolean required;

        Column(String header, String path, boolean required) {
            this.header = header;
            this.path = path;
            this.required = required;
        }

        /** The column a validation property path ({@code customer.province}) comes from. */
        static Column ofPath(String path) {
            return BY_PATH.get(path);
        }
    }

    private final Map<Column, Integer> index;
    private final int width;
    private final ZoneOffset excelOffset;
    /** Whether a row needs its externalRef (an import does: it makes importing twice safe). */
    private final boolean importing;

    private CaseRows(Map<Column, Integer> index, int width, ZoneOffset excelOffset, boolean importing) {
        this.index = index;
        this.width = width;
        this.excelOffset = excelOffset;
        this.importing = importing;
    }

    /** Every column, at its ordinal; externalRef optional. For cases held elsewhere than an import file. */
    static CaseRows allColumns(ZoneOffset excelOffset) {
        Map<Column, Integer> index = new EnumMap<>(Column.class);
        for (Column column : Column.values()) {
            index.put(column, column.ordinal());
        }
        return new CaseRows(index, index.size(), excelOffset, false);
    }

    /**
     * Reads the header (names case-insensitive, order free). Unknown, repeated or missing required columns refuse
     * the whole file, naming them: a misspelt column would otherwise quietly lose its values in every row.
     */
    static CaseRows forHeader(List<String> header, ZoneOffset excelOffset) {
        Map<Column, Integer> index = new EnumMap<>(Column.class);
        List<FieldProblem> problems = new ArrayList<>();
        Map<Column, String> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name == null) {
                continue;
            }
            Column column = Column.BY_NAME.get(name.toLowerCase(Locale.ROOT));
            if (column == null) {
                problems.add(new FieldProblem(name, Text.of("import.column.unknown", CellReference.convertNumToColString(i) + "1",
                        Arrays.stream(Column.values()).map(c -> c.header).toList())));
            } else if (index.containsKey(column)) {
                problems.add(new FieldProblem(name, Text.of("import.column.twice", seen.get(column),
                        CellReference.convertNumToColString(i) + "1")));
            } else {
                index.put(column, i);
                seen.put(column, CellReference.convertNumToColString(i) + "1");
            }
        }
        for (Column column : Column.values()) {
            if (column.required && !index.containsKey(column)) {
                problems.add(new FieldProblem(column.header, Text.of("import.column.missing")));
            }
        }
        if (!problems.isEmpty()) {
            throw ImportRefusedException.columns(problems.size() == 1 ? Text.of("import.columns.one")
                    : Text.of("import.columns.many", problems.size()), problems);
        }
        return new CaseRows(index, header.size(), excelOffset, true);
    }

    /** A row converted: the case (values that did not convert left empty) and the conversion errors. */
    record Converted(int row, CaseData data, Map<Column, Text> errors, List<Text> otherErrors) {
    }

    Converted convert(Row row) {
        Values v = new Values(row);
        Map<Column, Text> errors = v.errors;
        String externalRef = v.text(Column.EXTERNAL_REF);
        if (externalRef == null && importing) {
            errors.put(Column.EXTERNAL_REF, Text.of("import.externalRef"));
        }
        CaseData.Findings findings = null;
        String cause = v.text(Column.CAUSE);
        List<String> givenFindings = Column.FINDINGS.stream().filter(c -> !v.cell(c).isEmpty()).map(c -> c.header).toList();
        if (cause == null && !givenFindings.isEmpty()) {
            errors.put(Column.CAUSE, Text.of("import.causeRequired", givenFindings));
        } else if (cause != null) {
            findings = new CaseData.Findings(cause, v.bool(Column.REPAIRABLE), v.bool(Column.PROBLEM_PRODUCT_ON_SITE),
                    v.money(Column.DIRECT_LOSS_CNY), v.bool(Column.COMPENSATION_CLAIMED), v.money(Column.REMEDY_VALUE_CNY),
                    v.whole(Column.STAFF_DISPATCHED), v.bool(Column.REPRESENTATIVE));
        }
        CaseData data = new CaseData(externalRef, v.dateTime(Column.RECEIVED_AT), v.text(Column.CHANNEL),
                new CaseData.Customer(v.text(Column.CUSTOMER_NAME), v.text(Column.CUSTOMER_PROVINCE), v.text(Column.CUSTOMER_CONTACT)),
                new CaseData.ResponsibleUnit(v.text(Column.UNIT_CODE), v.text(Column.UNIT_PROVINCE)),
                new CaseData.Product(v.text(Column.PRODUCT_CODE), v.text(Column.PRODUCT_NAME), v.text(Column.PRODUCT_CATEGORY),
                        v.text(Column.PRODUCT_SPEC), v.bool(Column.REGULATED)),
                v.text(Column.BATCH_NUMBER), v.date(Column.PRODUCTION_DATE), v.text(Column.PRODUCTION_SITE),
                v.whole(Column.QUANTITY),
                new CaseData.Problem(v.text(Column.PROBLEM_CATEGORY), v.text(Column.PROBLEM_DESCRIPTION)),
                v.bool(Column.REMOTE_REPLY_POSSIBLE), findings);
        for (int i = width; i < row.cells().size(); i++) {
            if (!row.cell(i).isEmpty()) {
                v.extra.add(Text.of("import.extraCell", CellReference.convertNumToColString(i)));
            }
        }
        return new Converted(row.number(), data, errors, v.extra);
    }

    /** Reads typed values from one row, noting every value that does not convert. */
    private final class Values {
        final Row row;
        final Map<Column, Text> errors = new LinkedHashMap<>();
        final List<Text> extra = new ArrayList<>();

        Values(Row row) {
            this.row = row;
        }

        Cell cell(Column column) {
            Integer i = index.get(column);
            return i == null ? Cell.EMPTY : row.cell(i);
        }

        String text(Column column) {
            return cell(column).text();
        }

        Boolean bool(Column column) {
            String text = text(column);
            if (text == null) return null;
            if (text.equalsIgnoreCase("true")) return Boolean.TRUE;
            if (text.equalsIgnoreCase("false")) return Boolean.FALSE;
            return fail(column, "import.notBoolean");
        }

        Integer whole(Column column) {
            String text = text(column);
            if (text == null) return null;
            try {
                return new BigDecimal(text).stripTrailingZeros().intValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                return fail(column, "import.notWhole");
            }
        }

        BigDecimal money(Column column) {
            String text = text(column);
            if (text == null) return null;
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return fail(column, "import.notMoney");
            }
        }

        LocalDate date(Column column) {
            Cell cell = cell(column);
            if (cell.excelDate() != null) return cell.excelDate().toLocalDate();
            if (cell.text() == null) return null;
            try {
                return LocalDate.parse(cell.text());
            } catch (DateTimeParseException e) {
                return fail(column, "import.notDate");
            }
        }

        OffsetDateTime dateTime(Column column) {
            Cell cell = cell(column);
            if (cell.excelDate() != null) return cell.excelDate().atOffset(excelOffset);
            if (cell.text() == null) return null;
            try {
                return OffsetDateTime.parse(cell.text());
            } catch (DateTimeParseException e) {
                return fail(column, "import.notDateTime");
            }
        }

        private <T> T fail(Column column, String key) {
            errors.put(column, Text.of(key));
            return null;
        }
    }
}
