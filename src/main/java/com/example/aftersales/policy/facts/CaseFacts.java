package com.example.aftersales.policy.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The case as the rules see it: flat, immutable, with the investigation findings when there are any.
 * Rules read it and never change it; {@link #getReceivedAt()} is the reference time of every rule.
 */
public final class CaseFacts {

    private final OffsetDateTime receivedAt;
    private final String channel;
    private final String customerProvince;
    private final String unitCode;
    private final String unitProvince;
    private final String productCode;
    private final String productCategory;
    private final boolean regulated;
    private final String batchNumber;
    private final LocalDate productionDate;
    private final String productionSite;
    private final int quantity;
    private final String problemCategory;
    private final boolean remoteReplyPossible;
    private final Findings findings;

    public CaseFacts(OffsetDateTime receivedAt, String channel, String customerProvince, String unitCode,
                     String unitProvince, String productCode, String productCategory, boolean regulated,
                     String batchNumber, LocalDate productionDate, String productionSite, int quantity,
                     String problemCategory, boolean remoteReplyPossible, Findings findings) {
        this.receivedAt = receivedAt;
        this.channel = channel;
        this.customerProvince = customerProvince;
        this.unitCode = unitCode;
        this.unitProvince = unitProvince;
        this.productCode = productCode;
        this.productCategory = productCategory;
        this.regulated = regulated;
        this.batchNumber = batchNumber;
        this.productionDate = productionDate;
        this.productionSite = productionSite;
        this.quantity = quantity;
        this.problemCategory = problemCategory;
        this.remoteReplyPossible = remoteReplyPossible;
        this.findings = findings;
    }

    public OffsetDateTime getReceivedAt() { return receivedAt; }
    /** The calendar date of receipt, in the time zone the case was received in. */
    public LocalDate getReceivedDate() { return receivedAt.toLocalDate(); }
    public long getReceivedEpochSecond() { return receivedAt.toEpochSecond(); }
    public String getChannel() { return channel; }
    public String getCustomerProvince() { return customerProvince; }
    public String getUnitCode() { return unitCode; }
    public String getUnitProvince() { return unitProvince; }
    /** P2: the customer is in the same province as the responsible unit. */
    public boolean isSameProvince() {
        return customerProvince != null && customerProvince.trim().equalsIgnoreCase(unitProvince == null ? null : unitProvince.trim());
    }
    public String getProductCode() { return productCode; }
    public String getProductCategory() { return productCategory; }
    public boolean isRegulated() { return regulated; }
    public String getBatchNumber() { return batchNumber; }
    public LocalDate getProductionDate() { return productionDate; }
    public String getProductionSite() { return productionSite; }
    public int getQuantity() { return quantity; }
    public String getProblemCategory() { return problemCategory; }
    public boolean isRemoteReplyPossible() { return remoteReplyPossible; }

    public Findings getFindings() { return findings; }
    public boolean isInvestigated() { return findings != null; }
    public String getCause() { return findings == null ? null : findings.cause(); }
    public Boolean getRepairable() { return findings == null ? null : findings.repairable(); }
    public Boolean getProblemProductOnSite() { return findings == null ? null : findings.problemProductOnSite(); }
    public BigDecimal getDirectLossCny() { return findings == null ? null : findings.directLossCny(); }
    public Boolean getCompensationClaimed() { return findings == null ? null : findings.compensationClaimed(); }
    public BigDecimal getRemedyValueCny() { return findings == null ? null : findings.remedyValueCny(); }
    public Integer getStaffDispatched() { return findings == null ? null : findings.staffDispatched(); }
    public Boolean getRepresentative() { return findings == null ? null : findings.representative(); }

    /** Start of a look-back window of {@code days} days ending at the reference time, in epoch seconds. */
    public long windowStartEpochSecond(int days) {
        return receivedAt.toEpochSecond() - days * 86_400L;
    }

    /** The reference time plus {@code hours}, as an ISO-8601 timestamp in the case's own offset. */
    public String plusHours(int hours) {
        return receivedAt.plusHours(hours).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** What the investigation found (P9, P10); absent at intake. */
    public record Findings(String cause, Boolean repairable, Boolean problemProductOnSite, BigDecimal directLossCny,
                           Boolean compensationClaimed, BigDecimal remedyValueCny, Integer staffDispatched,
                           Boolean representative) {
    }
}
