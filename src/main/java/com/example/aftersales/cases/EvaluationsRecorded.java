package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.facts.Decision;

/**
 * Evaluations just written — a registration, appended findings, a chunk of a recorded history — with exactly what the
 * rules saw (the case's facts, the prior confirmed defects, the reference time in the evaluation) and what they
 * decided. Published inside the writing transaction: the features that keep their own state of cases (the follow-up
 * lists' obligations and notices) keep it in that transaction ({@code @EventListener}); those that act on recorded
 * cases only (rectification orders, shadow runs) listen after the commit ({@code @TransactionalEventListener}), so they
 * never see an evaluation that was rolled back. Listeners in the transaction must be quick; none may throw after it.
 *
 * @param evaluations each evaluation written, in the order written
 * @param history     written by a bulk recording of history (the demo loader), not by a request: the shadow runs,
 *                    which compare live traffic, leave these out
 */
public record EvaluationsRecorded(List<Recorded> evaluations, boolean history) {

    /**
     * @param evaluationId the evaluation's id
     * @param seq          its place in its case's history (1: a new case, with no events yet)
     * @param facts        the case as the rules saw it, findings included
     * @param priorDefects the prior confirmed defects given to the rules, in that order
     * @param decisions    the decisions by type (the first value of each type)
     * @param evaluatedAt  when it was recorded (the evaluation's {@code evaluated_at})
     */
    public record Recorded(long caseId, long evaluationId, int seq, CaseData facts, List<PriorDefectData> priorDefects,
                           Evaluation evaluation, Map<String, String> decisions, OffsetDateTime evaluatedAt) {

        public static Recorded of(long caseId, long evaluationId, int seq, CaseData facts, List<PriorDefectData> priorDefects,
                           Evaluation evaluation, OffsetDateTime evaluatedAt) {
            Map<String, String> decisions = new HashMap<>();
            for (Decision d : evaluation.decisions()) {
                decisions.putIfAbsent(d.type(), d.value());
            }
            return new Recorded(caseId, evaluationId, seq, facts, priorDefects, evaluation, decisions, evaluatedAt);
        }

        public String externalRef() {
            return facts.externalRef();
        }

        public String unitCode() {
            return facts.responsibleUnit().code();
        }

        public OffsetDateTime receivedAt() {
            return facts.receivedAt();
        }
    }
}
