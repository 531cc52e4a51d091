package com.example.aftersales.cases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.example.aftersales.policy.facts.CaseFacts;

/**
 * A complaint case as other systems send it (the HTTP contract in DESIGN.md) and as it is recorded.
 * {@code findings} is absent at intake and added by the investigation.
 */
@ProductionNotAfterReceipt
public record CaseData(
        @PlainText @Size(max = 100) String externalRef,
        @NotNull @StorableDate OffsetDateTime receivedAt,
        @NotNull @Pattern(regexp = "MARKETING_BRANCH|QUALITY_DEPARTMENT", message = "{aftersales.channel}") String channel,
        @NotNull @Valid Customer customer,
        @NotNull @Valid ResponsibleUnit responsibleUnit,
        @NotNull @Valid Product product,
        @NotBlank @PlainText @Size(max = 100) String batchNumber,
        @NotNull @StorableDate LocalDate productionDate,
        @NotBlank @PlainText @Size(max = 100) String productionSite,
        @NotNull @Positive Integer quantity,
        @NotNull @Valid Problem problem,
        @NotNull Boolean remoteReplyPossible,
        @Valid Findings findings) {

    static final String CODE = "[A-Z][A-Z0-9_]*";
    static final String CODE_MESSAGE = "{aftersales.code}";

    public record Customer(@NotBlank @PlainText @Size(max = 200) String name, @NotBlank @PlainText @Size(max = 100) String province,
                           @PlainText @Size(max = 200) String contact) {
    }

    public record ResponsibleUnit(@NotBlank @PlainText @Size(max = 100) String code,
                                  @NotBlank @PlainText @Size(max = 100) String province) {
    }

    public record Product(@NotBlank @PlainText @Size(max = 100) String code, @PlainText @Size(max = 200) String name,
                          @NotNull @Pattern(regexp = CODE, message = CODE_MESSAGE) @Size(max = 100) String category,
                          @PlainText @Size(max = 200) String spec, @NotNull Boolean regulated) {
    }

    public record Problem(@NotNull @Pattern(regexp = CODE, message = CODE_MESSAGE) @Size(max = 100) String category,
                          @PlainText(multiline = true) @Size(max = 4000) String description) {
    }

    public record Findings(
            @NotNull @Pattern(regexp = "PRODUCT_DEFECT|IMPROPER_OPERATION|UNDETERMINED",
                    message = "{aftersales.cause}") String cause,
            Boolean repairable,
            Boolean problemProductOnSite,
            @PositiveOrZero @Digits(integer = 13, fraction = 2) BigDecimal directLossCny,
            Boolean compensationClaimed,
            @PositiveOrZero @Digits(integer = 13, fraction = 2) BigDecimal remedyValueCny,
            @PositiveOrZero Integer staffDispatched,
            Boolean representative) {
    }

    public CaseData withFindings(Findings newFindings) {
        return new CaseData(externalRef, receivedAt, channel, customer, responsibleUnit, product, batchNumber,
                productionDate, productionSite, quantity, problem, remoteReplyPossible, newFindings);
    }

    /** The flat facts the rules see. */
    public CaseFacts toFacts() {
        CaseFacts.Findings f = findings == null ? null : new CaseFacts.Findings(findings.cause(), findings.repairable(),
                findings.problemProductOnSite(), findings.directLossCny(), findings.compensationClaimed(),
                findings.remedyValueCny(), findings.staffDispatched(), findings.representative());
        return new CaseFacts(receivedAt, channel, customer.province(), responsibleUnit.code(), responsibleUnit.province(),
                product.code(), product.category(), Boolean.TRUE.equals(product.regulated()), batchNumber, productionDate,
                productionSite, quantity, problem.category(), Boolean.TRUE.equals(remoteReplyPossible), f);
    }
}
