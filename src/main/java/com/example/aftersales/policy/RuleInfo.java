package com.example.aftersales.policy;

import com.example.aftersales.policy.facts.Decision;

/**
 * A rule as people know it: its name (a DRL rule's own, or a table row's NAME cell), where it is written
 * ({@code rules/y.drl:12}, {@code decision-tables/x.xlsx!Sheet!10}), and for a table row its clause and reason, which
 * complete the decisions it makes (table rows carry no text in their rule code).
 */
public record RuleInfo(String name, String source, String clause, String reasonZh, String reasonEn) {

    /** A DRL rule: its name and where it is written; its decisions carry their own clause and reasons. */
    public static RuleInfo drl(String name, String source) {
        return new RuleInfo(name, source, null, null, null);
    }

    /** The decision as people read it: made by this rule, from its source, with the row's clause and reasons if it has none. */
    Decision complete(Decision d) {
        return new Decision(d.type(), d.value(), d.clause() != null ? d.clause() : clause, name, source,
                d.reasonZh() != null ? d.reasonZh() : reasonZh, d.reasonEn() != null ? d.reasonEn() : reasonEn);
    }
}
