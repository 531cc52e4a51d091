package com.example.aftersales.followup;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.example.aftersales.cases.EvaluationsRecorded;

/**
 * What each case owes, stored when it is written ({@code case_obligation}, migrations V17 and V36), so that the due and overdue
 * lists ({@link Deadlines}) read a narrow row per obligation instead of computing every open case's evaluations and
 * events at each request.
 *
 * <p>A row says: from {@code valid_from} (included) until {@code valid_until} (excluded) the case owes {@code kind},
 * due {@code base} plus the kind's days ({@link FollowupProperties}; the days are added when the lists are read, so a
 * change of settings needs no rebuild). The rows of a case are computed ({@link #rows}) from its receipt, its
 * evaluations (each in effect from when it took effect: the intake's from receipt, one appended by findings when the
 * findings occurred, another when it was recorded) and its events, exactly as {@link Deadlines} defines the lists "as of
 * a moment": the case's state is the same between two of its times (receipt, an evaluation taking effect, an event
 * occurring), so it is computed once at each of them. Kept in the transaction that writes the case's evaluation or
 * event; {@code FollowupStateContract} compares the lists with the statement over every case and event.
 *
 * <p>With the rows, in the same transaction, the open counts ({@code case_obligation_open}, V70): the rows that hold
 * until something happens, by kind, month of base, unit and slot, that the lists sum their whole months from
 * ({@link Deadlines}); {@code OpenCountsTest} compares them with a direct count after concurrent writes.
 */
@Component
public class Obligations {

