package com.example.aftersales.followup;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseViews.EvaluationView;

/**
 * One recorded event of a case, as {@code GET /api/cases/{id}/events} lists it. Fields a type does not have are left
 * out. {@code evaluation} is given only in the answer to a {@code FINDINGS_RECORDED} event.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseEvent(long id, long caseId, int seq, String type, OffsetDateTime occurredAt,
                        OffsetDateTime recordedAt, String recordedBy, Long evaluationId, Long orderId,
                        CaseData.Findings findings, Boolean customerSigned, List<EventRequest.ResultLine> lines,
                        Boolean satisfied, String remarks, Integer archiveYear, EvaluationView evaluation) {

    /** What is kept as JSON next to the event's columns. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Details(CaseData.Findings findings, Boolean customerSigned, List<EventRequest.ResultLine> lines,
                   String remarks, Integer archiveYear) {
    }

    CaseEvent withEvaluation(EvaluationView view) {
        return new CaseEvent(id, caseId, seq, type, occurredAt, recordedAt, recordedBy, evaluationId, orderId, findings,
                customerSigned, lines, satisfied, remarks, archiveYear, view);
    }
}
