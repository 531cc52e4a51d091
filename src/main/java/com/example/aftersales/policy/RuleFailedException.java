package com.example.aftersales.policy;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** A rule's consequence threw: the evaluation stops and nothing is recorded. Names the rule as people know it. */
public class RuleFailedException extends ProblemException {

    private final String rule;

    public RuleFailedException(String rule, Throwable cause) {
        super(422, null, Text.of("problem.ruleFailed"), Text.of("rules.failed", rule, cause == null ? Text.of("rules.noReason") : String.valueOf(cause.getMessage())), java.util.List.of(), cause);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    @Override
    public Text detail() {
        return Text.of("problem.ruleFailed.detail", text());
    }

    @Override
    public java.util.Map<String, Object> properties(java.util.Locale language) {
        java.util.Map<String, Object> more = new java.util.LinkedHashMap<>();
        more.put("rule", rule);
        return more;
    }
}
