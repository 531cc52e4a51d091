package com.example.aftersales.console.internal;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.stereotype.Component;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseViews.EvaluationView;
import com.example.aftersales.cases.PriorDefectData;
import com.example.aftersales.glossary.Glossary;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.facts.CaseFacts;
import com.example.aftersales.policy.facts.ClusterTrigger;
import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.policy.tables.TableDefinition;
import com.example.aftersales.policy.tables.WorkbookReader;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.text.Text;

/**
 * The whole why of an evaluation, for the case page: for each decision table whose rows made a decision shown, the
 * row that decided with each of its conditions set against the case's input ("直接损失 92,050 元 ≥ 门槛 20,000 元"),
 * the prior confirmed defects a cluster row counted, and the table's other rows with the condition each did not meet.
 *
 * <p>The conditions are read from the table's definition in the evaluation's ruleset version: a template line
 * {@code field op @{column}} on the case's facts, {@code Decision( type == "T", value == @{column} )} on an earlier
 * decision, and the two figures the DRL compares itself (the major-incident threshold against the direct loss,
 * {@code rules/incidents.drl}; a cluster trigger's count of prior defects, {@code rules/rectification.drl}). A row whose
 * conditions cannot be read this way is listed with its cells and no verdict.
 */
@Component
class CaseWhy {

    private static final Pattern ON_DECISION = Pattern.compile(
            "Decision\\(\\s*type\\s*==\\s*\"([A-Z_]+)\"\\s*,\\s*value\\s*==\\s*@\\{(\\w+)}\\s*\\)");
    private static final Pattern ON_FACT = Pattern.compile("(\\w+)\\s*(==|!=|>=|<=|>|<)\\s*@\\{(\\w+)}");
    private static final Pattern THRESHOLD = Pattern.compile("new\\s+MajorIncidentThreshold\\(\\s*kcontext\\s*,\\s*@\\{(\\w+)}");
    private static final Pattern CLUSTER = Pattern.compile("new\\s+ClusterTrigger\\(\\s*kcontext\\s*,\\s*@\\{(\\w+)}");
    /** The facts whose values are codes of a glossary code set. */
    private static final Map<String, String> CODE_SETS = Map.of("productCategory", Glossary.PRODUCT_CATEGORIES,
            "cause", Glossary.CAUSES, "problemCategory", Glossary.PROBLEM_CATEGORIES, "channel", Glossary.CHANNELS);
    private static final Set<String> MONEY_FACTS = Set.of("directLossCny", "remedyValueCny");

    private final RulesetStore store;
    /** Tables read, by version and workbook: a stored version's files never change. */
    private final Map<String, Read> tables = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where each DRL rule is written, by version: a stored version's files never change. */
    private final Map<String, Map<String, String>> ruleSources = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_TABLES = 200;

    private record Read(TableDefinition definition, WorkbookReader.Table table) {
    }

    CaseWhy(RulesetStore store) {
        this.store = store;
    }

    /**
     * The why of one evaluation of a case, its facts being {@code data}: the decision tables' rows, and the rules of
     * the DRL files that decided ({@code rules}) or, deciding a type shown, did not ({@code otherRules}).
     */
    record Why(String version, List<TableWhy> tables, List<RuleWhy> rules, List<RuleWhy> otherRules, String problem) {

        Why(String version, List<TableWhy> tables, String problem) {
            this(version, tables, List.of(), List.of(), problem);
        }
    }

    /**
     * A rule of a DRL file: its name and where it is written ({@code rules/x.drl:12}, for the link), the decisions it
     * made, its declared checks against the case ({@link DrlWhys}), and for a rule that did not decide the check it did
     * not meet (null when all were met: another rule decided first).
     */
    record RuleWhy(String rule, String source, List<Decision> decisions, List<Condition> conditions, Condition failed) {
    }

    /** A table row's cells and its conditions against the case, by its source, for the DRL rule its figure feeds. */
    private record RowSeen(Map<String, Object> values, List<Condition> conditions) {
    }

