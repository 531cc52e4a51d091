package com.example.aftersales.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
import com.example.aftersales.policy.facts.PriorDefect;
import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs every policy scenario in {@code scenarios/} (see {@code scenarios/README.md}) against the shipped rules and
 * decision tables: one test invocation per file, so a new file is never skipped. No Spring: the rules are compiled
 * once, here, the way the service compiles them.
 */
class ScenarioTest {

    private static final Path SCENARIOS = Path.of("scenarios");
    private static final Pattern CLAUSES = Pattern.compile("P([1-9]|1\\d|2[01])([ ,]+P([1-9]|1\\d|2[01]))*");
    /** Decision types that may hold several values at once (one decision per reason); every other type holds one. */
    private static final Set<String> MULTI_VALUED = Set.of("RECTIFICATION_ORDER");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            // "+08:00" must stay "+08:00": the response deadline is printed in the case's own offset.
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // A misspelt key in a scenario must fail, not be ignored.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final CompiledRuleset RULES = new RulesetCompiler(1000).compile(RuleFiles.load(Path.of(".")));
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    /** One scenario file. */
    record Scenario(String clause, String title, String notes, @JsonProperty("case") CaseData caseData,
                    List<PriorDefectData> priorDefects, List<Expected> expect, List<String> absent) {
    }

    /** A decision the scenario must get; {@code source} is a prefix of the decision's source. */
    record Expected(String type, String value, String source) {
    }

    static Stream<Arguments> scenarios() {
        List<Path> files = scenarioFiles();
        if (files.isEmpty()) {
            throw new IllegalStateException("No scenario files (*.yaml) in " + SCENARIOS.toAbsolutePath());
        }
        return files.stream().map(p -> Arguments.of(SCENARIOS.relativize(p).toString(), p));
    }

    private static List<Path> scenarioFiles() {
        if (!Files.isDirectory(SCENARIOS)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(SCENARIOS)) {
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
            s = YAML.readValue(Files.readString(file), Scenario.class);
        } catch (RuntimeException e) {
            throw new AssertionError(name + ": not a valid scenario file: " + e.getMessage(), e);
        }
        assertWellFormed(name, s);

        List<PriorDefect> priors = s.priorDefects() == null ? List.of()
                : s.priorDefects().stream().map(PriorDefectData::toFact).toList();
        Evaluation evaluation = RULES.evaluate(s.caseData().toFacts(), priors);
        List<Decision> decisions = evaluation.decisions();

        List<String> problems = new ArrayList<>();
        for (Expected e : s.expect()) {
            boolean found = decisions.stream().anyMatch(d -> matches(e, d));
            if (!found) {
                problems.add("expected " + e.type() + (e.value() == null ? "" : " = " + e.value())
                        + " from " + e.source() + ", not decided");
            }
        }
        if (s.absent() != null) {
            for (String absent : s.absent()) {
                // "TYPE" forbids every decision of that type, "TYPE=VALUE" only that value.
                String[] typeAndValue = absent.split("=", 2);
                String type = typeAndValue[0].trim();
                String value = typeAndValue.length > 1 ? typeAndValue[1].trim() : null;
                decisions.stream().filter(d -> d.type().equals(type) && (value == null || value.equals(d.value())))
                        .forEach(d -> problems.add("expected no " + absent.trim() + ", but got " + d.type() + " = " + d.value()
                                + " from " + d.source()));
            }
        }
        for (Decision d : decisions) {
            if (isBlank(d.clause()) || isBlank(d.rule()) || isBlank(d.source()) || isBlank(d.reason())) {
                problems.add("decision " + d.type() + " = " + d.value() + " lacks its clause, rule, source or reason: " + d);
            }
        }
        Map<String, Long> perType = decisions.stream().collect(Collectors.groupingBy(Decision::type, Collectors.counting()));
        perType.forEach((type, count) -> {
            if (count > 1 && !MULTI_VALUED.contains(type)) {
                problems.add(count + " decisions of type " + type + ", which takes one value");
            }
        });
        Map<String, Long> perTypeAndValue = new HashMap<>();
        decisions.forEach(d -> perTypeAndValue.merge(d.type() + " = " + d.value(), 1L, Long::sum));
        perTypeAndValue.forEach((decision, count) -> {
            if (count > 1) {
                problems.add(decision + " is decided " + count + " times");
            }
        });

        if (!problems.isEmpty()) {
            fail(report(name, s, problems, decisions));
        }
    }

    /** Equal type, equal value (when given), and a source that is the expected one or continues it past a digit. */
    private static boolean matches(Expected e, Decision d) {
        if (!e.type().equals(d.type()) || (e.value() != null && !e.value().equals(d.value())) || d.source() == null) {
            return false;
        }
        String source = d.source();
        if (!source.startsWith(e.source())) {
            return false;
        }
        // "...!Authority!1" must not match "...!Authority!11", nor "remedy.drl:2" match "remedy.drl:29".
        return source.length() == e.source().length()
                || !(Character.isDigit(e.source().charAt(e.source().length() - 1)) && Character.isDigit(source.charAt(e.source().length())));
    }

    private static void assertWellFormed(String name, Scenario s) {
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
                if (e == null || isBlank(e.type()) || isBlank(e.source())) {
                    problems.add("every expected decision needs a type and a source (at least the file): " + e);
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
