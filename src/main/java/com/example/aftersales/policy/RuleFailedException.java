package com.example.aftersales.policy;

/** A rule's consequence threw: the evaluation stops and nothing is recorded. Names the rule as people know it. */
public class RuleFailedException extends RuntimeException {

    private final String rule;

    public RuleFailedException(String rule, Throwable cause) {
        super("The rule '" + rule + "' failed: " + (cause == null ? "no reason given" : cause.getMessage()), cause);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
