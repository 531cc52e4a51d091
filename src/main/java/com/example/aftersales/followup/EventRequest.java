package com.example.aftersales.followup;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.example.aftersales.cases.CaseData;

/**
 * Body of {@code POST /api/cases/{id}/events}. {@code type} and {@code occurredAt} always; the other fields belong to
 * some types only (see {@link CaseEventService}) and are refused on the others.
 *
 * @param recordedBy who records it, when the request carries no authenticated user (then it is required)
 */
public record EventRequest(
        @NotNull @Pattern(regexp = EventType.PATTERN, message = "must be one of " + EventType.PATTERN) String type,
        @NotNull OffsetDateTime occurredAt,
        @Size(max = 200) String recordedBy,
        @Valid CaseData.Findings findings,
        Boolean customerSigned,
        @Valid @Size(max = 100) List<@NotNull @Valid ResultLine> lines,
        Boolean satisfied,
        @Size(max = 4000) String remarks,
        @Positive Long orderId,
        Integer archiveYear) {

    /** One product returned, replaced or compensated, as the result form states it (P14). */
    public record ResultLine(
            @NotNull @Pattern(regexp = "RETURNED|REPLACED|COMPENSATED", message = "must be RETURNED, REPLACED or COMPENSATED") String disposition,
            @NotBlank @Size(max = 100) String productCode,
            @Size(max = 200) String productName,
            @Size(max = 200) String spec,
            @NotNull @Positive Integer quantity,
            @NotBlank @Size(max = 1000) String reason) {
    }

    EventType eventType() {
        return EventType.valueOf(type);
    }
}
