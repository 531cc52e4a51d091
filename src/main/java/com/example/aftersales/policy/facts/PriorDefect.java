package com.example.aftersales.policy.facts;

import java.time.OffsetDateTime;

/**
 * A confirmed product defect recorded before the case under evaluation (its latest evaluation found cause
 * {@code PRODUCT_DEFECT}). The service loads them; the recurring and systemic rules (P20) count them.
 */
public final class PriorDefect {

    private final long caseId;
    private final OffsetDateTime receivedAt;
    private final String productCode;
    private final String problemCategory;
    private final String batchNumber;
    private final String productionSite;

    public PriorDefect(long caseId, OffsetDateTime receivedAt, String productCode, String problemCategory,
                       String batchNumber, String productionSite) {
        this.caseId = caseId;
        this.receivedAt = receivedAt;
        this.productCode = productCode;
        this.problemCategory = problemCategory;
        this.batchNumber = batchNumber;
        this.productionSite = productionSite;
    }

    public long getCaseId() { return caseId; }
    public OffsetDateTime getReceivedAt() { return receivedAt; }
    public long getReceivedEpochSecond() { return receivedAt.toEpochSecond(); }
    public String getProductCode() { return productCode; }
    public String getProblemCategory() { return problemCategory; }
    public String getBatchNumber() { return batchNumber; }
    public String getProductionSite() { return productionSite; }
}