    /** A decision table that decided something shown: the rows that did, and the rows that did not. */
    record TableWhy(Text title, String workbook, List<RowWhy> fired, List<RowWhy> others) {
    }

    /**
     * One row: its name, number and source (for the link to the row), the decisions it made (fired rows), its
     * conditions against the case, the figures it sets, the prior defects it counted (cluster rows), and for a row
     * that did not fire the condition it did not meet (null when all were met: another row decided first).
     */
    record RowWhy(String rule, int row, String source, List<Decision> decisions, List<Condition> conditions,
                  List<Text> sets, List<PriorDefectData> counted, Condition failed) {
    }

    /** A condition as people read it, and whether the case met it. */
    record Condition(Text text, boolean met) {
    }

    /** A condition of a row's rule: on a fact ({@code field op column}), on an earlier decision's value, or a cluster count. */
    private interface Check {
        String column();
    }

    private record OnFact(String field, String op, String column) implements Check {
    }

    private record OnDecision(String type, String column) implements Check {
    }

    private record Cluster(String column) implements Check {
    }

    Why of(EvaluationView evaluation, CaseData data) {
        Map<String, List<Decision>> byWorkbook = new LinkedHashMap<>();
        for (Decision d : evaluation.decisions()) {
            String[] at = d.source() == null ? new String[0] : d.source().split("!");
            if (at.length == 3 && RuleFiles.isWorkbook(at[0])) {
                byWorkbook.computeIfAbsent(at[0], k -> new ArrayList<>()).add(d);
            }
        }
        String version = evaluation.rulesetVersion();
        CaseFacts facts = data.toFacts();
        List<TableWhy> tables = new ArrayList<>();
        Map<String, RowSeen> rows = new LinkedHashMap<>();
        RuleFiles files = null;
        for (var entry : byWorkbook.entrySet()) {
            Read read = this.tables.get(version + "!" + entry.getKey());
            if (read == null) {
                if (files == null) {
                    try {
                        files = store.files(version);
                    } catch (RuntimeException e) {
                        return new Why(version, List.of(), Text.of("why.versionMissing", version).inRequestLanguage());
                    }
                }
                read = read(files, entry.getKey());
                if (this.tables.size() >= MAX_TABLES) {
                    this.tables.clear(); // a stored version's tables never change: only memory is bounded here
                }
                this.tables.put(version + "!" + entry.getKey(), read);
            }
            TableWhy table = read.definition() == null || read.table() == null ? null
                    : table(read.definition(), read.table(), entry.getKey(), entry.getValue(), facts, evaluation, rows);
            if (table != null) {
                tables.add(table);
            }
        }
        Map<String, String> sources = ruleSources.get(version);
        if (sources == null) {
            try {
                sources = (files != null ? files : store.files(version)).drlRuleSources();
            } catch (RuntimeException e) {
                return new Why(version, tables, Text.of("why.versionMissing", version).inRequestLanguage());
            }
            if (ruleSources.size() >= MAX_TABLES) {
                ruleSources.clear();
            }
            ruleSources.put(version, sources);
        }
        List<RuleWhy> fired = new ArrayList<>();
        List<RuleWhy> others = new ArrayList<>();
        rules(evaluation.decisions(), facts, rows, sources, fired, others);
        return new Why(version, tables, fired, others, null);
    }

