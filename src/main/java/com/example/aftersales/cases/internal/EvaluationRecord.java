package com.example.aftersales.cases.internal;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One evaluation of a case, exactly as the rules saw and decided it: the facts (the case with its findings),
 * the prior confirmed defects, the reference time, the ruleset version, the decisions and the fired rules.
 * Written once in the transaction that records it; never updated.
 */
public record EvaluationRecord(Long id, Long caseId, int seq, String rulesetVersion, OffsetDateTime referenceTime,
                        String cause, String factsJson, String priorDefectIds, String firedRulesJson,
                        String decisionSummary, OffsetDateTime evaluatedAt,
                        List<DecisionRecord> decisions) {
}
