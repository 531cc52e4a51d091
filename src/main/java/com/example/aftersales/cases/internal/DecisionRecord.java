package com.example.aftersales.cases.internal;

import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

import com.example.aftersales.policy.facts.Decision;

/** A decision of a recorded evaluation, one row each so that decisions can be searched and counted. */
@Table("decision")
public record DecisionRecord(String type, @Column("decision_value") String value, String clause, String rule, String source,
                      @Column("reason") String reasonEn, @Column("reason_zh") String reasonZh) {

    static DecisionRecord of(Decision d) {
        return new DecisionRecord(d.type(), d.value(), d.clause(), d.rule(), d.source(),
                d.reasonIn(java.util.Locale.ENGLISH), d.reasonIn(java.util.Locale.CHINESE));
    }

    public Decision toDecision() {
        return new Decision(type, value, clause, rule, source, reasonZh, reasonEn);
    }
}