    /**
     * The DRL rules' whys ({@link DrlWhys}): a rule decided when a decision names it (its own decisions) or, for a rule
     * whose figure comes from a table row, when a decision of its type and value comes from a row of that table that
     * is this rule's (its measure); rules that decide a type shown but did not, with the check they did not meet.
     */
    private static void rules(List<Decision> decisions, CaseFacts facts, Map<String, RowSeen> rows, Map<String, String> sources,
                      List<RuleWhy> fired, List<RuleWhy> others) {
        Set<String> shown = new HashSet<>();
        decisions.forEach(d -> shown.add(d.type()));
        for (DrlWhys.Entry entry : DrlWhys.ENTRIES.values()) {
            if (!shown.contains(entry.type()) || !sources.containsKey(entry.rule())) {
                continue; // a type not decided here, or a rule this version does not have
            }
            List<Decision> made = new ArrayList<>();
            for (Decision d : decisions) {
                if (entry.viaTable() == null ? entry.rule().equals(d.rule())
                        : entry.makes(d) && d.source() != null && d.source().startsWith(entry.viaTable() + "!")
                        && matches(rows.get(d.source()), entry.rowMatch())) {
                    made.add(d);
                }
            }
            RowSeen row = made.isEmpty() ? null : rows.get(made.get(0).source());
            if (row == null) {
                // the row behind another decision of this type (the months for the rule that did not decide), else
                // a row of this rule's table that is its own (its measure)
                row = decisions.stream().filter(d -> d.type().equals(entry.type()) && d.source() != null)
                        .map(d -> rows.get(d.source())).filter(r -> r != null && matches(r, entry.rowMatch())).findFirst()
                        .orElse(entry.rowMatch().isEmpty() || entry.viaTable() == null ? null
                                : rows.entrySet().stream().filter(e -> e.getKey().startsWith(entry.viaTable() + "!")
                                        && matches(e.getValue(), entry.rowMatch())).map(Map.Entry::getValue).findFirst().orElse(null));
            }
            DrlWhys.Inputs in = new DrlWhys.Inputs(facts, decisions, row == null ? Map.of() : row.values(),
                    row == null ? List.of() : row.conditions());
            List<Condition> conditions = new ArrayList<>();
            entry.checks().forEach(check -> conditions.addAll(check.test(in)));
            String source = sources.get(entry.rule());
            if (!made.isEmpty()) {
                fired.add(new RuleWhy(entry.rule(), source, made, conditions, null));
            } else {
                others.add(new RuleWhy(entry.rule(), source, List.of(), conditions,
                        conditions.stream().filter(c -> !c.met()).findFirst().orElse(null)));
            }
        }
    }

    private static boolean matches(RowSeen row, Map<String, String> match) {
        if (row == null) {
            return false;
        }
        for (var m : match.entrySet()) {
            Object cell = row.values().get(m.getKey());
            if (cell == null || !m.getValue().equals(cell.toString())) {
                return false;
            }
        }
        return true;
    }

    private static Read read(RuleFiles files, String workbook) {
        String definitionName = files.definitionFor(workbook);
        if (definitionName == null || !files.files().containsKey(workbook) || !files.files().containsKey(definitionName)) {
            return new Read(null, null);
        }
        List<RuleError> errors = new ArrayList<>();
        TableDefinition d = TableDefinition.read(definitionName, files.files().get(definitionName), errors);
        WorkbookReader.Table t = d == null ? null : WorkbookReader.read(workbook, files.files().get(workbook), d,
                WorkbookReader.Limits.DEFAULT, errors);
        return new Read(d, t);
    }

