package com.example.aftersales.replay;

import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * What to replay: the candidate rules, the baseline to compare with ({@code "RECORDED"}, the default, or
 * {@code {"rulesetVersion": …}}), and the population: cases received from {@code from} to {@code to} (dates,
 * inclusive) matching the optional filters.
 */
public record ReplayRequest(@Valid Candidate candidate,
                            @io.swagger.v3.oas.annotations.media.Schema(ref = "#/components/schemas/Baseline") JsonNode baseline, @NotNull LocalDate from, @NotNull LocalDate to,
                     @Valid Filters filters) {

    public record Candidate(@Pattern(regexp = "[0-9a-f]{64}", message = "must be a ruleset version (64 hex digits)") String rulesetVersion) {
    }

    public record Filters(String productCode, String productCategory, String province, String responsibleUnit,
                   String decisionType, String decisionValue) {
        public static final Filters NONE = new Filters(null, null, null, null, null, null);
    }

    @AssertTrue(message = "must not be before from")
    boolean isTo() {
        return from == null || to == null || !to.isBefore(from);
    }

    @AssertTrue(message = "must be \"RECORDED\" or {\"rulesetVersion\": \"<64 hex digits>\"}")
    boolean isBaseline() {
        return baseline == null || baseline.isNull() || baselineVersion() != null
                || (baseline.isString() && "RECORDED".equals(baseline.asString()));
    }

    /** The baseline ruleset version, or null to compare with the decisions as recorded. */
    String baselineVersion() {
        if (baseline != null && baseline.isObject() && baseline.get("rulesetVersion") != null) {
            String version = baseline.get("rulesetVersion").asString();
            return version.matches("[0-9a-f]{64}") ? version : null;
        }
        return null;
    }

    Filters filtersOrNone() {
        return filters == null ? Filters.NONE : filters;
    }
}
