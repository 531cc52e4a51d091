package com.example.aftersales.cases.internal;

import java.time.OffsetDateTime;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A recorded case as received: written once, never changed. Findings live with each evaluation. */
@Table("aftersales_case")
public record CaseRecord(@Id Long id, String externalRef, OffsetDateTime receivedAt, String channel, String productCode,
                  String productCategory, String problemCategory, String batchNumber, String productionSite,
                  String customerProvince, String unitCode, String unitProvince, String intakeJson,
                  OffsetDateTime createdAt, String idempotencyKey, String recordedBy) {
}
