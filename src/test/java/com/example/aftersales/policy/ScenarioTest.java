package com.example.aftersales.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.PriorDefectData;
import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.policy.internal.RulesetCompiler;
import com.example.aftersales.rulesets.Scenarios;
import com.example.aftersales.rulesets.Scenarios.Expected;
import com.example.aftersales.rulesets.Scenarios.Scenario;

/**
 * Runs every policy scenario in {@code scenarios/} (see {@code scenarios/README.md}) against the shipped rules and
 * decision tables: one test invocation per file, and per row of each scenario workbook, so none is ever skipped. No Spring: the rules are compiled
 * once, here, the way the service compiles them.
 */
class ScenarioTest {

    private static final Path SCENARIOS = Path.of("scenarios");
    private static final Pattern CLAUSES = Pattern.compile("P([1-9]|1\\d|2[01])([ ,]+P([1-9]|1\\d|2[01]))*");

    private static final CompiledRuleset RULES = new RulesetCompiler(1000).compile(RuleFiles.load(Path.of(".")));
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    static Stream<Arguments> scenarios() {
        List<Path> files = scenarioFiles();
        if (files.isEmpty()) {
            throw new IllegalStateException("No scenario files (*.yaml) in " + SCENARIOS.toAbsolutePath());
        }
        return files.stream().map(p -> Arguments.of(SCENARIOS.relativize(p).toString(), p));
    }

    private static List<Path> scenarioFiles() {
        return Scenarios.files(SCENARIOS);
    }

    /** Every row of every scenario workbook ({@code *.scenarios.xlsx}), as {@code file#id}. */
    static Stream<Arguments> workbookRows() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (Path workbook : Scenarios.workbooks(SCENARIOS)) {
            String file = RuleFiles.SCENARIO_FOLDER + "/" + SCENARIOS.relativize(workbook).toString().replace('\\', '/');
            Scenarios.ofWorkbook(file, java.nio.file.Files.readAllBytes(workbook))
                    .forEach((name, yaml) -> rows.add(Arguments.of(name, yaml)));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("No scenario workbooks (*.scenarios.xlsx) in " + SCENARIOS.toAbsolutePath());
        }
        return rows.stream();
    }

    @AfterAll
    static void closeValidation() {
        VALIDATION.close();
    }

    @Test
    void theScenarioFolderHoldsScenarios() {
        assertThat(scenarioFiles()).as("scenario files in %s", SCENARIOS.toAbsolutePath()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, Path file) throws IOException {
        Scenario s;
        try {
            s = Scenarios.read(file);
        } catch (RuntimeException e) {
            throw new AssertionError(name + ": not a valid scenario file: " + e.getMessage(), e);
        }
        assertWellFormed(name, s, true);
        assertDecidedAsExpected(name, s);
    }

    /** A workbook row names the rule that makes a decision if it wants to ({@code TYPE=VALUE @ rule}); all else as a file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("workbookRows")
    void workbookRow(String name, byte[] yaml) throws IOException {
        Scenario s;
        try {
            s = Scenarios.read(yaml);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(name + ": not a valid scenario row: " + e.getMessage(), e);
        }
        assertWellFormed(name, s, false);
        assertDecidedAsExpected(name, s);
    }

    private static void assertDecidedAsExpected(String name, Scenario s) {
        Evaluation evaluation = RULES.evaluate(s.caseData().toFacts(), Scenarios.priors(s));
        List<Decision> decisions = evaluation.decisions();
        List<String> problems = Scenarios.problems(s, evaluation).stream().map(com.example.aftersales.text.Text::en).toList();

        if (!problems.isEmpty()) {
            fail(report(name, s, problems, decisions));
        }
    }

    private static void assertWellFormed(String name, Scenario s, boolean needsRule) {
        List<String> problems = new ArrayList<>();
        if (isBlank(s.clause())) {
            problems.add("no clause (e.g. clause: P15)");
        } else if (!CLAUSES.matcher(s.clause().trim()).matches()) {
            problems.add("clause '" + s.clause() + "' is not a policy clause P1..P21 (or several, e.g. 'P11 P12')");
        }
        if (isBlank(s.title())) {
            problems.add("no title: one sentence saying what the scenario shows");
        }
        if (s.caseData() == null) {
            problems.add("no case");
        } else {
            Validator validator = VALIDATION.getValidator();
            for (ConstraintViolation<CaseData> v : validator.validate(s.caseData())) {
                problems.add("case." + v.getPropertyPath() + " " + v.getMessage());
            }
        }
        if (s.expect() == null || s.expect().isEmpty()) {
            problems.add("no expect: list the decisions the case must get (every case gets at least SATISFACTION_CALL)");
        } else {
            for (Expected e : s.expect()) {
                if (e == null || isBlank(e.type()) || needsRule && isBlank(e.source()) && isBlank(e.rule())) {
                    problems.add("every expected decision needs a type and the rule that makes it (a table row's name) or its source (at least the DRL file): " + e);
                } else if (!isBlank(e.source()) && e.source().contains(".xls") && e.source().contains("!")) {
                    problems.add("name a table row by its rule name (rule: ...), not its row number, which moves when rows are inserted: " + e);
                } else if (!CompiledRuleset.DECISION_ORDER.contains(e.type())) {
                    problems.add("expected type " + e.type() + " is not a decision type of DESIGN.md");
                } else if (e.value() == null && !e.type().equals("RESPONSE_DEADLINE")) {
                    problems.add("expected " + e.type() + " needs a value");
                }
            }
        }
        if (s.absent() != null) {
            for (String absent : s.absent()) {
                String type = absent == null ? "" : absent.split("=", 2)[0].trim();
                if (!CompiledRuleset.DECISION_ORDER.contains(type)) {
                    problems.add("absent '" + absent + "' is not TYPE or TYPE=VALUE with a decision type of DESIGN.md");
                }
            }
        }
        if (s.priorDefects() != null) {
            for (PriorDefectData p : s.priorDefects()) {
                if (p == null || p.receivedAt() == null || isBlank(p.productCode()) || isBlank(p.problemCategory())
                        || isBlank(p.batchNumber()) || isBlank(p.productionSite())) {
                    problems.add("every prior defect needs receivedAt, productCode, problemCategory, batchNumber, productionSite: " + p);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(name + (s.title() == null ? "" : " (" + s.title() + ")") + " is not a well-formed scenario:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private static String report(String name, Scenario s, List<String> problems, List<Decision> decisions) {
        StringBuilder out = new StringBuilder();
        out.append("Scenario ").append(name).append(" [").append(s.clause()).append("]: ").append(s.title()).append('\n');
        problems.forEach(p -> out.append("  - ").append(p).append('\n'));
        out.append("Actual decisions:\n");
        if (decisions.isEmpty()) {
            out.append("  (none)\n");
        }
        for (Decision d : decisions) {
            out.append("  ").append(d.type()).append(" = ").append(d.value())
                    .append("  [").append(d.clause()).append("] ").append(d.source())
                    .append("  (").append(d.rule()).append(")\n");
        }
        return out.toString();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
