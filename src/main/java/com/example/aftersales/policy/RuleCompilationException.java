package com.example.aftersales.policy;

import java.util.List;
import java.util.stream.Collectors;

/** The rule files do not make a rule base; every error found is listed, each with its place. */
public class RuleCompilationException extends RuntimeException {

    private final List<RuleError> errors;

    public RuleCompilationException(List<RuleError> errors) {
        super("The rules do not compile:\n" + errors.stream()
                .map(e -> "  " + e + (e.detail() == null ? "" : " [" + e.detail() + "]")).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
