package com.example.aftersales.followup;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What each open case still owes and by when, as of a moment {@code at}: only cases received by then, only events
 * that occurred by then, and of each case the latest evaluation that had taken effect by then
 * ({@link #evaluationAsOf}), count, so a past moment gives the answer it had then. A case closed by then owes
 * nothing. "The latest evaluation" below is that one. Kinds:
 * <ul>
 * <li>{@code ARRIVAL} (P2) — the evaluation's {@code RESPONSE_DEADLINE}, met by the first {@code ON_SITE_ARRIVAL};
 * <li>{@code RESULT_FORM} (P14, P16) — {@code resultFormDays} after the first arrival, met by {@code RESULT_FORM_RECEIVED};
 * <li>{@code SATISFACTION_CALL} (P18) — when the latest evaluation requires it: {@code satisfactionCallDays} after the
 *     first result form (on-site cases; none before it) or after receipt (others), met by {@code SATISFACTION_CALL};
 * <li>{@code CORRECTIVE_ACTION_OPEN} (P17) — when the latest evaluation requires four no-let-go:
 *     {@code correctiveActionOpenDays} after the latest {@code FINDINGS_RECORDED} (else receipt), met by
 *     {@code CORRECTIVE_ACTION_OPENED};
 * <li>{@code CORRECTIVE_ACTION_VERIFY} (P17) — {@code correctiveActionDays} after an opening not yet verified.
 * </ul>
 * Computed in one SQL statement over the records, sorted and cut in the database.
 */
@Service
public class Deadlines {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(long caseId, String externalRef, String unitCode, String kind, OffsetDateTime deadline,
                       Duration lateBy, Long lateMinutes, Duration dueIn, Long dueInMinutes) {
    }

    /** {@code items} holds at most the configured number; {@code total} counts them all. */
    public record Items(OffsetDateTime at, OffsetDateTime until, long total, List<Item> items) {
    }

    private final JdbcClient jdbc;
    private final FollowupProperties settings;

    Deadlines(JdbcClient jdbc, FollowupProperties settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Deadlines passed by {@code at} and not met, the most late first. */
    public Items overdue(OffsetDateTime at, String unit) {
        return items(at, null, unit, "i.deadline < :at", "i.deadline, i.case_id, i.kind");
    }

    /** Deadlines not met, falling from {@code at} (included) to {@code until} (excluded), soonest first. */
    public Items due(OffsetDateTime at, OffsetDateTime until, String unit) {
        return items(at, until, unit, "i.deadline >= :at and i.deadline < :until", "i.deadline, i.case_id, i.kind");
    }

    /** {@code unit}: only the cases of this responsible unit, when given. */
    private Items items(OffsetDateTime at, OffsetDateTime until, String unit, String condition, String order) {
        String items = items(unit != null && !unit.isBlank());
        long total = jdbc.sql(items + " select count(*) from items i where " + condition)
                .param("at", at).param("until", until == null ? at : until).param("unit", unit).query(Long.class).single();
        List<Item> list = jdbc.sql(items + """
                 select i.case_id, k.external_ref, k.unit_code, i.kind, i.deadline
                 from items i join aftersales_case k on k.id = i.case_id
                 where %s order by %s limit %d""".formatted(condition, order, settings.maxItems()))
                .param("at", at).param("until", until == null ? at : until).param("unit", unit)
                .query((rs, n) -> item(at, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class))).list();
        return new Items(at, until, total, list);
    }

    private static Item item(OffsetDateTime at, long caseId, String ref, String unit, String kind, OffsetDateTime deadline) {
        if (deadline.isBefore(at)) {
            Duration late = Duration.between(deadline, at);
            return new Item(caseId, ref, unit, kind, deadline, late, late.toMinutes(), null, null);
        }
        Duration left = Duration.between(at, deadline);
        return new Item(caseId, ref, unit, kind, deadline, null, null, left, left.toMinutes());
    }

    /**
     * SQL for the id of the evaluation of case {@code caseId} that stood at {@code :at}: the latest one that had taken
     * effect by then. The first evaluation takes effect when the case is received (it is decided on the intake); one
     * appended by a {@code FINDINGS_RECORDED} event when that event occurred (like every other event); one appended
     * without an event ({@code POST /api/cases/{id}/evaluations}) when it was recorded ({@code evaluated_at}).
     */
    static String evaluationAsOf(String caseId) {
        return """
                (select e.id from evaluation e where e.case_id = %1$s
                 and e.seq = (select max(x.seq) from evaluation x
                              where x.case_id = %1$s
                                and (x.seq = 1 or coalesce((select f.occurred_at from case_event f
                                                            where f.evaluation_id = x.id), x.evaluated_at) <= :at)))""".formatted(caseId);
    }

    /** The open obligations as of :at, one row per case and kind (case_id, kind, deadline). */
    private String items(boolean byUnit) {
        return """
                with open_case as (
                    select k.id, k.received_at, %6$s as evaluation_id
                    from aftersales_case k
                    where k.received_at <= :at %5$s
                      and not exists (select 1 from case_event c where c.case_id = k.id
                                      and c.type in ('CASE_CLOSED', 'ARCHIVED') and c.occurred_at <= :at)
                ),
                first_event as (
                    select case_id, type, min(occurred_at) as occurred_at, max(occurred_at) as last_at
                    from case_event where occurred_at <= :at
                      and type in ('ON_SITE_ARRIVAL', 'RESULT_FORM_RECEIVED', 'SATISFACTION_CALL',
                                   'CORRECTIVE_ACTION_OPENED', 'FINDINGS_RECORDED')
                    group by case_id, type
                ),
                items as (
                    select k.id as case_id, 'ARRIVAL' as kind, cast(d.decision_value as timestamp with time zone) as deadline
                    from open_case k join decision d on d.evaluation_id = k.evaluation_id and d.type = 'RESPONSE_DEADLINE'
                    where not exists (select 1 from first_event f where f.case_id = k.id and f.type = 'ON_SITE_ARRIVAL')
                    union all
                    select k.id, 'RESULT_FORM', a.occurred_at + interval '%1$d' day
                    from open_case k join first_event a on a.case_id = k.id and a.type = 'ON_SITE_ARRIVAL'
                    where not exists (select 1 from first_event f where f.case_id = k.id and f.type = 'RESULT_FORM_RECEIVED')
                    union all
                    select k.id, 'SATISFACTION_CALL',
                           case when h.decision_value = 'ON_SITE' then r.occurred_at else k.received_at end
                               + interval '%2$d' day
                    from open_case k
                    join decision s on s.evaluation_id = k.evaluation_id and s.type = 'SATISFACTION_CALL'
                    left join decision h on h.evaluation_id = k.evaluation_id and h.type = 'HANDLING'
                    left join first_event r on r.case_id = k.id and r.type = 'RESULT_FORM_RECEIVED'
                    where (h.decision_value is null or h.decision_value <> 'ON_SITE' or r.occurred_at is not null)
                      and not exists (select 1 from first_event f where f.case_id = k.id and f.type = 'SATISFACTION_CALL')
                    union all
                    select k.id, 'CORRECTIVE_ACTION_OPEN', coalesce(g.last_at, k.received_at) + interval '%3$d' day
                    from open_case k
                    join decision n on n.evaluation_id = k.evaluation_id and n.type = 'FOUR_NO_LET_GO'
                    left join first_event g on g.case_id = k.id and g.type = 'FINDINGS_RECORDED'
                    where not exists (select 1 from first_event f where f.case_id = k.id and f.type = 'CORRECTIVE_ACTION_OPENED')
                    union all
                    select k.id, 'CORRECTIVE_ACTION_VERIFY', o.occurred_at + interval '%4$d' day
                    from open_case k join case_event o on o.case_id = k.id and o.type = 'CORRECTIVE_ACTION_OPENED'
                    where o.occurred_at <= :at
                      and not exists (select 1 from case_event v where v.case_id = k.id
                                      and v.type = 'CORRECTIVE_ACTION_VERIFIED' and v.seq > o.seq and v.occurred_at <= :at)
                )
                """.formatted(settings.resultFormDays(), settings.satisfactionCallDays(),
                settings.correctiveActionOpenDays(), settings.correctiveActionDays(), byUnit ? "and k.unit_code = :unit" : "",
                evaluationAsOf("k.id"));
    }
}
