package com.example.aftersales.policy;

import java.time.OffsetDateTime;
import java.util.List;

import com.example.aftersales.policy.facts.Decision;

/** What one ruleset version decided about one case at its reference time, and which rules fired, in order. */
public record Evaluation(String rulesetVersion, OffsetDateTime referenceTime, List<Decision> decisions,
                         List<FiredRule> firedRules) {
}
