package com.example.aftersales.policy.internal;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import com.example.aftersales.policy.RuleCompilationException;

/** Turns a rule compile error at start-up into a short list of places to fix, instead of a stack trace. */
class RuleCompilationFailureAnalyzer extends AbstractFailureAnalyzer<RuleCompilationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RuleCompilationException cause) {
        String places = cause.errors().stream().map(e -> "  - " + e + "\n    " + e.text().zh()
                + (e.detail() == null ? "" : "\n    " + e.detail())).collect(Collectors.joining("\n"));
        return new FailureAnalysis("The rules do not compile; nothing was started:\n" + places,
                "Correct the cells or lines named above (see aftersales.rules.base-dir for the folder read) and start again.",
                cause);
    }
}
