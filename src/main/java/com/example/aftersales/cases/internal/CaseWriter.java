package com.example.aftersales.cases.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
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
        java.util.Arrays.fill(by, recordedBy);
        return insertCases(cases, intakeJson, idempotencyKeys, now, by, deferTerms);
    }

    /** The same, each case recorded by its own {@code recordedBy[i]}. */
    long[] insertCases(List<CaseData> cases, String[] intakeJson, String[] idempotencyKeys, OffsetDateTime now,
                       String[] recordedBy, boolean deferTerms) {
        long[] ids = insertReturningIds("""
                insert into aftersales_case (external_ref, received_at, channel, product_code, product_category,
                    problem_category, batch_number, production_site, customer_province, unit_code, unit_province,
                    intake_json, created_at, idempotency_key, recorded_by, search_names)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", cases.size(), (ps, i) -> {
            CaseData d = cases.get(i);
            ps.setString(1, d.externalRef());
            ps.setObject(2, d.receivedAt());
            ps.setString(3, d.channel());
            ps.setString(4, d.product().code());
            ps.setString(5, d.product().category());
            ps.setString(6, d.problem().category());
            ps.setString(7, d.batchNumber());
            ps.setString(8, d.productionSite());
            ps.setString(9, d.customer().province());
            ps.setString(10, d.responsibleUnit().code());
            ps.setString(11, d.responsibleUnit().province());
            ps.setString(12, intakeJson[i]);
            ps.setObject(13, now);
            ps.setString(14, idempotencyKeys == null ? null : idempotencyKeys[i]);
            ps.setString(15, recordedBy[i]);
            ps.setString(16, CaseSearch.searchNames(d.customer().name(), d.product().name()));
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

    /** The cases' free-text terms ({@link SearchTerms}), one JDBC batch. */
    private void insertSearchTerms(List<CaseData> cases, long[] ids) {
        jdbc.execute((java.sql.Connection con) -> {
            try (PreparedStatement insert = con.prepareStatement(SearchTerms.INSERT)) {
                for (int i = 0; i < ids.length; i++) {
                    CaseData d = cases.get(i);
                    SearchTerms.add(insert, ids[i], d.receivedAt(), SearchTerms.terms(
                            CaseSearch.searchNames(d.customer().name(), d.product().name()), d.externalRef(),
                            d.product().code(), d.product().category(), d.problem().category(),
                            d.responsibleUnit().code(), d.customer().province()));
                }
                insert.executeBatch();
            }
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
                    prior_defect_ids, fired_rules_json, decision_summary, evaluated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows.size(), (ps, i) -> {
            EvaluationRow row = rows.get(i);
            Evaluation e = row.evaluation();
            CaseData.Findings findings = row.facts().findings();
            ps.setLong(1, row.caseId());
            ps.setInt(2, row.seq());
            ps.setString(3, e.rulesetVersion());
            ps.setObject(4, e.referenceTime());
            ps.setString(5, findings == null ? null : findings.cause());
            ps.setString(6, row.factsJson());
            ps.setString(7, PriorDefectReferences.of(row.priors()));
            ps.setString(8, row.firedRulesJson());
            ps.setString(9, e.decisionSummary());
            ps.setObject(10, now);
        });
        insertDecisions(ids, rows);
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

    private interface RowSetter {
        void set(PreparedStatement ps, int i) throws SQLException;
    }

    /** One insert (one row) or one JDBC batch; the generated ids in row order. */
    private long[] insertReturningIds(String sql, int rows, RowSetter setter) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        if (rows == 1) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(sql, new String[] {"id"});
                setter.set(ps, 0);
                return ps;
            }, keys);
        } else {
            jdbc.batchUpdate(con -> con.prepareStatement(sql, new String[] {"id"}), new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    setter.set(ps, i);
                }

                @Override
                public int getBatchSize() {
                    return rows;
                }
            }, keys);
        }
        List<Map<String, Object>> list = keys.getKeyList();
        if (list.size() != rows) {
            throw new IllegalStateException("Expected " + rows + " generated ids, got " + list.size());
        }
        long[] ids = new long[rows];
        for (int i = 0; i < rows; i++) {
            Map<String, Object> row = list.get(i);
            Object id = row.containsKey("id") ? row.get("id") : row.values().iterator().next();
            ids[i] = ((Number) id).longValue();
        }
        return ids;
    }
}
