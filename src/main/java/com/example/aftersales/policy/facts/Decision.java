package com.example.aftersales.policy.facts;

import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * One decision of the policy, inserted by a rule as a new fact. {@code rule} is the rule or decision-table
 * row that made it; its {@code source} (file and line, or workbook, sheet and row) is filled in by the engine.
 */
public record Decision(String type, String value, String clause, String rule, String source, String reason) {

    /** A decision made by the firing rule itself; clause and, if not given, reason come from its metadata. */
    public static Decision of(RuleContext kcontext, String type, String value, String reason) {
        Rule rule = kcontext.getRule();
        return new Decision(type, value, metadata(rule, "clause"), rule.getName(), null,
                reason != null ? reason : metadata(rule, "reason"));
    }

    /** A decision made by a decision-table row's rule, whose metadata holds clause and reason. */
    public static Decision of(RuleContext kcontext, String type, String value) {
        return of(kcontext, type, value, null);
    }

    /** A decision whose value comes from a decision-table row: that row is what made it. */
    public static Decision by(Term term, String type, String value, String reason) {
        return new Decision(type, value, term.getClause(), term.getRule(), null, reason);
    }

    static String metadata(Rule rule, String key) {
        Object value = rule.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