    private TableWhy table(TableDefinition definition, WorkbookReader.Table table, String workbook, List<Decision> decisions,
                           CaseFacts facts, EvaluationView evaluation, Map<String, RowSeen> rows) {
        List<Check> checks = checks(definition.rule());
        Set<String> used = new HashSet<>();
        checks.forEach(c -> used.add(c.column()));
        Map<Integer, List<Decision>> decided = new LinkedHashMap<>();
        for (Decision d : decisions) {
            int row = Integer.parseInt(d.source().split("!")[2]);
            decided.computeIfAbsent(row, k -> new ArrayList<>()).add(d);
        }
        List<RowWhy> fired = new ArrayList<>();
        List<RowWhy> others = new ArrayList<>();
        for (WorkbookReader.TableRow row : table.rows()) {
            List<Condition> conditions = new ArrayList<>();
            List<PriorDefectData> counted = new ArrayList<>();
            for (Check check : checks) {
                conditions.addAll(conditions(check, row, definition, facts, evaluation, counted));
            }
            List<Text> sets = new ArrayList<>();
            for (TableDefinition.Column column : definition.columns()) {
                boolean figure = switch (column.type()) {
                    case NAME, CLAUSE, TEXT -> false;
                    default -> !column.condition() && !used.contains(column.name())
                            && !"windowDays".equals(column.name()) && !"threshold".equals(column.name());
                };
                if (figure && row.values().get(column.name()) != null) {
                    sets.add(new Text(header(column, true) + "：" + cell(column, row.values().get(column.name()), true),
                            header(column, false) + ": " + cell(column, row.values().get(column.name()), false)));
                }
            }
            String source = table.file() + "!" + table.sheet() + "!" + row.row();
            rows.put(source, new RowSeen(row.values(), conditions));
            List<Decision> made = decided.get(row.row());
            if (made != null) {
                fired.add(new RowWhy(row.name(), row.row(), source, made, conditions, sets, counted, null));
            } else {
                Condition failed = conditions.stream().filter(c -> !c.met()).findFirst().orElse(null);
                others.add(new RowWhy(row.name(), row.row(), source, List.of(), conditions, sets, counted, failed));
            }
        }
        Text title = new Text(definition.title().getOrDefault("zh", workbook), definition.title().getOrDefault("en", workbook));
        return new TableWhy(title, workbook, fired, others);
    }

    private static List<Check> checks(String template) {
        List<Check> checks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Matcher d = ON_DECISION.matcher(template);
        while (d.find()) {
            checks.add(new OnDecision(d.group(1), d.group(2)));
            seen.add(d.group(2));
        }
        Matcher f = ON_FACT.matcher(template);
        while (f.find()) {
            if (!seen.contains(f.group(3)) && !"value".equals(f.group(1))) {
                checks.add(new OnFact(f.group(1), f.group(2), f.group(3)));
            }
        }
        Matcher t = THRESHOLD.matcher(template);
        if (t.find()) {
            // rules/incidents.drl: MajorIncidentThreshold( lossCny <= $loss ), $loss the case's direct loss
            checks.add(new OnFact("directLossCny", ">=", t.group(1)));
        }
        Matcher c = CLUSTER.matcher(template);
        if (c.find()) {
            checks.add(new Cluster(c.group(1)));
        }
        return checks;
    }

    private List<Condition> conditions(Check check, WorkbookReader.TableRow row, TableDefinition definition,
                                       CaseFacts facts, EvaluationView evaluation, List<PriorDefectData> counted) {
        Map<String, TableDefinition.Column> columns = definition.columnsByName();
        if (check instanceof OnFact f) {
            TableDefinition.Column column = columns.get(f.column());
            Object cellValue = row.values().get(f.column());
            Text field = field(f.field());
            if (cellValue == null) {
                return List.of(new Condition(Text.of("why.any", field), true));
            }
            Object input = property(facts, f.field());
            boolean met = compare(input, f.op(), cellValue);
            Text text = spaced(field, value(f.field(), input), symbol(met || input == null ? f.op() : negated(f.op())),
                    cellName(column), new Text(cell(column, cellValue, true), cell(column, cellValue, false)));
            return List.of(new Condition(text, met));
        }
        if (check instanceof OnDecision d) {
            TableDefinition.Column column = columns.get(d.column());
            Object cellValue = row.values().get(d.column());
            Text field = new Text(Glossary.decisionType(d.type(), Locale.CHINESE), Glossary.decisionType(d.type(), Locale.ENGLISH));
            if (cellValue == null) {
                return List.of(new Condition(Text.of("why.any", field), true));
            }
            String decided = evaluation.decisions().stream().filter(x -> d.type().equals(x.type()))
                    .map(Decision::value).findFirst().orElse(null);
            Text input = decided == null ? Text.of("why.none") : decisionValue(d.type(), decided);
            boolean met = cellValue.toString().equals(decided);
            Text text = spaced(field, input, met ? "=" : "≠", cellName(column), decisionValue(d.type(), cellValue.toString()));
            return List.of(new Condition(text, met));
        }
        return cluster(row, columns, facts, evaluation, (Cluster) check, counted);
    }

