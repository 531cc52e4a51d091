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
 * Computed in SQL (the counts by kind over the whole list, and a page of it sorted and cut in the database), over the cases not closed
 * by {@code at}: of each, its follow-up state ({@link CaseFollowupState}, the times of its events, compared with
 * {@code at}) and the decisions of its evaluation in effect; the events themselves are read only for the few cases
 * whose findings or corrective actions occurred on both sides of {@code at}. Flat joins, no nested views: H2 answered
 * a view nested in another with the result it had computed for another {@code at}.
 */
@Service
public class Deadlines {

    /** The kinds of deadline, in the order above. */
    public static final List<String> KINDS = List.of("ARRIVAL", "RESULT_FORM", "SATISFACTION_CALL",
            "CORRECTIVE_ACTION_OPEN", "CORRECTIVE_ACTION_VERIFY");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(long caseId, String externalRef, String unitCode, String kind, OffsetDateTime deadline,
                       Duration lateBy, Long lateMinutes, Duration dueIn, Long dueInMinutes) {
    }

    /**
     * A page of the list: {@code items} holds at most {@code size} (the {@code page}-th from 0); {@code total} and
     * {@code byKind} count the whole list, whatever the page (by kind sums to total).
     */
    public record Items(OffsetDateTime at, OffsetDateTime until, long total, List<Item> items, int page, int size,
                        String sort, java.util.Map<String, Long> byKind) {
    }

    /** The sorts a list may be asked for (a leading - reverses): their SQL columns, fixed here. */
    public static final java.util.Map<String, String> SORTS = sorts();

    private static java.util.Map<String, String> sorts() {
        java.util.Map<String, String> sorts = new java.util.LinkedHashMap<>();
        sorts.put("deadline", "i.deadline");
        sorts.put("unit", "i.unit_code, i.deadline");
        sorts.put("kind", "i.kind, i.deadline");
        sorts.put("case", "i.external_ref, i.deadline");
        return java.util.Collections.unmodifiableMap(sorts);
    }

    private final JdbcClient jdbc;
    private final FollowupProperties settings;

