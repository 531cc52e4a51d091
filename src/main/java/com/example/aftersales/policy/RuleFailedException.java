package com.example.aftersales.policy;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** A rule's consequence threw: the evaluation stops and nothing is recorded. Names the rule as people know it. */
public class RuleFailedException extends TextException {

    private final String rule;

    public RuleFailedException(String rule, Throwable cause) {
        super(Text.of("rules.failed", rule, cause == null ? Text.of("rules.noReason") : String.valueOf(cause.getMessage())), cause);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
