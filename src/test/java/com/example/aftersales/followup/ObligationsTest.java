package com.example.aftersales.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What a case owes over time ({@link Obligations#rows}), without a database: the spans end and begin at the case's
 * own times. The lists built on them are compared with the statement over every event in {@code FollowupStateTest}.
 */
class ObligationsTest {

    static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2022-09-05T09:30:00+08:00");

    @Test
    void anOnSiteDefectOwesArrivalThenResultFormThenCallAndAnActionUntilClosed() {
        var intake = Obligations.Standing.of(1, RECEIVED, Map.of("RESPONSE_DEADLINE", "2022-09-06T09:30:00+08:00",
                "HANDLING", "ON_SITE", "SATISFACTION_CALL", "REQUIRED", "FOUR_NO_LET_GO", "REQUIRED"));
        OffsetDateTime arrived = RECEIVED.plusHours(20), form = RECEIVED.plusDays(2), closed = RECEIVED.plusDays(30);
        var rows = Obligations.rows(7, "R-7", "SUB-01", RECEIVED, List.of(intake), List.of(
                new Obligations.Happening(1, "ON_SITE_ARRIVAL", arrived),
                new Obligations.Happening(2, "RESULT_FORM_RECEIVED", form),
                new Obligations.Happening(3, "CASE_CLOSED", closed)));
        assertThat(rows).extracting(r -> r.kind() + " " + r.base().toInstant() + " " + r.validFrom().toInstant()
                        + ".." + r.validUntil().toInstant())
                .containsExactlyInAnyOrder(
                        "ARRIVAL 2022-09-06T01:30:00Z 2022-09-05T01:30:00Z..2022-09-05T21:30:00Z",
                        "CORRECTIVE_ACTION_OPEN 2022-09-05T01:30:00Z 2022-09-05T01:30:00Z..2022-10-05T01:30:00Z",
                        "RESULT_FORM 2022-09-05T21:30:00Z 2022-09-05T21:30:00Z..2022-09-07T01:30:00Z",
                        "SATISFACTION_CALL 2022-09-07T01:30:00Z 2022-09-07T01:30:00Z..2022-10-05T01:30:00Z");
        assertThat(rows).allSatisfy(r -> assertThat(r.unitCode()).isEqualTo("SUB-01"));
    }

    @Test
    void aRemoteCaseOwesTheCallFromReceiptForever() {
        var rows = Obligations.rows(8, "R-8", "SUB-02", RECEIVED,
                List.of(Obligations.Standing.of(1, RECEIVED, Map.of("SATISFACTION_CALL", "REQUIRED"))), List.of());
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("SATISFACTION_CALL");
            assertThat(r.base()).isEqualTo(RECEIVED.withOffsetSameInstant(java.time.ZoneOffset.UTC));
            assertThat(r.validUntil()).isEqualTo(Obligations.FOREVER);
        });
    }

    @Test
    void responseDeadlinesAreReadAsTheRulesAndAsSqlWriteThem() {
        assertThat(Obligations.timestamp("2026-01-02T00:15:00+08:00").toInstant())
                .isEqualTo(Obligations.timestamp("2026-01-02 00:15:00+08").toInstant())
                .isEqualTo(Obligations.timestamp("2026-01-02 00:15:00+08:00").toInstant());
    }
}
