package com.example.aftersales.cases;

import java.time.OffsetDateTime;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A recorded case as received: written once, never changed. Findings live with each evaluation. */
@Table("aftersales_case")
record CaseRecord(@Id Long id, String externalRef, OffsetDateTime receivedAt, String channel, String productCode,
                  String productCategory, String problemCategory, String batchNumber, String productionSite,
                  String customerProvince, String unitCode, String unitProvince, String intakeJson,
                  OffsetDateTime createdAt, String idempotencyKey) {

    static CaseRecord of(CaseData data, String intakeJson, OffsetDateTime now, String idempotencyKey) {
        return new CaseRecord(null, data.externalRef(), data.receivedAt(), data.channel(), data.product().code(),
                data.product().category(), data.problem().category(), data.batchNumber(), data.productionSite(),
                data.customer().province(), data.responsibleUnit().code(), data.responsibleUnit().province(),
                intakeJson, now, idempotencyKey);
    }

    CaseRecord withId(Long newId) {
        return new CaseRecord(newId, externalRef, receivedAt, channel, productCode, productCategory, problemCategory,
                batchNumber, productionSite, customerProvince, unitCode, unitProvince, intakeJson, createdAt,
                idempotencyKey);
    }
}
