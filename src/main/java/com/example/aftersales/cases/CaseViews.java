package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import com.example.aftersales.policy.FiredRule;
import com.example.aftersales.policy.facts.Decision;

/** The shapes the case endpoints answer with (the HTTP contract in DESIGN.md). */
public final class CaseViews {

    private CaseViews() {
    }

    /** A case just recorded or re-evaluated, with that evaluation. */
    public record CaseResult(long caseId, @JsonProperty("case") CaseData caseData, EvaluationView evaluation) {
    }

    /** A case with all its evaluations, oldest first; {@code case} holds the latest findings. */
    public record CaseHistory(long caseId, @JsonProperty("case") CaseData caseData, String recordedBy,
                              List<EvaluationView> evaluations) {
    }

    /** Evaluation JSON: what the rules saw besides the case (prior defects) and what they decided. */
    public record EvaluationView(Long id, String rulesetVersion, OffsetDateTime referenceTime, List<Decision> decisions,
                          List<FiredRule> firedRules, List<PriorDefectData> priorDefects, OffsetDateTime evaluatedAt) {
    }
}
