package com.example.aftersales.cases;

import java.util.List;

import com.example.aftersales.policy.Evaluation;

/**
 * An evaluation was recorded (a new case, new findings, an imported case): exactly what the rules saw — the case's
 * facts, the prior confirmed defects, the reference time (in the evaluation) — and what they decided. Published
 * inside the recording transaction, so that listeners bound to its commit ({@code @TransactionalEventListener}) hear
 * of it only once it is recorded. Listeners must be quick and must not throw: they run on the caller's thread.
 */
public record EvaluationRecorded(long caseId, long evaluationId, CaseData data, List<PriorDefectData> priorDefects,
                                 Evaluation evaluation) {
}
