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

    /**
     * A sort of the list: the columns of the merged list, and those each kind's branch is read in after its kind (see
     * {@link #page}: V27, V39), the base in place of the deadline (a kind's deadlines are its bases plus the same days,
     * so base order is deadline order). {@code leading}: the column the branch's index reads after the kind (V39), when
     * it is not the base: each kind's branch is then read twice, the rows where that column holds a text
     * ({@code >= ''}) and those where it is null — a condition on the column that makes H2 choose that index for a
     * statement with parameters (without it, H2 read another index of the same cost and sorted the kind's whole
     * range: 2.5–15 s at 100,000 open cases for {@code sort=case}, against 30–80 ms), and the nulls still listed —
     * and its base is compared through an expression (see {@link #page}).
     */
    private record Sort(String list, String branch, String leading) {
    }

    /** Every sort a list may be asked for, by name, in one map: a sort cannot have a list order and no branch order. */
    private static final java.util.Map<String, Sort> ORDERS = orders();

    private static java.util.Map<String, Sort> orders() {
        java.util.Map<String, Sort> orders = new java.util.LinkedHashMap<>();
        orders.put("deadline", new Sort("i.deadline", "o.base", null));
        orders.put("unit", new Sort("i.unit_code, i.deadline", "o.unit_code, o.base", "o.unit_code"));
        orders.put("kind", new Sort("i.kind, i.deadline", "o.base", null));
        orders.put("case", new Sort("i.external_ref, i.deadline", "o.external_ref, o.base", "o.external_ref"));
        return java.util.Collections.unmodifiableMap(orders);
    }

    /** The sorts a list may be asked for (a leading - reverses): the merged list's SQL columns, from {@link #ORDERS}. */
    public static final java.util.Map<String, String> SORTS = java.util.Collections.unmodifiableMap(
            ORDERS.entrySet().stream().collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                    e -> e.getValue().list(), (a, b) -> a, java.util.LinkedHashMap::new)));

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
        java.util.Map<String, Long> byKind = counts(at, until, byUnit ? unit : null);
        long total = byKind.values().stream().mapToLong(Long::longValue).sum();
        String sql = page(until != null, byUnit, paging);
        List<Item> list = total <= paging.offset() ? List.of() : jdbc.sql(sql)
                .param("at", at).param("until", until == null ? at : until).param("unit", unit)
                .query((rs, n) -> item(at, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class))).list();
        return new Items(at, until, total, list, paging.page(), paging.size(), paging.sort(), byKind);
    }

    /** The days each kind is due after its base (settings; an arrival is due at its base). OpenCountsTest uses it. */
    int days(String kind) {
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
        return range(kind, due, byUnit, "o.base");
    }

    /** {@link #range(String, boolean, boolean)} with the base as given: a column, or an expression of it. */
    private String range(String kind, boolean due, boolean byUnit, String base) {
        String less = "cast(:%s as timestamp with time zone) - interval '" + days(kind) + "' day";
        return "o.kind = '" + kind + "' and " + base + " < " + less.formatted(due ? "until" : "at")
                + (due ? " and " + base + " >= " + less.formatted("at") : "")
                + " and o.valid_from <= :at and o.valid_until > :at" + (byUnit ? " and o.unit_code = :unit" : "");
    }

    /** The most rows that changed after the moment asked for that {@link #counts} corrects the kept counts with. */
    static final int MAX_CORRECTIONS = 10_000;

    /**
     * The counts by kind of the whole list. Of each kind's range of bases, the whole months inside it are summed from
     * the open counts (V70, kept by {@link Obligations}: the rows that hold until something happens), the rest (the
     * months at its ends, cut a day inside so that no database's day arithmetic puts a counted month outside the
     * range) counted from the index as before. The counts hold what is open now; a row that began after {@code at}
     * or ended after it (a moment in the past, an event recorded ahead) is corrected for, read from the rows' spans
     * (V17's index) in the same statement (one snapshot); should more than {@link #MAX_CORRECTIONS} have changed since
     * {@code at}, every range is counted from the index instead. Exact either way (was: five range counts over every
     * open obligation's index entry, 0.3–2.5 s at 100,000 open cases on H2).
     */
    private java.util.Map<String, Long> counts(OffsetDateTime at, OffsetDateTime until, String unit) {
        boolean due = until != null;
        // of each kind, the months counted whole: from first (included) to last (excluded), when first < last
        java.util.Map<String, int[]> whole = new java.util.LinkedHashMap<>();
        for (String k : KINDS) {
            OffsetDateTime hi = (due ? until : at).minusDays(days(k) + 1L);
            int last = Obligations.month(hi);
            int first = due ? Obligations.month(at.minusDays(days(k) - 1L)) + 1 : Integer.MIN_VALUE;
            if (first < last) whole.put(k, new int[] {first, last});
        }
        java.util.Map<String, Long> byKind = new java.util.LinkedHashMap<>();
        List<Object[]> changed = counts(at, until, unit, whole, byKind);
        if (changed.size() > MAX_CORRECTIONS) {
            whole.clear();
            byKind.clear();
            counts(at, until, unit, whole, byKind);
            return byKind;
        }
        for (Object[] row : changed) { // the open counts are of now: as of at, these count otherwise
            int[] months = whole.get((String) row[0]);
            if (months == null || (unit != null && !unit.equals(row[1]))) continue;
            int month = Obligations.month((OffsetDateTime) row[2]);
            if (month < months[0] || month >= months[1]) continue;
            boolean open = ((OffsetDateTime) row[4]).isEqual(Obligations.FOREVER);
            boolean then = !((OffsetDateTime) row[3]).isAfter(at) && ((OffsetDateTime) row[4]).isAfter(at);
            int correction = (then ? 1 : 0) - (open ? 1 : 0);
            if (correction != 0) byKind.merge((String) row[0], (long) correction, Long::sum);
        }
        return byKind;
    }

    /**
     * One statement: the counts by kind ({@code whole}: the months each kind sums from the open counts) added to
     * {@code byKind}, and (when some months are summed) the rows that changed after {@code at} returned, at most
     * {@link #MAX_CORRECTIONS} + 1 of each sort: kind, unit, base, valid from, valid until.
     */
    private List<Object[]> counts(OffsetDateTime at, OffsetDateTime until, String unit, java.util.Map<String, int[]> whole,
                                  java.util.Map<String, Long> byKind) {
        boolean due = until != null, byUnit = unit != null;
        KINDS.forEach(k -> byKind.put(k, 0L));
        String none = ", cast(null as varchar(100)), cast(null as timestamp with time zone), cast(null as timestamp with time zone),"
                + " cast(null as timestamp with time zone)";
        List<String> parts = new java.util.ArrayList<>();
        java.util.Map<String, Object> bounds = new java.util.HashMap<>();
        for (String k : KINDS) {
            int[] months = whole.get(k);
            if (months == null) {
                parts.add("select '" + k + "' as kind, count(*) as n" + none + " from case_obligation o where " + range(k, due, byUnit));
                continue;
            }
            if (months[0] != Integer.MIN_VALUE) bounds.put("from_" + k, Obligations.monthStart(months[0]));
            bounds.put("to_" + k, Obligations.monthStart(months[1]));
            parts.add("select '" + k + "' as kind, coalesce(sum(c.open_count), 0) as n" + none
                    + " from case_obligation_open c where c.kind = '" + k + "' and c.base_month >= "
                    + (months[0] == Integer.MIN_VALUE ? 0 : months[0]) + " and c.base_month < " + months[1]
                    + (byUnit ? " and c.unit_code = :unit" : ""));
            parts.add("select '" + k + "', count(*)" + none + " from case_obligation o where " + range(k, due, byUnit)
                    + " and o.base >= :to_" + k);
            if (months[0] != Integer.MIN_VALUE) {
                parts.add("select '" + k + "', count(*)" + none + " from case_obligation o where " + range(k, due, byUnit)
                        + " and o.base < :from_" + k);
            }
        }
        if (!whole.isEmpty()) {
            // <= the last moment before FOREVER, not < FOREVER: H2 reads a range of the index's first column up to its
            // end included and filters, that is through every open row (143,195 at 100,000 open cases)
            String rows = "(select kind, 0, unit_code, base, valid_from, valid_until from case_obligation where %s fetch first "
                    + (MAX_CORRECTIONS + 1) + " rows only)";
            parts.add(rows.formatted("valid_until = :forever and valid_from > :at"));
            parts.add(rows.formatted("valid_until > :at and valid_until <= :ended"));
        }
        List<Object[]> changed = new java.util.ArrayList<>();
        jdbc.sql(String.join(" union all ", parts))
                .param("at", at).param("until", due ? until : at).param("unit", unit).params(bounds)
                .param("forever", Obligations.FOREVER).param("ended", Obligations.FOREVER.minusNanos(1_000))
                .query((rs, n) -> {
                    OffsetDateTime validUntil = rs.getObject(6, OffsetDateTime.class);
                    if (validUntil == null) {
                        byKind.merge(rs.getString(1), rs.getLong(2), Long::sum);
                    } else {
                        changed.add(new Object[] {rs.getString(1), rs.getString(3), rs.getObject(4, OffsetDateTime.class),
                                rs.getObject(5, OffsetDateTime.class), validUntil});
                    }
                    return null;
                }).list();
        return changed;
    }

    /**
     * A page of the list in any of its sorts: of each kind the first rows of its range in the sort's order (with the
     * rows tied with the last of them: the list breaks ties by case, which a reversed order reads backwards) — enough
     * to fill the page wherever the kinds interleave — then merged and cut in the order asked. Each kind's rows are
     * read in that order from an index (V27: kind, base; V39: kind, unit, base and kind, reference, base), forwards or
     * backwards, and the reading stops after them (was: every open obligation's deadline computed and sorted, 0.8 s at
     * 100,000 open cases on H2).
     * The branch orders by the kind too (one value there) so that H2 reads the index in its order and stops after
     * those rows (without it, H2 sorted the whole range: 75,000 rows for one kind at 100,000 open cases).
     */
    private String page(boolean due, boolean byUnit, Paging paging) {
        long enough = paging.offset() + paging.size();
        boolean reversed = paging.sort().startsWith("-");
        Sort sort = ORDERS.get(reversed ? paging.sort().substring(1) : paging.sort());
        String order = "o.kind, " + sort.branch();
        if (reversed) {
            order = String.join(", ", java.util.Arrays.stream(order.split(", ")).map(c -> c + " desc").toList());
        }
        String byOrder = order;
        // a sort led by another column than the base compares the base through an expression, so that no database
        // reads the range from (kind, base, …) and sorts it: H2 weighs that index's range above the sort's index
        String base = sort.leading() == null ? "o.base" : "coalesce(o.base, o.base)";
        List<String> parts = sort.leading() == null ? List.of("")
                : List.of(" and " + sort.leading() + " >= ''", " and " + sort.leading() + " is null");
        String branches = String.join(" union all ", KINDS.stream().flatMap(k -> parts.stream().map(part -> """
                (select o.case_id, o.external_ref, o.unit_code, o.kind, o.base + interval '%d' day as deadline
                 from case_obligation o where %s%s order by %s fetch first %d rows with ties)""".formatted(days(k),
                        range(k, due, byUnit, base), part, byOrder, enough)))
                .toList());
        return """
                select i.case_id, i.external_ref, i.unit_code, i.kind, i.deadline from (%s) i
                order by %s limit %d offset %d""".formatted(branches, paging.orderBy(SORTS, "i.case_id, i.kind"),
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
