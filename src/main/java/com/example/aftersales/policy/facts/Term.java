package com.example.aftersales.policy.facts;

import com.example.aftersales.text.Text;

import org.kie.api.runtime.rule.RuleContext;

/**
 * A figure a decision-table row sets for the case at hand (validity months, response hours, a threshold...).
 * It remembers the row that set it, so a decision that uses the figure names that row as its source.
 */
public abstract class Term {

    private final String rule;
    private final String clause;

    protected Term(RuleContext kcontext) {
        this.rule = kcontext.getRule().getName();
        this.clause = Decision.metadata(kcontext.getRule(), "clause");
    }

    public String getRule() { return rule; }
    public String getClause() { return clause; }

    /**
     * What the figure is about: one case has one figure per subject (one validity period, one response time, one
     * approval tier, one threshold per cluster measure). Two rows stating it differently contradict each other.
     */
    public String subject() {
        return getClass().getSimpleName();
    }

    /** The figure this row states, in words. */
    public abstract String figure();

    /** The subject in words, for people: "the validity period" / "有效期". */
    public Text subjectText() {
        return Text.of("term." + getClass().getSimpleName());
    }

    /** The figure in words, for people: "24 months" / "24 个月". */
    public Text figureText() {
        return Text.same(figure());
    }
}
