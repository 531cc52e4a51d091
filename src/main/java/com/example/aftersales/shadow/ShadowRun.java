package com.example.aftersales.shadow;

import java.time.OffsetDateTime;
import java.util.List;

import com.example.aftersales.replay.ReplaySummary;

/**
 * A shadow run as it stands: the draft and the rules it is compared with, who started it and how it ends, the
 * evaluations shadowed and how many agreed, failed or were skipped (sampled), the differences by decision type and
 * the comparison with its money ({@code comparison.business}, as in the impact view).
 *
 * @param agreementRate agreed / shadowed (0..1), null before the first case
 * @param warnings      {@code SAMPLED}: the backlog was full at times, some evaluations were not shadowed;
 *                      {@code DRAFT_FAILED}: the draft could not decide some cases
 */
public record ShadowRun(long id, String draftVersion, String activeVersion, String status, String stopReason,
                        String startedBy, OffsetDateTime startedAt, OffsetDateTime endsAt, Long maxCases,
                        String stoppedBy, OffsetDateTime stoppedAt, long shadowed, long agreed, long failed, long skipped,
                        Double agreementRate, List<TypeCount> differencesByType, List<String> warnings,
                        ReplaySummary.View comparison) {

    public static final String RUNNING = "RUNNING";
    public static final String STOPPED = "STOPPED";
    public static final String BY_HAND = "BY_HAND";
    public static final String END_DATE = "END_DATE";
    public static final String MAX_CASES = "MAX_CASES";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String SAMPLED = "SAMPLED";
    public static final String DRAFT_FAILED = "DRAFT_FAILED";
    /** The decision type of a difference where the draft could not decide at all. */
    public static final String SHADOW_FAILED = "SHADOW_FAILED";

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** Evaluations whose decisions differ (or the draft failed), and how many decisions of a type differ. */
    public long disagreed() {
        return shadowed - agreed;
    }

    /** Differences of one decision type. */
    public record TypeCount(String type, long count) {
    }

    /** One decision decided differently, in one case's evaluation, and the rules that fired on one side only. */
    public record Difference(long id, long caseId, long evaluationId, String decisionType, String activeValue,
                             String shadowValue, List<Rule> activeOnlyRules, List<Rule> shadowOnlyRules,
                             OffsetDateTime recordedAt) {
    }

    /** A rule that fired, and where it is written. */
    public record Rule(String rule, String source) {
    }

    /** A page of differences, with how many there are in all. */
    public record Page(List<Difference> items, long total, int page, int size) {
    }
}