    /** rules/rectification.drl: a product defect, and enough defects (batches, sites) within the window, this one included. */
    private List<Condition> cluster(WorkbookReader.TableRow row, Map<String, TableDefinition.Column> columns, CaseFacts facts,
                                    EvaluationView evaluation, Cluster c, List<PriorDefectData> counted) {
        List<Condition> out = new ArrayList<>();
        boolean defect = "PRODUCT_DEFECT".equals(facts.getCause());
        out.add(new Condition(spaced(field("cause"), value("cause", facts.getCause()), defect ? "=" : "≠",
                Text.of("why.required"), value("cause", "PRODUCT_DEFECT")), defect));
        Object measure = row.values().get(c.column());
        Object days = row.values().get("windowDays");
        Object least = row.values().get("threshold");
        if (measure == null || days == null || least == null) {
            return out;
        }
        long window = ((Number) days).longValue();
        long now = facts.getReceivedEpochSecond();
        long from = now - window * 86_400L;
        Set<String> distinct = new HashSet<>();
        for (PriorDefectData p : evaluation.priorDefects()) {
            long at = p.receivedAt().toEpochSecond();
            if (at < from || at > now || !facts.getProblemCategory().equals(p.problemCategory())) {
                continue;
            }
            switch (measure.toString()) {
                case ClusterTrigger.SAME_PRODUCT_DEFECTS -> {
                    if (facts.getProductCode().equals(p.productCode())) counted.add(p);
                }
                case ClusterTrigger.DISTINCT_BATCHES -> {
                    counted.add(p);
                    distinct.add(p.batchNumber());
                }
                case ClusterTrigger.DISTINCT_SITES -> {
                    counted.add(p);
                    distinct.add(p.productionSite());
                }
                default -> { }
            }
        }
        int count = switch (measure.toString()) {
            case ClusterTrigger.SAME_PRODUCT_DEFECTS -> counted.size() + 1;
            case ClusterTrigger.DISTINCT_BATCHES -> distinct.contains(facts.getBatchNumber()) ? distinct.size() : distinct.size() + 1;
            case ClusterTrigger.DISTINCT_SITES -> distinct.contains(facts.getProductionSite()) ? distinct.size() : distinct.size() + 1;
            default -> -1;
        };
        if (count < 0) {
            return out;
        }
        int threshold = ((Number) least).intValue();
        out.add(new Condition(Text.of(clusterKey(measure.toString()), count, window, threshold, count >= threshold ? "≥" : "<"),
                count >= threshold));
        return out;
    }