    /** The end of a row that holds until something happens. */
    static final OffsetDateTime FOREVER = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);

    /** An evaluation of a case as the lists need it: when it took effect and the four decisions they read. */
    record Standing(int seq, OffsetDateTime effectiveAt, OffsetDateTime responseDeadline, boolean onSite,
                    boolean satisfactionCall, boolean fourNoLetGo) {

        static Standing of(int seq, OffsetDateTime effectiveAt, Map<String, String> decisions) {
            String deadline = decisions.get("RESPONSE_DEADLINE");
            return new Standing(seq, effectiveAt, deadline == null ? null : timestamp(deadline),
                    "ON_SITE".equals(decisions.get("HANDLING")), decisions.containsKey("SATISFACTION_CALL"),
                    decisions.containsKey("FOUR_NO_LET_GO"));
        }
    }

    private static final java.time.format.DateTimeFormatter SQL_TIMESTAMP =
            new java.time.format.DateTimeFormatterBuilder().append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE)
                    .appendLiteral(' ').append(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME)
                    .appendPattern("[XXX][X]").toFormatter();

    /** A RESPONSE_DEADLINE value: ISO-8601 as the rules write it, or as SQL casts a timestamp to text. */
    static OffsetDateTime timestamp(String value) {
        try {
            return OffsetDateTime.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            return OffsetDateTime.parse(value, SQL_TIMESTAMP);
        }
    }

    /** An event of a case: its place in the case's history, its type, when it occurred. */
    record Happening(int seq, String type, OffsetDateTime occurredAt) {
    }

    /** One stored obligation. */
    record Row(long caseId, String externalRef, String unitCode, String kind, OffsetDateTime base,
               OffsetDateTime validFrom, OffsetDateTime validUntil) {
    }

    /** The decisions the lists read. */
    private static final java.util.Set<String> READ = java.util.Set.of("RESPONSE_DEADLINE", "HANDLING", "SATISFACTION_CALL",
            "FOUR_NO_LET_GO");

    private final JdbcTemplate jdbc;

    Obligations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Cases and evaluations just written (in the writer's transaction, after {@link FollowupCases} has taken them in):
     * a new case's first evaluation from what was written (it has no events yet), any other from the database.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void recorded(EvaluationsRecorded recorded) {
        Map<Count, Long> counted = new java.util.TreeMap<>();
        List<Row> rows = new ArrayList<>();
        TreeSet<Long> others = new TreeSet<>();
        for (EvaluationsRecorded.Recorded r : recorded.evaluations()) {
            if (r.seq() == 1) {
                rows.addAll(rows(r.caseId(), r.externalRef(), r.unitCode(), r.receivedAt(),
                        List.of(Standing.of(1, r.receivedAt(), r.decisions())), List.of()));
            } else {
                others.add(r.caseId());
            }
        }
        insert(rows);
        add(counted, rows, 1);
        refresh(others, counted);
        count(counted);
    }

    /** Computes the rows of these cases again from the database (in the caller's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void refresh(Collection<Long> caseIds) {
        Map<Count, Long> counted = new java.util.TreeMap<>();
        refresh(caseIds, counted);
        count(counted);
    }

    /** {@link #refresh(Collection)}, the changes of the open counts added to {@code counted}. */
    private void refresh(Collection<Long> caseIds, Map<Count, Long> counted) {
        for (long caseId : caseIds) {
            // one writer of a case's rows at a time (an event and an appended evaluation, say, are not ordered by a
            // unique key of one table): the second reads the rows the first wrote, deletes and counts off exactly those
            jdbc.query("select case_id from followup_case where case_id = ? for update", rs -> { }, caseId);
            add(counted, jdbc.query("select kind, unit_code, base from case_obligation where case_id = ? and valid_until = ?",
                    (rs, n) -> new Row(caseId, null, rs.getString(2), rs.getString(1), rs.getObject(3, OffsetDateTime.class),
                            null, FOREVER), caseId, FOREVER), -1);
            jdbc.update("delete from case_obligation where case_id = ?", caseId);
            List<Row> rows = load(jdbc, caseId, caseId);
            insert(rows);
            add(counted, rows, 1);
        }
    }

    /** Replaces every row with the rows computed from the database, and the open counts with theirs. */
    @Transactional
    public void rebuild() {
        jdbc.update("delete from case_obligation");
        fill(jdbc);
        if (TransactionSynchronizationManager.getResource(PENDING) instanceof Map<?, ?> pending) pending.clear();
        recount(jdbc);
    }

    // ---- the open counts (V70): the rows that hold until something happens, by kind, month of base and unit ----

    /**
     * A counter of open rows, in the order every writer takes their locks in (so that two writers never wait for each
     * other's): kind, month of the base ({@link #month}), unit, slot.
     */
    record Count(String kind, int month, String unit, int slot) implements Comparable<Count> {
        @Override
        public int compareTo(Count o) {
            int c = kind.compareTo(o.kind);
            if (c == 0) c = Integer.compare(month, o.month);
            if (c == 0) c = unit.compareTo(o.unit);
            return c != 0 ? c : Integer.compare(slot, o.slot);
        }
    }

    /**
     * Counters per kind, month and unit: a writer adds to the one of its thread's slot, so that concurrent recordings
     * of one unit's cases (all due in the same month) do not queue on one row until each other's commit; a reader sums
     * the slots. One thread (the demo loader, an import) writes one slot; the migration and a rebuild write slot 0.
     */
    static final int SLOTS = 4;

    /** The month of a base: months since year 0 in UTC (year * 12 + month - 1). */
    static int month(OffsetDateTime base) {
        OffsetDateTime t = base.withOffsetSameInstant(ZoneOffset.UTC);
        return t.getYear() * 12 + t.getMonthValue() - 1;
    }

    /** The first instant of a {@link #month}. */
    static OffsetDateTime monthStart(int month) {
        return OffsetDateTime.of(Math.floorDiv(month, 12), Math.floorMod(month, 12) + 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    }

    /** Adds {@code sign} for each open row (one that holds until something happens) to its counter. */
    private static void add(Map<Count, Long> counted, List<Row> rows, int sign) {
        int slot = (int) Math.floorMod(Thread.currentThread().getId(), (long) SLOTS);
        for (Row r : rows) {
            if (r.validUntil().isEqual(FOREVER)) {
                counted.merge(new Count(r.kind(), month(r.base()), r.unitCode(), slot), (long) sign, Long::sum);
            }
        }
    }

    private static final String COUNT = "update case_obligation_open set open_count = open_count + ?"
            + " where kind = ? and base_month = ? and unit_code = ? and slot = ?";

    /** The key of a transaction's changes to the counters not applied yet. */
    private static final Object PENDING = new Object();

    /**
     * Adds the changes to those the transaction applies just before it commits ({@link #apply}): each counter is
     * locked once, last, for the shortest time, and all of a transaction's in one order.
     */
    private void count(Map<Count, Long> counted) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            apply(counted);
            return;
        }
        @SuppressWarnings("unchecked")
        Map<Count, Long> pending = (Map<Count, Long>) TransactionSynchronizationManager.getResource(PENDING);
        if (pending == null) {
            Map<Count, Long> changes = new java.util.TreeMap<>();
            TransactionSynchronizationManager.bindResource(PENDING, changes);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    apply(changes);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
                }
            });
            pending = changes;
        }
        Map<Count, Long> into = pending;
        counted.forEach((k, v) -> into.merge(k, v, Long::sum));
    }

    /** Applies the changes to the counters (in the caller's transaction), in their order, a missing counter created. */
    private void apply(Map<Count, Long> counted) {
        List<Map.Entry<Count, Long>> changes = counted.entrySet().stream().filter(e -> e.getValue() != 0).toList();
        if (changes.isEmpty()) {
            return;
        }
        int[][] updated = jdbc.batchUpdate(COUNT, changes, 1_000, (ps, e) -> {
            ps.setLong(1, e.getValue());
            ps.setString(2, e.getKey().kind());
            ps.setInt(3, e.getKey().month());
            ps.setString(4, e.getKey().unit());
            ps.setInt(5, e.getKey().slot());
        });
        int i = 0;
        for (int[] batch : updated) {
            for (int n : batch) {
                Map.Entry<Count, Long> e = changes.get(i++);
                if (n == 0) { // a new counter: created at 0 (or by a concurrent writer first), then added to
                    Count c = e.getKey();
                    jdbc.update("insert into case_obligation_open (kind, base_month, unit_code, slot, open_count)"
                            + " values (?, ?, ?, ?, 0) on conflict do nothing", c.kind(), c.month(), c.unit(), c.slot());
                    jdbc.update(COUNT, e.getValue(), c.kind(), c.month(), c.unit(), c.slot());
                }
            }
        }
    }

    /** Replaces the open counts with those of the stored rows (migration V70, {@link #rebuild}), all in slot 0. */
    public static void recount(JdbcTemplate jdbc) {
        jdbc.update("delete from case_obligation_open");
        Map<Count, long[]> counts = new java.util.TreeMap<>();
        jdbc.query("select kind, unit_code, base from case_obligation where valid_until = ?", rs -> {
            counts.computeIfAbsent(new Count(rs.getString(1), month(rs.getObject(3, OffsetDateTime.class)),
                    rs.getString(2), 0), k -> new long[1])[0]++;
        }, FOREVER);
        jdbc.batchUpdate("insert into case_obligation_open (kind, base_month, unit_code, slot, open_count) values (?, ?, ?, ?, ?)",
                new ArrayList<>(counts.entrySet()), 1_000, (ps, e) -> {
                    ps.setString(1, e.getKey().kind());
                    ps.setInt(2, e.getKey().month());
                    ps.setString(3, e.getKey().unit());
                    ps.setInt(4, e.getKey().slot());
                    ps.setLong(5, e.getValue()[0]);
                });
    }

    /**
     * Computes and inserts the rows of every case, a thousand cases at a time, from the follow-up's read model
     * ({@link FollowupCases}) and events (also migration V36's filling). The open counts are left as they are
     * (V36 comes before their table): {@link #recount} after it.
     */
    public static void fill(JdbcTemplate jdbc) {
        Long max = jdbc.queryForObject("select max(case_id) from followup_case", Long.class);
        for (long from = 1; max != null && from <= max; from += 1_000) {
            insert(jdbc, load(jdbc, from, from + 999));
        }
    }

    private void insert(List<Row> rows) {
        insert(jdbc, rows);
    }

    private static void insert(JdbcTemplate jdbc, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into case_obligation (case_id, external_ref, unit_code, kind, base, valid_from, valid_until)
                values (?, ?, ?, ?, ?, ?, ?)""", rows, 1_000, (ps, row) -> {
            ps.setLong(1, row.caseId());
            ps.setString(2, row.externalRef());
            ps.setString(3, row.unitCode());
            ps.setString(4, row.kind());
            ps.setObject(5, row.base());
            ps.setObject(6, row.validFrom());
            ps.setObject(7, row.validUntil());
        });
    }

    /** The rows of the cases with ids from {@code from} to {@code to}, computed from their evaluations and events. */
    static List<Row> load(JdbcTemplate jdbc, long from, long to) {
        Map<Long, Object[]> cases = new LinkedHashMap<>();
        jdbc.query("select case_id, external_ref, unit_code, received_at from followup_case where case_id between ? and ? order by case_id",
                rs -> {
                    cases.put(rs.getLong(1), new Object[] {rs.getString(2), rs.getString(3), time(rs.getObject(4, OffsetDateTime.class))});
                }, from, to);
        if (cases.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<Integer, Object[]>> evaluations = new HashMap<>();
        jdbc.query("""
                select e.case_id, e.seq, e.evaluated_at,
                       (select min(v.occurred_at) from case_event v where v.evaluation_id = e.evaluation_id), e.decisions
                from followup_evaluation e
                where e.case_id between ? and ?""", rs -> {
            OffsetDateTime triggered = rs.getObject(4, OffsetDateTime.class);
            OffsetDateTime effective = time(triggered != null ? triggered : rs.getObject(3, OffsetDateTime.class));
            Map<String, String> decisions = new HashMap<>();
            FollowupCases.decisions(rs.getString(5)).forEach((type, values) -> {
                if (READ.contains(type)) decisions.put(type, values.get(0));
            });
            evaluations.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                    .put(rs.getInt(2), new Object[] {effective, decisions});
        }, from, to);
        Map<Long, List<Happening>> events = new HashMap<>();
        jdbc.query("""
                select case_id, seq, type, occurred_at from case_event
                where case_id between ? and ? and type not in ('NOTICE_CIRCULATED', 'RECTIFICATION_ORDER_ISSUED',
                                                               'RECTIFICATION_ORDER_CLOSED')""", rs -> {
            events.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(new Happening(rs.getInt(2), rs.getString(3), time(rs.getObject(4, OffsetDateTime.class))));
        }, from, to);
        List<Row> rows = new ArrayList<>();
        cases.forEach((caseId, c) -> {
            List<Standing> standings = new ArrayList<>();
            evaluations.getOrDefault(caseId, Map.of()).forEach((seq, e) -> {
                @SuppressWarnings("unchecked")
                Map<String, String> decisions = (Map<String, String>) e[1];
                standings.add(Standing.of(seq, (OffsetDateTime) e[0], decisions));
            });
            rows.addAll(rows(caseId, (String) c[0], (String) c[1], (OffsetDateTime) c[2], standings,
                    events.getOrDefault(caseId, List.of())));
        });
        return rows;
    }

    /** Times as instants (UTC): what the database gives back compares and stores the same on H2 and PostgreSQL. */
    private static OffsetDateTime time(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /**
     * The obligations of one case over time. The state "as of {@code at}" (see {@link Deadlines}) changes only at the
     * case's own times, so it is computed at each of them from receipt on, and a row runs while its obligation stays
     * the same.
     */
    static List<Row> rows(long caseId, String externalRef, String unitCode, OffsetDateTime receivedAt,
                          List<Standing> standings, List<Happening> events) {
        if (standings.isEmpty()) {
            return List.of();
        }
        TreeSet<OffsetDateTime> moments = new TreeSet<>();
        moments.add(receivedAt);
        for (Standing s : standings) {
            if (s.seq() > 1 && s.effectiveAt().isAfter(receivedAt)) moments.add(s.effectiveAt());
        }
        for (Happening e : events) {
            if (e.occurredAt().isAfter(receivedAt)) moments.add(e.occurredAt());
        }
        List<Row> rows = new ArrayList<>();
        // the rows running: obligation (kind and base, numbered when one kind is owed twice with the same base) -> since
        Map<String, OffsetDateTime> running = new LinkedHashMap<>();
        for (OffsetDateTime at : moments) {
            List<String> owed = owed(at, receivedAt, standings, events);
            for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                var r = it.next();
                if (!owed.contains(r.getKey())) {
                    rows.add(row(caseId, externalRef, unitCode, r.getKey(), r.getValue(), at));
                    it.remove();
                }
            }
            for (String o : owed) {
                running.putIfAbsent(o, at);
            }
        }
        running.forEach((o, since) -> rows.add(row(caseId, externalRef, unitCode, o, since, FOREVER)));
        return rows;
    }

    private static Row row(long caseId, String ref, String unit, String obligation, OffsetDateTime from, OffsetDateTime until) {
        String[] parts = obligation.split(" ");
        return new Row(caseId, ref, unit, parts[0], OffsetDateTime.parse(parts[1]), from, until);
    }

    /** What the case owes as of {@code at} (at or after its receipt): "KIND base#n" each. */
    private static List<String> owed(OffsetDateTime at, OffsetDateTime receivedAt, List<Standing> standings,
                                     List<Happening> events) {
        OffsetDateTime arrival = null, resultForm = null, call = null, opened = null, findings = null;
        for (Happening e : events) {
            if (e.occurredAt().isAfter(at)) continue;
            switch (e.type()) {
                case "CASE_CLOSED", "ARCHIVED" -> {
                    return List.of(); // closed by then: owes nothing
                }
                case "ON_SITE_ARRIVAL" -> arrival = earliest(arrival, e.occurredAt());
                case "RESULT_FORM_RECEIVED" -> resultForm = earliest(resultForm, e.occurredAt());
                case "SATISFACTION_CALL" -> call = earliest(call, e.occurredAt());
                case "CORRECTIVE_ACTION_OPENED" -> opened = earliest(opened, e.occurredAt());
                case "FINDINGS_RECORDED" -> findings = findings == null || findings.isBefore(e.occurredAt()) ? e.occurredAt() : findings;
                default -> { }
            }
        }
        Standing in = null; // the evaluation in effect: the latest (by seq) that had taken effect, else the first
        for (Standing s : standings) {
            if ((s.seq() == 1 || !s.effectiveAt().isAfter(at)) && (in == null || s.seq() > in.seq())) in = s;
        }
        List<String> owed = new ArrayList<>();
        if (in != null) {
            if (arrival == null && in.responseDeadline() != null) add(owed, "ARRIVAL", in.responseDeadline());
            if (arrival != null && resultForm == null) add(owed, "RESULT_FORM", arrival);
            if (in.satisfactionCall() && call == null) {
                OffsetDateTime from = in.onSite() ? resultForm : receivedAt;
                if (from != null) add(owed, "SATISFACTION_CALL", from);
            }
            if (in.fourNoLetGo() && opened == null) add(owed, "CORRECTIVE_ACTION_OPEN", findings != null ? findings : receivedAt);
        }
        for (Happening o : events) { // each opening not verified by a later verification, by then
            if (!"CORRECTIVE_ACTION_OPENED".equals(o.type()) || o.occurredAt().isAfter(at)) continue;
            boolean verified = false;
            for (Happening v : events) {
                if ("CORRECTIVE_ACTION_VERIFIED".equals(v.type()) && v.seq() > o.seq() && !v.occurredAt().isAfter(at)) {
                    verified = true;
                    break;
                }
            }
            if (!verified) add(owed, "CORRECTIVE_ACTION_VERIFY", o.occurredAt());
        }
        return owed;
    }

    private static void add(List<String> owed, String kind, OffsetDateTime base) {
        String key = kind + " " + time(base);
        int n = 0;
        while (owed.contains(key + (n == 0 ? "" : " " + n))) n++;
        owed.add(key + (n == 0 ? "" : " " + n));
    }

    private static OffsetDateTime earliest(OffsetDateTime a, OffsetDateTime b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
