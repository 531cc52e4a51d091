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
 * Read from what each case owes over time, stored when its evaluations and events are written ({@link Obligations}):
 * the counts by kind over the whole list and a page of it sorted and cut in the database, from one narrow table,
 * whatever the number of open cases.
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
        sorts.put("deadline", "deadline");
        sorts.put("unit", "unit_code, deadline");
        sorts.put("kind", "kind, deadline");
        sorts.put("case", "external_ref, deadline");
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
        return items(at, null, unit, paging);
    }

    /** A page of the deadlines due from {@code at} to {@code until}, sorted as asked ({@link #SORTS}). */
    public Items due(OffsetDateTime at, OffsetDateTime until, String unit, Paging paging) {
        return items(at, until, unit, paging);
    }

    /**
     * {@code unit}: only the cases of this responsible unit, when given. Two statements: the counts by kind over the
     * whole list (grouped in the database), and the page, sorted and cut in the database.
     */
    private Items items(OffsetDateTime at, OffsetDateTime until, String unit, Paging paging) {
        boolean byUnit = unit != null && !unit.isBlank();
        java.util.Map<String, Long> byKind = new java.util.LinkedHashMap<>();
        KINDS.forEach(k -> byKind.put(k, 0L));
        jdbc.sql(byKind(until != null, byUnit))
                .param("at", at).param("until", until == null ? at : until).param("unit", unit)
                .query((rs, n) -> byKind.put(rs.getString(1), rs.getLong(2))).list();
        long total = byKind.values().stream().mapToLong(Long::longValue).sum();
        String sql = page(until != null, byUnit, paging);
        List<Item> list = total <= paging.offset() ? List.of() : jdbc.sql(sql)
                .param("at", at).param("until", until == null ? at : until).param("unit", unit)
                .query((rs, n) -> item(at, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class))).list();
        return new Items(at, until, total, list, paging.page(), paging.size(), paging.sort(), byKind);
    }

    /** The days each kind is due after its base (settings; an arrival is due at its base). */
    private int days(String kind) {
        return switch (kind) {
            case "RESULT_FORM" -> settings.resultFormDays();
            case "SATISFACTION_CALL" -> settings.satisfactionCallDays();
            case "CORRECTIVE_ACTION_OPEN" -> settings.correctiveActionOpenDays();
            case "CORRECTIVE_ACTION_VERIFY" -> settings.correctiveActionDays();
            default -> 0;
        };
    }

    /**
     * The open obligations of one kind whose deadline falls in the list, as a range of their base: the deadline is the
     * base plus the kind's days, so "deadline before :at" is "base before :at less the days" — a range that the index
     * on (kind, base, case_id, span, unit) reads alone (V27), rather than a deadline computed for every open obligation.
     */
    private String range(String kind, boolean due, boolean byUnit) {
        String less = "cast(:%s as timestamp with time zone) - interval '" + days(kind) + "' day";
        return "o.kind = '" + kind + "' and o.base < " + less.formatted(due ? "until" : "at")
                + (due ? " and o.base >= " + less.formatted("at") : "")
                + " and o.valid_from <= :at and o.valid_until > :at" + (byUnit ? " and o.unit_code = :unit" : "");
    }

    /** The counts by kind of the whole list: one range count per kind. */
    private String byKind(boolean due, boolean byUnit) {
        return String.join(" union all ", KINDS.stream().map(k -> "select '" + k + "' as kind, count(*) from case_obligation o where "
                + range(k, due, byUnit)).toList());
    }

    /**
     * Of each kind, the order of its range that gives the list's order (V27, V39: the kind's deadlines are its bases
     * plus the same days, so base order is deadline order): the sort's columns, the base in place of the deadline.
     */
    private static final java.util.Map<String, String> BRANCH_ORDER = java.util.Map.of(
            "deadline", "o.base", "kind", "o.base", "unit", "o.unit_code, o.base", "case", "o.external_ref, o.base");

    /**
     * A page of the list in any of its sorts: of each kind the first rows of its range in the sort's order (with the
     * rows tied with the last of them: the list breaks ties by case, which a reversed order reads backwards) — enough
     * to fill the page wherever the kinds interleave — then merged and cut in the order asked. Each kind's rows are
     * read in that order from an index (V27: kind, base; V39: kind, unit, base and kind, reference, base), forwards or
     * backwards, and the reading stops after them (was: every open obligation's deadline computed and sorted, 0.8 s at
     * 100,000 open cases on H2).
     * The branch orders by the kind too (one value there) so that H2 reads the index in its order and stops after
     * those rows (without it, H2 sorted the whole range: 75,000 rows for one kind at 100,000 open cases).
     * The branches are merged by the statement's own union and order, not in a derived table: in a derived table H2
     * read the sort by case from the (kind, unit, base) index, every open obligation of each kind sorted (11 s at
     * 100,000 open cases), not from (kind, reference, base), 26 rows a kind.
     */
    private String page(boolean due, boolean byUnit, Paging paging) {
        long enough = paging.offset() + paging.size();
        boolean reversed = paging.sort().startsWith("-");
        String order = "o.kind, " + BRANCH_ORDER.get(reversed ? paging.sort().substring(1) : paging.sort());
        if (reversed) {
            order = String.join(", ", java.util.Arrays.stream(order.split(", ")).map(c -> c + " desc").toList());
        }
        String byOrder = order;
        String branches = String.join(" union all ", KINDS.stream().map(k -> """
                (select o.case_id, o.external_ref, o.unit_code, o.kind, o.base + interval '%d' day as deadline
                 from case_obligation o where %s order by %s fetch first %d rows with ties)""".formatted(days(k),
                        range(k, due, byUnit), byOrder, enough))
                .toList());
        return "%s order by %s limit %d offset %d".formatted(branches, paging.orderBy(SORTS, "case_id, kind"),
                paging.size(), paging.offset());
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
     * effect by then (read from the follow-up's read model of the evaluations, {@link FollowupCases}). The first evaluation takes effect when the case is received (it is decided on the intake); one
     * appended by a {@code FINDINGS_RECORDED} event when that event occurred (like every other event); one appended
     * without an event ({@code POST /api/cases/{id}/evaluations}) when it was recorded ({@code evaluated_at}).
     */
    static String evaluationAsOf(String caseId) {
        return """
                (select e.evaluation_id from followup_evaluation e where e.case_id = %1$s
                 and e.seq = (select max(x.seq) from followup_evaluation x
                              where x.case_id = %1$s
                                and (x.seq = 1 or coalesce((select f.occurred_at from case_event f
                                                            where f.evaluation_id = x.evaluation_id), x.evaluated_at) <= :at)))""".formatted(caseId);
    }
}