    Deadlines(JdbcClient jdbc, FollowupProperties settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** The largest page (aftersales.followup.max-items), also the page of a request that names none. */
    public int maxItems() {
        return settings.maxItems();
    }

    /** Deadlines passed by {@code at} and not met, the most late first: the first page of the largest size. */
    public Items overdue(OffsetDateTime at, String unit) {
        return overdue(at, unit, new Paging(0, settings.maxItems(), "deadline"));
    }

    /** Deadlines not met, falling from {@code at} (included) to {@code until} (excluded), soonest first. */
    public Items due(OffsetDateTime at, OffsetDateTime until, String unit) {
        return due(at, until, unit, new Paging(0, settings.maxItems(), "deadline"));
    }

    /** A page of the overdue deadlines, sorted as asked ({@link #SORTS}). */
    public Items overdue(OffsetDateTime at, String unit, Paging paging) {
        return items(at, null, unit, "i.deadline < :at", paging);
    }

    /** A page of the deadlines due from {@code at} to {@code until}, sorted as asked ({@link #SORTS}). */
    public Items due(OffsetDateTime at, OffsetDateTime until, String unit, Paging paging) {
        return items(at, until, unit, "i.deadline >= :at and i.deadline < :until", paging);
    }

    /**
     * {@code unit}: only the cases of this responsible unit, when given. Two statements: the counts by kind over the
     * whole list (grouped in the database), and the page, sorted and cut in the database.
     */
    private Items items(OffsetDateTime at, OffsetDateTime until, String unit, String condition, Paging paging) {
        boolean byUnit = unit != null && !unit.isBlank();
        java.util.Map<String, Long> byKind = new java.util.LinkedHashMap<>();
        KINDS.forEach(k -> byKind.put(k, 0L));
        jdbc.sql(items(byUnit) + " select i.kind, count(*) from items i where " + condition + " group by i.kind")
                .param("at", at).param("until", until == null ? at : until).param("unit", unit)
                .query((rs, n) -> byKind.put(rs.getString(1), rs.getLong(2))).list();
        long total = byKind.values().stream().mapToLong(Long::longValue).sum();
        List<Item> list = total <= paging.offset() ? List.of() : jdbc.sql(items(byUnit) + """
                 select i.case_id, i.external_ref, i.unit_code, i.kind, i.deadline
                 from items i
                 where %s order by %s limit %d offset %d""".formatted(condition,
                        paging.orderBy(SORTS, "i.case_id, i.kind"), paging.size(), paging.offset()))
                .param("at", at).param("until", until == null ? at : until).param("unit", unit)
                .query((rs, n) -> item(at, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class))).list();
        return new Items(at, until, total, list, paging.page(), paging.size(), paging.sort(), byKind);
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

    /**
     * The open obligations as of :at, one row per case and kind (case_id, external_ref, unit_code, kind, deadline).
     * The cases open at :at are those received by then whose follow-up state ({@link CaseFollowupState}) has no
     * closing by then; of each, one row with the times of its events by then and the decisions of its evaluation in
     * effect then, turned into one row per kind ({@code deadline} null where nothing is owed). A corrective action
     * still to verify is read from the events, of the few cases whose actions were not all settled by :at.
     */
    private String items(boolean byUnit) {
        return """
                with items as (
                    select k.id as case_id, k.external_ref, k.unit_code, w.kind,
                           case w.kind
                           when 'ARRIVAL' then case when f.first_arrival_at <= :at then null
                                else cast(r.decision_value as timestamp with time zone) end
                           when 'RESULT_FORM' then case when f.first_arrival_at <= :at
                                and (f.first_result_form_at is null or f.first_result_form_at > :at)
                                then f.first_arrival_at + interval '%1$d' day end
                           when 'SATISFACTION_CALL' then case when s.evaluation_id is not null
                                and (f.first_call_at is null or f.first_call_at > :at)
                                then case when h.decision_value = 'ON_SITE'
                                          then case when f.first_result_form_at <= :at then f.first_result_form_at end
                                          else k.received_at end + interval '%2$d' day end
                           when 'CORRECTIVE_ACTION_OPEN' then case when n.evaluation_id is not null
                                and (f.first_action_opened_at is null or f.first_action_opened_at > :at)
                                then coalesce(case when f.last_findings_at <= :at then f.last_findings_at
                                                   when f.first_findings_at <= :at then
                                                        (select max(c.occurred_at) from case_event c
                                                         where c.type = 'FINDINGS_RECORDED' and c.case_id = k.id
                                                           and c.occurred_at <= :at) end,
                                              k.received_at) + interval '%3$d' day end
                           end as deadline
                    from aftersales_case k
                    left join case_followup f on f.case_id = k.id
                    join evaluation e on e.case_id = k.id
                         and e.seq = coalesce((select max(x.seq) from evaluation x where x.case_id = k.id and x.seq > 1
                                               and coalesce((select v.occurred_at from case_event v
                                                             where v.evaluation_id = x.id), x.evaluated_at) <= :at), 1)
                    left join decision r on r.evaluation_id = e.id and r.type = 'RESPONSE_DEADLINE'
                    left join decision h on h.evaluation_id = e.id and h.type = 'HANDLING'
                    left join decision s on s.evaluation_id = e.id and s.type = 'SATISFACTION_CALL'
                    left join decision n on n.evaluation_id = e.id and n.type = 'FOUR_NO_LET_GO'
                    cross join (values ('ARRIVAL'), ('RESULT_FORM'), ('SATISFACTION_CALL'), ('CORRECTIVE_ACTION_OPEN')) w (kind)
                    where k.received_at <= :at and (f.closed_at is null or f.closed_at > :at) %5$s
                    union all
                    select k.id, k.external_ref, k.unit_code, 'CORRECTIVE_ACTION_VERIFY', o.occurred_at + interval '%4$d' day
                    from case_followup f
                    join aftersales_case k on k.id = f.case_id
                    join case_event o on o.case_id = f.case_id and o.type = 'CORRECTIVE_ACTION_OPENED'
                    where f.action_settled_at > :at and o.occurred_at <= :at
                      and (f.closed_at is null or f.closed_at > :at) %5$s
                      and not exists (select 1 from case_event v where v.case_id = o.case_id
                                      and v.type = 'CORRECTIVE_ACTION_VERIFIED' and v.seq > o.seq and v.occurred_at <= :at)
                )
                """.formatted(settings.resultFormDays(), settings.satisfactionCallDays(),
                settings.correctiveActionOpenDays(), settings.correctiveActionDays(), byUnit ? "and k.unit_code = :unit" : "");
    }
}
