package com.example.aftersales.rulesets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.PriorDefectData;
import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.policy.facts.PriorDefect;
import com.example.aftersales.policy.facts.Term;
import com.example.aftersales.text.Text;

/**
 * The policy scenarios of {@code scenarios/} (format in {@code scenarios/README.md}): read, and checked against a
 * compiled ruleset. Used by the scenario test for the shipped rules and by drafts before they may be activated.
 */
public final class Scenarios {

    /** Decision types that may hold several values at once (one decision per reason); every other type holds one. */
    private static final Set<String> MULTI_VALUED = Set.of("RECTIFICATION_ORDER");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            // "+08:00" must stay "+08:00": the response deadline is printed in the case's own offset.
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // A misspelt key in a scenario must fail, not be ignored.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Scenarios() {
    }

    /** One scenario file. */
    public record Scenario(String clause, String title, String notes, @JsonProperty("case") CaseData caseData,
                           List<PriorDefectData> priorDefects, List<Expected> expect, List<String> absent) {
    }

    /**
     * A decision the scenario must get: {@code rule} is the name of the rule that makes it (a table row's NAME, which
     * survives rows inserted above it), {@code source} a prefix of the decision's source (a DRL file); either or both.
     */
    public record Expected(String type, String value, String rule, String source) {
    }

    /**
     * A scenario that the rules do not decide as it says: what is wrong in Chinese and English
     * ({@code problemMessages}); in JSON, {@code problems} in the request's language. {@code detail}: the parser's
     * own text when the scenario could not be run at all.
     */
    @JsonPropertyOrder({"scenario", "title", "problems", "problemMessages", "detail"})
    public record Failure(String scenario, String title, List<Text> problemMessages, String detail) {

        public Failure(String scenario, String title, List<Text> problemMessages) {
            this(scenario, title, problemMessages, null);
        }

        /** Reads a stored report: one written before there was Chinese has only {@code problems}, in English. */
        @JsonCreator
        static Failure read(@JsonProperty("scenario") String scenario, @JsonProperty("title") String title,
                            @JsonProperty("problems") List<String> problems,
                            @JsonProperty("problemMessages") List<Text> problemMessages, @JsonProperty("detail") String detail) {
            return new Failure(scenario, title, problemMessages != null ? problemMessages
                    : problems == null ? List.of() : problems.stream().map(p -> new Text(null, p)).toList(), detail);
        }

        /** In English (tests, logs); JSON's {@code problems} are in the request's language. */
        public List<String> problems() {
            return problemMessages.stream().map(Text::en).toList();
        }

        @JsonProperty("problems")
        List<String> problemsInRequestLanguage() {
            return problemMessages.stream().map(Text::inRequestLanguage).toList();
        }
    }

    /** A scenario that cannot be read: a workbook row with a bad cell, or a workbook that is not one. */
    public static final class UnreadableScenarioException extends IOException {
        private final String title;
        private final List<Text> problems;
        private final String detail;

        UnreadableScenarioException(String title, List<Text> problems, String detail) {
            super(String.join("; ", problems.stream().map(Text::en).toList()));
            this.title = title;
            this.problems = List.copyOf(problems);
            this.detail = detail;
        }

        public String title() {
            return title;
        }

        public List<Text> problems() {
            return problems;
        }

        public String detail() {
            return detail;
        }
    }

    /** How a scenario that cannot be read is kept among the others (see {@link #of}). */
    record Unreadable(String title, List<Text> problems, String detail) {
    }

    private static final byte[] UNREADABLE = "# unreadable\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** Every scenario workbook ({@code *.scenarios.xlsx} / {@code .xls}) under the folder, sub-folders included, in name order. */
    public static List<Path> workbooks(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("~$")
                            && RuleFiles.isScenarioWorkbook(RuleFiles.SCENARIO_FOLDER + "/" + p.getFileName()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.yaml} / {@code *.yml} file under the folder, sub-folders included, in name order. */
    public static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return name.endsWith(".yaml") || name.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario read(Path file) throws IOException {
        return YAML.readValue(Files.readString(file), Scenario.class);
    }

    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    /**
     * The scenario with what the rules now decide as its expectation: every decision, a table row's by its rule name,
     * a DRL rule's by its file; the absent decisions that still hold kept; a note of who accepted it and why.
     */
    public static byte[] accepted(byte[] yaml, Evaluation evaluation, String note) throws IOException {
        Scenario s = read(yaml);
        List<Expected> expect = new ArrayList<>();
        for (Decision d : evaluation.decisions()) {
            boolean table = d.source() != null && d.source().contains("!");
            String file = d.source() == null ? null : d.source().replaceAll(":\\d+$", "");
            expect.add(new Expected(d.type(), d.value(), table ? d.rule() : null, table ? null : file));
        }
        List<String> absent = new ArrayList<>();
        for (String a : s.absent() == null ? List.<String>of() : s.absent()) {
            Scenario probe = new Scenario(s.clause(), s.title(), null, s.caseData(), s.priorDefects(), List.of(), List.of(a));
            if (problems(probe, evaluation).isEmpty()) {
                absent.add(a);
            }
        }
        String notes = s.notes() == null || s.notes().isBlank() ? note : s.notes().strip() + "\n" + note;
        return WRITER.writeValueAsBytes(new Scenario(s.clause(), s.title(), notes, s.caseData(), s.priorDefects(), expect, absent));
    }

    /** The most prior defects one scenario may list: far more than any real case, few enough to evaluate at once. */
    static final int MAX_PRIOR_DEFECTS = 1_000;

    public static Scenario read(byte[] yaml) throws IOException {
        if (java.util.Arrays.equals(yaml, 0, Math.min(yaml.length, UNREADABLE.length), UNREADABLE, 0, UNREADABLE.length)) {
            Unreadable u = YAML.readValue(java.util.Arrays.copyOfRange(yaml, UNREADABLE.length, yaml.length), Unreadable.class);
            throw new UnreadableScenarioException(u.title(), u.problems(), u.detail());
        }
        Scenario s = YAML.readValue(yaml, Scenario.class);
        if (s.priorDefects() != null && s.priorDefects().size() > MAX_PRIOR_DEFECTS) {
            throw new UnreadableScenarioException(s.title(),
                    List.of(Text.of("scenario.tooManyPriors", s.priorDefects().size(), MAX_PRIOR_DEFECTS)), null);
        }
        return s;
    }

    /**
     * The scenarios of a ruleset, by name: {@code scenarios/x.yaml} as it is, and each row of a scenario workbook as a
     * scenario of its own ({@code scenarios/x.scenarios.xlsx#id}, see {@link #ofWorkbook}).
     */
    public static Map<String, byte[]> of(RuleFiles files) {
        Map<String, byte[]> scenarios = new TreeMap<>();
        files.files().forEach((name, bytes) -> {
            if (RuleFiles.isScenarioWorkbook(name)) {
                scenarios.putAll(ofWorkbook(name, bytes));
            } else if (RuleFiles.isScenario(name)) {
                scenarios.put(name, bytes);
            }
        });
        return scenarios;
    }

    /**
     * Each row of a scenario workbook as a scenario (YAML), by {@code file#id}. A row that cannot be read is a scenario
     * that fails with what is wrong, by row and column ({@code file#<row 12>} when it has no usable id); a workbook
     * that cannot be read at all, one named by the file.
     */
    public static Map<String, byte[]> ofWorkbook(String file, byte[] bytes) {
        return OF_WORKBOOK.get(new Workbook(file, RuleFiles.sha256(bytes)),
                workbook -> java.util.Collections.unmodifiableMap(readWorkbook(file, bytes)));
    }

    /**
     * The scenarios of a workbook, by its name and SHA-256: every validation of a draft runs the scenarios, and the
     * scenario workbook, which a draft seldom changes, took as long to open as a decision table. Bounded by the YAML
     * kept.
     */
    private record Workbook(String file, String sha256) {
    }

    private static final com.github.benmanes.caffeine.cache.Cache<Workbook, Map<String, byte[]>> OF_WORKBOOK =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .maximumWeight(32L << 20)
                    .weigher((Workbook w, Map<String, byte[]> rows) -> rows.entrySet().stream()
                            .mapToInt(e -> 64 + e.getKey().length() + e.getValue().length).sum())
                    .build();

    private static Map<String, byte[]> readWorkbook(String file, byte[] bytes) {
        Map<String, byte[]> rows = new TreeMap<>();
        ScenarioWorkbook.Read read = ScenarioWorkbook.read(file, bytes);
        if (!read.problems().isEmpty()) {
            rows.put(file, unreadable(null, read.problems(), read.detail()));
        } else if (read.rows().isEmpty()) {
            rows.put(file, unreadable(null, List.of(Text.of("scenario.noRows", file)), null));
        }
        for (ScenarioWorkbook.ScenarioRow row : read.rows()) {
            String name = file + "#" + (row.id() == null ? "<row " + row.row() + ">" : row.id());
            rows.put(name, row.scenario() == null ? unreadable(row.title(), row.problems(), null) : WRITER.writeValueAsBytes(row.scenario()));
        }
        return rows;
    }

    private static byte[] unreadable(String title, List<Text> problems, String detail) {
        byte[] yaml = WRITER.writeValueAsBytes(new Unreadable(title, problems, detail));
        byte[] marked = java.util.Arrays.copyOf(UNREADABLE, UNREADABLE.length + yaml.length);
        System.arraycopy(yaml, 0, marked, UNREADABLE.length, yaml.length);
        return marked;
    }

    /** The workbook of a workbook row's name ({@code scenarios/x.scenarios.xlsx#id}), or null for a scenario file. */
    public static String workbookOf(String name) {
        int hash = name.indexOf('#');
        return hash > 0 && RuleFiles.isScenarioWorkbook(name.substring(0, hash)) ? name.substring(0, hash) : null;
    }

    /**
     * A scenario workbook whose rows (by id) expect what these accepted scenarios (see {@link #accepted}) expect:
     * their expect and absent cells, and notes when the workbook has a notes column, rewritten; nothing else changed.
     */
    public static byte[] acceptedRows(String file, byte[] workbook, Map<String, byte[]> acceptedById) throws IOException {
        Map<String, Scenario> byId = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, byte[]> row : acceptedById.entrySet()) {
            byId.put(row.getKey(), read(row.getValue()));
        }
        return ScenarioWorkbook.accept(file, workbook, byId);
    }

    /** Runs every scenario against the rules; answers the ones that fail, with what is wrong. */
    public static List<Failure> failures(Map<String, byte[]> scenarios, CompiledRuleset rules) {
        List<Failure> failures = new ArrayList<>();
        scenarios.forEach((name, yaml) -> {
            try {
                Scenario s = read(yaml);
                List<Text> problems = problems(s, rules.evaluate(s.caseData().toFacts(), priors(s)));
                if (!problems.isEmpty()) {
                    failures.add(new Failure(name, s.title(), problems));
                }
            } catch (UnreadableScenarioException e) {
                failures.add(new Failure(name, e.title(), e.problems(), e.detail()));
            } catch (IOException | RuntimeException e) {
                failures.add(new Failure(name, null, List.of(Text.of("scenario.cannotRun")), e.getMessage()));
            }
        });
        return failures;
    }

    /**
     * Figures stated differently by two rows (of one table or of two): for each scenario's case, every subject (the
     * validity period, the response time, the approval tier, each threshold) must be set by one figure. Answers one
     * error per pair of contradicting rows, at the second row.
     */
    public static List<RuleError> contradictions(Map<String, byte[]> scenarios, CompiledRuleset rules) {
        Map<String, RuleError> found = new TreeMap<>();
        scenarios.forEach((name, yaml) -> {
            Scenario s;
            try {
                s = read(yaml);
            } catch (IOException | RuntimeException e) {
                return; // reported by failures()
            }
            Map<String, Term> first = new HashMap<>();
            for (Term term : rules.terms(s.caseData().toFacts(), priors(s))) {
                Term other = first.putIfAbsent(term.subject(), term);
                if (other != null && !other.figure().equals(term.figure())) {
                    // reported once per pair, at the rule whose name sorts second
                    Term[] pair = rules.nameOf(other.getRule()).compareTo(rules.nameOf(term.getRule())) < 0
                            ? new Term[] {other, term} : new Term[] {term, other};
                    String firstName = rules.nameOf(pair[0].getRule());
                    Text message = Text.of("scenario.contradiction", term.subjectText(), pair[1].figureText(),
                            firstName, rules.sourceOf(pair[0].getRule()), pair[0].figureText(), name);
                    found.putIfAbsent(firstName + "|" + rules.nameOf(pair[1].getRule()),
                            RuleError.atSource(rules.sourceOf(pair[1].getRule()), message));
                }
            }
        });
        return List.copyOf(found.values());
    }

    public static List<PriorDefect> priors(Scenario s) {
        return s.priorDefects() == null ? List.of() : s.priorDefects().stream().map(PriorDefectData::toFact).toList();
    }

    /** What is wrong with an evaluation of the scenario's case; empty when it decides as the scenario says. */
    public static List<Text> problems(Scenario s, Evaluation evaluation) {
        List<Decision> decisions = evaluation.decisions();
        List<Text> problems = new ArrayList<>();
        for (Expected e : s.expect() == null ? List.<Expected>of() : s.expect()) {
            if (decisions.stream().noneMatch(d -> matches(e, d))) {
                String decision = e.type() + (e.value() == null ? "" : " = " + e.value());
                problems.add(e.rule() == null && e.source() == null ? Text.of("expect.missing", decision)
                        : e.source() == null ? Text.of("expect.missingByRule", decision, e.rule())
                        : e.rule() == null ? Text.of("expect.missingFrom", decision, e.source())
                        : Text.of("expect.missingByRuleFrom", decision, e.rule(), e.source()));
            }
        }
        for (String absent : s.absent() == null ? List.<String>of() : s.absent()) {
            // "TYPE" forbids every decision of that type, "TYPE=VALUE" only that value.
            String[] typeAndValue = absent.split("=", 2);
            String type = typeAndValue[0].trim();
            String value = typeAndValue.length > 1 ? typeAndValue[1].trim() : null;
            decisions.stream().filter(d -> d.type().equals(type) && (value == null || value.equals(d.value())))
                    .forEach(d -> problems.add(Text.of("absent.present", absent.trim(), d.type(), d.value(), d.source())));
        }
        for (Decision d : decisions) {
            if (isBlank(d.clause()) || isBlank(d.rule()) || isBlank(d.source()) || isBlank(d.reasonZh()) || isBlank(d.reasonEn())) {
                problems.add(Text.of("decision.incomplete", d.type(), d.value(), d));
            }
        }
        Map<String, Long> perType = decisions.stream().collect(Collectors.groupingBy(Decision::type, Collectors.counting()));
        perType.forEach((type, count) -> {
            if (count > 1 && !MULTI_VALUED.contains(type)) {
                problems.add(Text.of("decision.many", count, type));
            }
        });
        Map<String, Long> perTypeAndValue = new HashMap<>();
        decisions.forEach(d -> perTypeAndValue.merge(d.type() + " = " + d.value(), 1L, Long::sum));
        perTypeAndValue.forEach((decision, count) -> {
            if (count > 1) {
                problems.add(Text.of("decision.repeated", decision, count));
            }
        });
        return problems;
    }

    /** Equal type, equal value (when given), and a source that is the expected one or continues it past a digit. */
    static boolean matches(Expected e, Decision d) {
        if (!e.type().equals(d.type()) || (e.value() != null && !e.value().equals(d.value()))) {
            return false;
        }
        if (e.rule() != null && !e.rule().equals(d.rule())) {
            return false;
        }
        if (e.source() == null) {
            return true;
        }
        if (d.source() == null) {
            return false;
        }
        String source = anyFormat(d.source());
        String expected = anyFormat(e.source());
        if (!source.startsWith(expected)) {
            return false;
        }
        // "...!Authority!1" must not match "...!Authority!11", nor "remedy.drl:2" match "remedy.drl:29".
        return source.length() == expected.length()
                || !(Character.isDigit(expected.charAt(expected.length() - 1)) && Character.isDigit(source.charAt(expected.length())));
    }

    private static final Pattern WORKBOOK = Pattern.compile("^(" + RuleFiles.TABLE_FOLDER + "/[^!]*)\\.(?i:xlsx|xls)(?=!|$)");

    /** A table's workbook as .xls is the same table as .xlsx (one replaces the other), so either name matches it. */
    private static String anyFormat(String source) {
        return WORKBOOK.matcher(source).replaceFirst("$1.xlsx");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
