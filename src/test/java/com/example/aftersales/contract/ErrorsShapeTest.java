package com.example.aftersales.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One error model (issue 16): a problem's {@code errors} items have one shape, {@link FieldProblem}
 * ({@code {field, message}}), and features describe their refusals as {@link ProblemException}s that
 * {@code web.ProblemHandler} answers without knowing them. Fails when a second item shape or a second problem handler
 * appears. Plain JUnit over the compiled classes and the sources: no Spring, no database.
 */
class ErrorsShapeTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Path SOURCES = Path.of("src/main/java");

    /** The one problem whose {@code errors} are not field problems: rules that do not compile, by cell or line. */
    private static final Set<String> RULE_ERRORS = Set.of("com/example/aftersales/policy/RuleCompilationException.java");

    /**
     * Where problem+json is written outside Spring MVC (filters, before a controller) and by the generic handler; and
     * the contract's Problem schema, which describes the shape.
     */
    private static final Set<String> WRITERS = Set.of("com/example/aftersales/contract/ApiContract.java",
            "com/example/aftersales/web/internal/ProblemHandler.java",
            "com/example/aftersales/web/internal/RawProblems.java", "com/example/aftersales/web/internal/RejectedAddresses.java",
            "com/example/aftersales/web/internal/PlainParameters.java");

    @Test
    @DisplayName("No record but contract.FieldProblem has the shape of an errors item (a field and its message)")
    void oneRecordForAnErrorsItem() throws Exception {
        List<String> others = new ArrayList<>();
        for (Class<?> type : mainClasses()) {
            if (!type.isRecord() || type == FieldProblem.class) continue;
            List<String> names = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
            if (names.contains("field") && (names.contains("message") || names.contains("text"))) {
                others.add(type.getName() + names);
            }
        }
        assertThat(others).as("use contract.FieldProblem for an invalid field and its message").isEmpty();
        assertThat(Arrays.stream(FieldProblem.class.getRecordComponents()).map(RecordComponent::getName)).containsExactly("field", "text");
    }

    @Test
    @DisplayName("Only the generic handler and the filters set a problem's errors; refusals say theirs as ProblemException")
    void errorsAreSetInOnePlace() throws IOException {
        List<String> setting = new ArrayList<>();
        List<String> handlers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = SOURCES.relativize(file).toString().replace('\\', '/');
                String source = Files.readString(file);
                if ((source.contains("setProperty(\"errors\"") || source.contains("(\"errors\",")) && !WRITERS.contains(name)
                        && !RULE_ERRORS.contains(name)) {
                    setting.add(name);
                }
                if (source.contains("@RestControllerAdvice") && !name.equals("com/example/aftersales/web/internal/ProblemHandler.java")) {
                    handlers.add(name);
                }
                if (source.contains("extends ErrorResponseException") || source.contains("implements ErrorResponse")) {
                    handlers.add(name + " (a second way: Spring's ErrorResponse)");
                }
            }
        }
        assertThat(setting).as("a problem's errors are set by web.ProblemHandler from ProblemException.fields()").isEmpty();
        assertThat(handlers).as("problem+json for the API is answered by web.ProblemHandler only").isEmpty();
    }

    @Test
    @DisplayName("Every problem type a refusal names has a page under /problems")
    void typesHavePages() {
        assertThat(ProblemException.INVALID_REQUEST.toString()).isEqualTo("/problems/invalid-request");
        assertThat(ProblemException.type("import-refused").toString()).isEqualTo("/problems/import-refused");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProblemException.type("no-such-page"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Class<?>> mainClasses() throws Exception {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("com/example/aftersales"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('\\', '/').replace('/', '.');
                classes.add(Class.forName(name.substring(0, name.length() - ".class".length()), false,
                        ErrorsShapeTest.class.getClassLoader()));
            }
        }
        assertThat(classes).hasSizeGreaterThan(100);
        return classes;
    }
}
