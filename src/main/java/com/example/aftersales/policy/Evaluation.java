package com.example.aftersales.policy;

import java.time.OffsetDateTime;
import java.util.List;

import com.example.aftersales.policy.facts.Decision;

/** What one ruleset version decided about one case at its reference time, and which rules fired, in order. */
public record Evaluation(String rulesetVersion, OffsetDateTime referenceTime, List<Decision> decisions,
                         List<FiredRule> firedRules) {

    /** {@code TYPE=VALUE} of every decision, in order, joined by {@code |}: compact, and compared by replays. */
    public String decisionSummary() {
        StringBuilder summary = new StringBuilder(decisions.size() * 24);
        for (Decision d : decisions) {
            if (!summary.isEmpty()) summary.append('|');
            summary.append(d.type()).append('=').append(d.value());
        }
        return summary.toString();
    }
}
