package com.example.aftersales.followup;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The follow-up state of each case with events ({@code case_followup}, migration V9): the times of the events the
 * due and overdue lists ask about, kept up to date in the transaction that records each event, so that
 * {@link Deadlines} reads one row per case instead of the case's events. Times rather than flags: "had the case been
 * closed by {@code at}?" is {@code closed_at <= at}, so a past moment is answered as it stood then. Derived from
 * {@code case_event} only: {@link #DERIVED} computes the same columns from the events, and {@link #rebuild()} replaces
 * every row with it (migration V9 fills the table the same way).
 */
@Component
public class CaseFollowupState {

    /** The latest corrective action event is an opening: one is open, not settled. */
    static final OffsetDateTime OPEN_ACTION = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    static final String COLUMNS = """
            case_id, first_arrival_at, first_result_form_at, first_call_at, first_action_opened_at, first_findings_at,
            last_findings_at, action_settled_at, closed_at""";

    /** The state of each case computed from its events ({@code :caseId} null: every case). Same as migration V9. */
    static final String DERIVED = """
            select e.case_id,
                   min(case when e.type = 'ON_SITE_ARRIVAL' then e.occurred_at end) as first_arrival_at,
                   min(case when e.type = 'RESULT_FORM_RECEIVED' then e.occurred_at end) as first_result_form_at,
                   min(case when e.type = 'SATISFACTION_CALL' then e.occurred_at end) as first_call_at,
                   min(case when e.type = 'CORRECTIVE_ACTION_OPENED' then e.occurred_at end) as first_action_opened_at,
                   min(case when e.type = 'FINDINGS_RECORDED' then e.occurred_at end) as first_findings_at,
                   max(case when e.type = 'FINDINGS_RECORDED' then e.occurred_at end) as last_findings_at,
                   max(case when a.type = 'CORRECTIVE_ACTION_VERIFIED' then a.occurred_at
                            when a.type = 'CORRECTIVE_ACTION_OPENED' then timestamp with time zone '9999-12-31 00:00:00+00' end) as action_settled_at,
                   min(case when e.type in ('CASE_CLOSED', 'ARCHIVED') then e.occurred_at end) as closed_at
            from case_event e
            left join case_event a on a.id = e.id
                 and a.seq = (select max(x.seq) from case_event x where x.case_id = e.case_id
                              and x.type in ('CORRECTIVE_ACTION_OPENED', 'CORRECTIVE_ACTION_VERIFIED'))
            where cast(:caseId as bigint) is null or e.case_id = :caseId
            group by e.case_id""";

    private final JdbcClient jdbc;
    private final Obligations obligations;
    private final Notices notices;

    CaseFollowupState(JdbcClient jdbc, Obligations obligations, Notices notices) {
        this.jdbc = jdbc;
        this.obligations = obligations;
        this.notices = notices;
    }

    /**
     * Takes in one event just recorded (in the caller's transaction, after the event's insert: the unique
     * {@code (case_id, seq)} of {@code case_event} lets only one writer per case get here at a time).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recorded(long caseId, EventType type, OffsetDateTime occurredAt) {
        String set = switch (type) {
            case ON_SITE_ARRIVAL -> first("first_arrival_at");
            case RESULT_FORM_RECEIVED -> first("first_result_form_at");
            case SATISFACTION_CALL -> first("first_call_at");
            case CORRECTIVE_ACTION_OPENED -> first("first_action_opened_at") + ", action_settled_at = :open";
            case CORRECTIVE_ACTION_VERIFIED -> "action_settled_at = :at";
            case FINDINGS_RECORDED -> first("first_findings_at")
                    + ", last_findings_at = case when last_findings_at is null or last_findings_at < :at then :at"
                    + " else last_findings_at end";
            case CASE_CLOSED, ARCHIVED -> first("closed_at");
            case NOTICE_CIRCULATED, RECTIFICATION_ORDER_ISSUED, RECTIFICATION_ORDER_CLOSED -> null;
        };
        jdbc.sql("insert into case_followup (case_id) select :caseId where not exists"
                        + " (select 1 from case_followup where case_id = :caseId)")
                .param("caseId", caseId).update();
        if (set != null) {
            jdbc.sql("update case_followup set " + set + " where case_id = :caseId")
                    .param("caseId", caseId).param("at", occurredAt).param("open", OPEN_ACTION).update();
            obligations.refresh(java.util.List.of(caseId));
        }
        if (type == EventType.NOTICE_CIRCULATED) {
            notices.circulated(caseId, occurredAt);
        }
    }

    private static String first(String column) {
        return column + " = case when " + column + " is null or " + column + " > :at then :at else " + column + " end";
    }

    /** Replaces every row with the state derived from {@code case_event} (events written other than by the API). */
    @Transactional
    public int rebuild() {
        jdbc.sql("delete from case_followup").update();
        int rows = jdbc.sql("insert into case_followup (" + COLUMNS + ") " + DERIVED).param("caseId", null).update();
        obligations.rebuild();
        notices.rebuild();
        return rows;
    }

    /** The stored row of a case, column name to value (times as instants), if it has one. */
    Optional<Map<String, Object>> stored(long caseId) {
        return jdbc.sql("select " + COLUMNS + " from case_followup where case_id = :caseId").param("caseId", caseId)
                .query().listOfRows().stream().findFirst();
    }

    /** The row {@link #DERIVED} computes for a case from its events, if it has any. */
    Optional<Map<String, Object>> derived(long caseId) {
        return jdbc.sql("select * from (" + DERIVED + ") d").param("caseId", caseId)
                .query().listOfRows().stream().findFirst();
    }
}
