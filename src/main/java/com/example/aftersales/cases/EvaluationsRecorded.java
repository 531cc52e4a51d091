package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Evaluations just written, published in the writing transaction (a registration, appended findings, a chunk of a
 * recorded history), for the features that keep their own state of cases (the follow-up lists' obligations).
 *
 * @param evaluations each evaluation written, with what a listener needs of its case
 */
public record EvaluationsRecorded(List<Recorded> evaluations) {

    /**
     * @param seq       the evaluation's place in its case's history (1: a new case, with no events yet)
     * @param decisions the decisions by type (the first value of each type)
     */
    public record Recorded(long caseId, int seq, String externalRef, String unitCode, OffsetDateTime receivedAt,
                           Map<String, String> decisions) {
    }
}