    static Object property(CaseFacts facts, String field) {
        try {
            return new BeanWrapperImpl(facts).getPropertyValue(field);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** As Drools compares: numbers by value, anything else by equality; nothing (no findings yet) meets nothing. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static boolean compare(Object input, String op, Object cell) {
        if (input == null) {
            return false;
        }
        if (input instanceof Number a && cell instanceof Number b) {
            int c = new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
            return switch (op) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case ">=" -> c >= 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case "<" -> c < 0;
                default -> false;
            };
        }
        boolean equal = input.toString().equals(cell.toString());
        return switch (op) {
            case "==" -> equal;
            case "!=" -> !equal;
            default -> input instanceof Comparable x && cell.getClass() == input.getClass() && switch (op) {
                case ">=" -> x.compareTo(cell) >= 0;
                case "<=" -> x.compareTo(cell) <= 0;
                case ">" -> x.compareTo(cell) > 0;
                case "<" -> x.compareTo(cell) < 0;
                default -> false;
            };
        };
    }

    static String symbol(String op) {
        return switch (op) {
            case ">=" -> "≥";
            case "<=" -> "≤";
            case "==" -> "=";
            case "!=" -> "≠";
            default -> op;
        };
    }

    /** A condition as one line, its parts (texts, or the same in both languages) spaced. */
    static Text spaced(Object... parts) {
        StringBuilder zh = new StringBuilder();
        StringBuilder en = new StringBuilder();
        for (Object part : parts) {
            Text t = part instanceof Text text ? text : Text.same(String.valueOf(part));
            zh.append(zh.isEmpty() ? "" : " ").append(t.in(Locale.CHINESE));
            en.append(en.isEmpty() ? "" : " ").append(t.in(Locale.ENGLISH));
        }
        return new Text(zh.toString(), en.toString());
    }

    private static String clusterKey(String measure) {
        return "why.cluster." + measure;
    }

    /** The relation that holds when {@code op} does not (the case's input is there). */
    static String negated(String op) {
        return switch (op) {
            case ">=" -> "<";
            case "<=" -> ">";
            case ">" -> "≤";
            case "<" -> "≥";
            case "==" -> "≠";
            case "!=" -> "=";
            default -> op;
        };
    }

    static Text field(String name) {
        try {
            String key = "why.field." + name;
            return Text.of(key);
        } catch (java.util.MissingResourceException e) {
            return Text.same(name);
        }
    }

    private static Text cellName(TableDefinition.Column column) {
        try {
            String key = "why.cell." + column.name();
            return Text.of(key);
        } catch (java.util.MissingResourceException e) {
            return new Text(header(column, true), header(column, false));
        }
    }

    private static String header(TableDefinition.Column column, boolean chinese) {
        List<String> header = column.header();
        return header.isEmpty() ? column.name() : chinese ? header.get(0) : header.get(header.size() - 1);
    }

    /** The case's input as people read it. */
    static Text value(String field, Object input) {
        if (input == null) {
            return Text.of("why.none");
        }
        if (MONEY_FACTS.contains(field) && input instanceof BigDecimal amount) {
            return money(amount);
        }
        if (input instanceof Boolean b) {
            return Text.of(b ? "why.yes" : "why.no");
        }
        String set = CODE_SETS.get(field);
        if (set != null) {
            return new Text(Glossary.label(set, input.toString(), Locale.CHINESE), Glossary.label(set, input.toString(), Locale.ENGLISH));
        }
        return Text.same(input.toString());
    }

    private static Text decisionValue(String type, String value) {
        return new Text(Glossary.decisionValue(type, value, Locale.CHINESE), Glossary.decisionValue(type, value, Locale.ENGLISH));
    }

    private static String cell(TableDefinition.Column column, Object value, boolean chinese) {
        Locale locale = chinese ? Locale.CHINESE : Locale.ENGLISH;
        return switch (column.type()) {
            case MONEY -> money((BigDecimal) value).in(locale);
            case BOOLEAN -> Text.of(Boolean.TRUE.equals(value) ? "why.yes" : "why.no").in(locale);
            case CODE -> label(column.name(), value.toString(), locale);
            default -> value instanceof BigDecimal n ? n.toPlainString() : value.toString();
        };
    }

    private static String label(String column, String code, Locale locale) {
        String set = switch (column) {
            case "category" -> Glossary.PRODUCT_CATEGORIES;
            case "cause" -> Glossary.CAUSES;
            case "measure" -> Glossary.RECTIFICATION_MEASURES;
            default -> null;
        };
        if (set != null) {
            return Glossary.label(set, code, locale);
        }
        String decided = switch (column) {
            case "warranty" -> "WARRANTY";
            case "remedy" -> "REMEDY";
            case "authority" -> "APPROVAL";
            default -> null;
        };
        return decided == null ? code : Glossary.decisionValue(decided, code, locale);
    }

    /** An amount as the console shows money (¥92,050 / CNY 92,050): one form for pages, reasons and the diff. */
    static Text money(BigDecimal amount) {
        return com.example.aftersales.policy.facts.Amounts.text(amount);
    }

    /** When a prior defect was received, in the console's zone, for the list of counted defects. */
    static String day(OffsetDateTime at, java.time.ZoneId zone) {
        return at.atZoneSameInstant(zone).toLocalDate().toString();
    }
}
