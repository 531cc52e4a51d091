package com.example.aftersales.cases.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseSearch;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.EvaluationsRecorded;
import com.example.aftersales.cases.HistoryRecorder;
import com.example.aftersales.cases.PriorDefectData;
import com.example.aftersales.cases.PriorDefectReferences;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.facts.Decision;

/**
 * Writes recorded cases, evaluations, decisions and confirmed defects with plain JDBC: one statement (or one JDBC
 * batch) per table, whatever the number of rows. Used by {@link CaseService} for one case per request and by
 * {@link HistoryRecorder} for a chunk of a history, so both write exactly the same rows. Runs inside the caller's
 * transaction.
 *
 * <p>Spring Data JDBC's aggregate save wrote the same rows, but its mapping (reflection, SQL rendering, one insert
 * per decision) took more time than the database's own work (see docs/PERFORMANCE.md).
 */
@Component
public class CaseWriter {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    CaseWriter(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** An evaluation to write: the case it belongs to, its place in the case's history, and what the rules saw. */
    public record EvaluationRow(long caseId, int seq, CaseData facts, List<PriorDefectData> priors, Evaluation evaluation,
                         String factsJson, String firedRulesJson) {
    }

    /**
     * Inserts the cases, recorded by {@code recordedBy} (a login, an API key, the demo loader);
     * {@code idempotencyKeys} may be null (no keys) or hold a key (or null) per case. Their free-text terms are written
     * with them, or, {@code deferTerms}, left to {@link SearchIndexer} (one row in {@code case_search_pending} each:
     * a case recorded on its own would otherwise write some fifty rows all over the term index in its commit).
     *
     * @return the generated ids, in the order of the cases
     */
    public long[] insertCases(List<CaseData> cases, String[] intakeJson, String[] idempotencyKeys, OffsetDateTime now,
                       String recordedBy, boolean deferTerms) {
        String[] by = new String[cases.size()];
        Arrays.fill(by, recordedBy);
        return insertCases(cases, intakeJson, idempotencyKeys, now, by, deferTerms);
    }

    /** The same, each case recorded by its own {@code recordedBy[i]}. */
    long[] insertCases(List<CaseData> cases, String[] intakeJson, String[] idempotencyKeys, OffsetDateTime now,
                       String[] recordedBy, boolean deferTerms) {
        long[] ids = insertReturningIds("""
                insert into aftersales_case (external_ref, received_at, channel, product_code, product_category,
                    problem_category, batch_number, production_site, customer_province, unit_code, unit_province,
                    intake_json, created_at, idempotency_key, recorded_by, search_names)""", 16, cases.size(), (ps, at, i) -> {
            CaseData d = cases.get(i);
            ps.setString(at + 1, d.externalRef());
            ps.setObject(at + 2, d.receivedAt());
            ps.setString(at + 3, d.channel());
            ps.setString(at + 4, d.product().code());
            ps.setString(at + 5, d.product().category());
            ps.setString(at + 6, d.problem().category());
            ps.setString(at + 7, d.batchNumber());
            ps.setString(at + 8, d.productionSite());
            ps.setString(at + 9, d.customer().province());
            ps.setString(at + 10, d.responsibleUnit().code());
            ps.setString(at + 11, d.responsibleUnit().province());
            ps.setString(at + 12, intakeJson[i]);
            ps.setObject(at + 13, now);
            ps.setString(at + 14, idempotencyKeys == null ? null : idempotencyKeys[i]);
            ps.setString(at + 15, recordedBy[i]);
            ps.setString(at + 16, CaseSearch.searchNames(d.customer().name(), d.product().name()));
        });
        if (deferTerms) {
            List<Object[]> pending = new ArrayList<>(ids.length);
            for (long id : ids) {
                pending.add(new Object[] {id});
            }
            jdbc.batchUpdate(SearchIndexer.PENDING, pending);
        } else {
            insertSearchTerms(cases, ids);
        }
        return ids;
    }

    /**
     * A new case to record with its first evaluation ({@link CaseService#registerOnce}): the case as received, its
     * intake JSON (also the facts of its first evaluation), the client's idempotency key (or null), who records it,
     * and what the rules saw and decided.
     */
    public record NewCase(CaseData data, String intakeJson, String idempotencyKey, String recordedBy,
                          List<PriorDefectData> priors, Evaluation evaluation, String firedRulesJson) {
    }

    /** What was written for a {@link NewCase}: its case and evaluation ids, and when it was recorded. */
    public record Written(long caseId, long evaluationId, OffsetDateTime recordedAt) {
    }

    /**
     * Inserts new cases, each with its first evaluation, decisions and confirmed defect (its terms left to
     * {@link SearchIndexer}): one statement or JDBC batch per table for all of them, whatever their number.
     */
    public List<Written> insertNew(List<NewCase> cases, OffsetDateTime now) {
        int n = cases.size();
        List<CaseData> data = new ArrayList<>(n);
        String[] intakeJson = new String[n];
        String[] keys = new String[n];
        String[] by = new String[n];
        for (int i = 0; i < n; i++) {
            NewCase c = cases.get(i);
            data.add(c.data());
            intakeJson[i] = c.intakeJson();
            keys[i] = c.idempotencyKey();
            by[i] = c.recordedBy();
        }
        long[] caseIds = insertCases(data, intakeJson, keys, now, by, true);
        List<EvaluationRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NewCase c = cases.get(i);
            // The facts of a first evaluation are the case as received: the same JSON as the intake.
            rows.add(new EvaluationRow(caseIds[i], 1, c.data(), c.priors(), c.evaluation(), c.intakeJson(),
                    c.firedRulesJson()));
        }
        long[] evaluationIds = insertEvaluations(rows, now);
        insertConfirmedDefects(data, caseIds);
        List<Written> written = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            written.add(new Written(caseIds[i], evaluationIds[i], now));
        }
        return written;
    }

    /** The cases' free-text terms ({@link SearchTerms}), one statement. */
    private void insertSearchTerms(List<CaseData> cases, long[] ids) {
        List<Long> caseIds = new ArrayList<>(ids.length);
        List<java.util.Set<String>> terms = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            CaseData d = cases.get(i);
            caseIds.add(ids[i]);
            terms.add(SearchTerms.terms(CaseSearch.searchNames(d.customer().name(), d.product().name()), d.externalRef(),
                    d.product().code(), d.product().category(), d.problem().category(), d.responsibleUnit().code(),
                    d.customer().province()));
        }
        jdbc.execute((java.sql.Connection con) -> {
            SearchTerms.insert(con, caseIds, terms, false);
            return null;
        });
    }

    /**
     * Inserts the evaluations and their decisions (in the order the rules gave them).
     *
     * @return the generated evaluation ids, in the order of the rows
     */
    public long[] insertEvaluations(List<EvaluationRow> rows, OffsetDateTime now) {
        return insertEvaluations(rows, now, false);
    }

    /** The same, for rows of a recorded history ({@link EvaluationsRecorded#history()}). */
    public long[] insertEvaluations(List<EvaluationRow> rows, OffsetDateTime now, boolean history) {
        long[] ids = insertReturningIds("""
                insert into evaluation (case_id, seq, ruleset_version, reference_time, cause, facts_json,
                    prior_defect_ids, fired_rules_json, decision_summary, evaluated_at)""", 10, rows.size(), (ps, at, i) -> {
            EvaluationRow row = rows.get(i);
            Evaluation e = row.evaluation();
            CaseData.Findings findings = row.facts().findings();
            ps.setLong(at + 1, row.caseId());
            ps.setInt(at + 2, row.seq());
            ps.setString(at + 3, e.rulesetVersion());
            ps.setObject(at + 4, e.referenceTime());
            ps.setString(at + 5, findings == null ? null : findings.cause());
            ps.setString(at + 6, row.factsJson());
            ps.setString(at + 7, PriorDefectReferences.of(row.priors()));
            ps.setString(at + 8, row.firedRulesJson());
            ps.setString(at + 9, e.decisionSummary());
            ps.setObject(at + 10, now);
        });
        insertDecisions(ids, rows);
        latestDecisionTypes(rows);
        List<EvaluationsRecorded.Recorded> recorded = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            EvaluationRow row = rows.get(i);
            recorded.add(EvaluationsRecorded.Recorded.of(row.caseId(), ids[i], row.seq(), row.facts(), row.priors(),
                    row.evaluation(), now));
        }
        events.publishEvent(new EvaluationsRecorded(recorded, history));
        return ids;
    }

    private void insertDecisions(long[] evaluationIds, List<EvaluationRow> rows) {
        List<Object[]> decisions = new ArrayList<>(rows.size() * 12);
        for (int i = 0; i < rows.size(); i++) {
            List<Decision> list = rows.get(i).evaluation().decisions();
            for (int position = 0; position < list.size(); position++) {
                Decision d = list.get(position);
                decisions.add(new Object[] {evaluationIds[i], position, d.type(), d.value(), d.clause(), d.rule(), d.source(),
                        d.reasonIn(java.util.Locale.ENGLISH), d.reasonIn(java.util.Locale.CHINESE)});
            }
        }
        if (!decisions.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into decision (evaluation_id, position, type, decision_value, clause, rule, source, reason, reason_zh)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", decisions);
        }
    }

    /**
     * Each case's row of {@link LatestDecisionTypes}: a first evaluation adds it, a later one replaces it (in the
     * order of the rows, so that of two evaluations of a case the later stays).
     */
    private void latestDecisionTypes(List<EvaluationRow> rows) {
        List<Object[]> first = new ArrayList<>();
        List<Object[]> later = new ArrayList<>();
        for (EvaluationRow row : rows.stream().sorted(java.util.Comparator.comparingInt(EvaluationRow::seq)).toList()) {
            String types = LatestDecisionTypes.of(row.evaluation().decisions().stream().map(Decision::type).toList());
            if (row.seq() == 1) {
                first.add(new Object[] {row.caseId(), types});
            } else {
                later.add(new Object[] {types, row.caseId()});
            }
        }
        if (!first.isEmpty()) {
            jdbc.batchUpdate(LatestDecisionTypes.INSERT, first);
        }
        if (!later.isEmpty()) {
            jdbc.batchUpdate(LatestDecisionTypes.UPDATE, later);
        }
    }

    /** Adds the cases found to have a product defect to {@code confirmed_defect} (new cases: nothing to replace). */
    public void insertConfirmedDefects(List<CaseData> cases, long[] caseIds) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            CaseData d = cases.get(i);
            if (isDefect(d)) {
                rows.add(new Object[] {caseIds[i], d.receivedAt(), d.product().code(), d.problem().category(),
                        d.batchNumber(), d.productionSite()});
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into confirmed_defect (case_id, received_at, product_code, problem_category, batch_number, production_site)
                    values (?, ?, ?, ?, ?, ?)""", rows);
        }
    }

    public static boolean isDefect(CaseData d) {
        return d.findings() != null && "PRODUCT_DEFECT".equals(d.findings().cause());
    }

    /** Sets the values of row {@code i} as the statement's parameters {@code at + 1} on. */
    private interface RowSetter {
        void set(PreparedStatement ps, int at, int i) throws SQLException;
    }

    /** Rows per statement of {@link #insertReturningIds} (PostgreSQL takes at most 65,535 parameters). */
    private static final int ROWS_PER_INSERT = 1_000;

    /**
     * Inserts the rows with {@code insertInto} followed by {@code values (…), (…), …} of {@code columns} each: one
     * statement for up to {@value #ROWS_PER_INSERT} rows, not a JDBC batch, which PostgreSQL's driver neither rewrites
     * into one statement nor sends at once when it returns generated keys. The generated ids in row order: an identity
     * numbers the rows of one statement in the order of its values, increasing, whatever the order in which the
     * database hands them back.
     */
    private long[] insertReturningIds(String insertInto, int columns, int rows, RowSetter setter) {
        String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        long[] ids = new long[rows];
        for (int from = 0; from < rows; from += ROWS_PER_INSERT) {
            int first = from;
            int n = Math.min(ROWS_PER_INSERT, rows - from);
            String sql = insertInto + " values " + String.join(", ", Collections.nCopies(n, row));
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(sql, new String[] {"id"});
                for (int i = 0; i < n; i++) {
                    setter.set(ps, i * columns, first + i);
                }
                return ps;
            }, keys);
            List<Map<String, Object>> list = keys.getKeyList();
            if (list.size() != n) {
                throw new IllegalStateException("Expected " + n + " generated ids, got " + list.size());
            }
            long[] got = new long[n];
            for (int i = 0; i < n; i++) {
                Map<String, Object> key = list.get(i);
                got[i] = ((Number) (key.containsKey("id") ? key.get("id") : key.values().iterator().next())).longValue();
            }
            Arrays.sort(got);
            System.arraycopy(got, 0, ids, from, n);
        }
        return ids;
    }
}
