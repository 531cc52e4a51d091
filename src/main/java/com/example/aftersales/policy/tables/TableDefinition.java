package com.example.aftersales.policy.tables;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.aftersales.policy.RuleError;
import com.example.aftersales.text.Text;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What a decision table holds and how its rows become rules: the rule author's code for one workbook of quality
 * managers' data ({@code rules/x.table.yaml} for {@code decision-tables/x.xlsx}). The columns say what each cell must
 * be (a typed value); the rule template is DRL in which {@code @{column}} stands for a row's value, rendered by
 * {@link TableRules} as a literal of its type and never as text. Format: {@code docs/TABLES.md}.
 *
 * @param title   the table's name for people, in Chinese and English
 * @param columns the columns, found in the workbook by their header
 * @param bands   pairs of columns that cut a field into bands (no gap, no overlap)
 * @param rule    the rule template, one rule per row
 */
public record TableDefinition(Map<String, String> title, List<Column> columns, List<Band> bands, String rule) {

    /** What a cell may hold. Only NAME and TEXT are free text, and neither may appear in the rule template. */
    public enum Type {
        /** The rule's name: free text, unique in the ruleset, the row's identity. */
        NAME,
        /** An upper-case code (EMULSION_EXPLOSIVE), from {@code values} when given. */
        CODE,
        /** A policy clause, P1 to P21. */
        CLAUSE,
        /** true or false. */
        BOOLEAN,
        /** A whole number. */
        INTEGER,
        /** An amount in CNY, two decimals at most. */
        MONEY,
        /** Free text shown to people (a reason); never rendered into rule code. */
        TEXT
    }

    /**
     * @param name      the placeholder in the template ({@code @{name}})
     * @param type      what its cells hold
     * @param optional  whether a cell may be blank; a blank cell drops the template lines that name it (matches any)
     * @param condition whether the column is a condition: two rows with equal conditions are a mistake
     * @param values    the codes allowed (CODE only; any code when empty)
     * @param min       the least number allowed (INTEGER, MONEY)
     * @param max       the largest number allowed (INTEGER, MONEY)
     * @param header    the header texts that name the column in a workbook (Chinese, English)
     * @param lang      for a TEXT column of reasons: the language it is written in, {@code zh} or {@code en}
     */
    public record Column(String name, Type type, Boolean optional, Boolean condition, List<String> values,
                         java.math.BigDecimal min, java.math.BigDecimal max, List<String> header, String lang) {
        public Column {
            optional = Boolean.TRUE.equals(optional);
            condition = Boolean.TRUE.equals(condition);
            values = values == null ? List.of() : List.copyOf(values);
            header = header == null ? List.of() : List.copyOf(header);
        }
    }

    /** A field cut into bands by an "above" and an "up to" column. */
    public record Band(String field, String above, String upTo) {
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Pattern PLACEHOLDER = Pattern.compile("@\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** The placeholder that stands for the rule's own name. */
    static final String RULE = "rule";

    public TableDefinition {
        title = title == null ? Map.of() : Map.copyOf(title);
        columns = columns == null ? List.of() : List.copyOf(columns);
        bands = bands == null ? List.of() : List.copyOf(bands);
    }

    /** Reads a definition, or reports why it cannot be used (a rule author's mistake, in words). */
    public static TableDefinition read(String file, byte[] yaml, List<RuleError> errors) {
        TableDefinition definition;
        try {
            definition = YAML.readValue(yaml, TableDefinition.class);
        } catch (JacksonException e) {
            errors.add(RuleError.inFile(file, e.getLocation() == null ? null : e.getLocation().getLineNr(),
                    Text.of("definition.unreadable")).withDetail(e.getOriginalMessage()));
            return null;
        }
        int before = errors.size();
        definition.check(file, errors);
        return errors.size() == before ? definition : null;
    }

    private void check(String file, List<RuleError> errors) {
        if (rule == null || rule.isBlank()) {
            errors.add(RuleError.inFile(file, null, Text.of("definition.noTemplate")));
            return;
        }
        Map<String, Column> byName = new LinkedHashMap<>();
        long names = 0;
        for (Column column : columns) {
            if (column.name() == null || !NAME.matcher(column.name()).matches() || column.type() == null || column.header().isEmpty()) {
                errors.add(RuleError.inFile(file, null, Text.of("definition.column", column)));
                continue;
            }
            if (byName.putIfAbsent(column.name(), column) != null) {
                errors.add(RuleError.inFile(file, null, Text.of("definition.columnTwice", column.name())));
            }
            if (column.type() == Type.NAME) {
                names++;
            }
            if (column.lang() != null && (column.type() != Type.TEXT || !List.of("zh", "en").contains(column.lang()))) {
                errors.add(RuleError.inFile(file, null, Text.of("definition.lang", column.name())));
            }
            if (!column.values().isEmpty() && column.type() != Type.CODE) {
                errors.add(RuleError.inFile(file, null, Text.of("definition.valuesNotCode", column.name())));
            }
            for (String value : column.values()) {
                if (!Values.CODE.matcher(value).matches()) {
                    errors.add(RuleError.inFile(file, null, Text.of("definition.valueNotCode", value, column.name())));
                }
            }
        }
        if (names != 1 || !byName.containsKey(RULE) || byName.get(RULE).type() != Type.NAME) {
            errors.add(RuleError.inFile(file, null, Text.of("definition.oneName")));
        }
        Set<String> used = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(rule);
        while (m.find()) {
            used.add(m.group(1));
            Column column = byName.get(m.group(1));
            if (column == null) {
                errors.add(RuleError.inFile(file, null, Text.of("definition.unknownPlaceholder", m.group(1))));
            } else if (column.type() == Type.TEXT) {
                errors.add(RuleError.inFile(file, null, Text.of("definition.textInTemplate", m.group(1))));
            }
        }
        if (!used.contains(RULE)) {
            errors.add(RuleError.inFile(file, null, Text.of("definition.noRule")));
        }
        if (rule.replaceAll(PLACEHOLDER.pattern(), "").contains("@{")) {
            errors.add(RuleError.inFile(file, null, Text.of("definition.malformed")));
        }
        for (Band band : bands) {
            for (String c : new String[] {band.above(), band.upTo()}) {
                if (!byName.containsKey(c) || byName.get(c).type() != Type.MONEY && byName.get(c).type() != Type.INTEGER) {
                    errors.add(RuleError.inFile(file, null, Text.of("definition.band", band.field(), c)));
                }
            }
        }
    }

    /** The columns, by name. */
    public Map<String, Column> columnsByName() {
        Map<String, Column> byName = new LinkedHashMap<>();
        columns.forEach(c -> byName.put(c.name(), c));
        return byName;
    }

    /** The placeholders of the template, in order of appearance. */
    static List<String> placeholders(String line) {
        List<String> found = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(line);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static Pattern placeholder() {
        return PLACEHOLDER;
    }
}
