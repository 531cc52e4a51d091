package com.example.aftersales.cases;

import java.time.OffsetDateTime;

import com.example.aftersales.policy.facts.PriorDefect;

/** A prior confirmed defect as recorded with an evaluation and as written in scenario files. */
public record PriorDefectData(Long caseId, OffsetDateTime receivedAt, String productCode, String problemCategory,
                              String batchNumber, String productionSite) {

    public PriorDefect toFact() {
        return new PriorDefect(caseId == null ? 0 : caseId, receivedAt, productCode, problemCategory, batchNumber, productionSite);
    }
}
