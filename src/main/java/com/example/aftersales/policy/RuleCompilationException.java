package com.example.aftersales.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.example.aftersales.contract.FieldProblem;
import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** The rule files do not make a rule base; every error found is listed, each with its place. */
public class RuleCompilationException extends ProblemException {

    private final List<RuleError> errors;

    private final String message;

    public RuleCompilationException(List<RuleError> errors) {
        super(422, Text.of("problem.compile"), Text.of("problem.compile.detail", errors.size()));
        this.message = "The rules do not compile:\n" + errors.stream()
                .map(e -> "  " + e + (e.detail() == null ? "" : " [" + e.detail() + "]")).collect(Collectors.joining("\n"));
        this.errors = List.copyOf(errors);
    }

    /** Every error with its place, in English (for logs and the start-up failure analysis). */
    @Override
    public String getMessage() {
        return message;
    }

    /**
     * The answer lists the rule errors by cell or line ({@code errors: [{file, sheet, row, column, line, message}]}, as a
     * draft's validation does): the one problem whose {@code errors} items are not {@link FieldProblem}s
     * ({@code ErrorsShapeTest} names it).
     */
    @Override
    public Map<String, Object> properties(Locale language) {
        return Map.of("errors", errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
