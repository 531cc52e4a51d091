package com.example.aftersales.cases.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The recorded evaluations: appended, read, never changed. A case's history is read with two statements whatever its
 * length — its evaluations (with who recorded the case), then all their decisions in order — with plain JDBC.
 *
 * <p>Why not a Spring Data JDBC repository (as before): its derived query rendered the SQL and mapped each row by
 * reflection on every call, and read each evaluation's decisions with a statement of its own; on the floor of the
 * API ({@code GET /api/cases/{id}}) that mapping cost more than the database's work (docs/PERFORMANCE.md).
 */
@Component
public class Evaluations {

    /** A case's evaluations, oldest first, and who recorded the case; both empty when there is no such case. */
    public record History(List<EvaluationRecord> evaluations, String recordedBy) {
    }

    private final JdbcClient jdbc;

    Evaluations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<EvaluationRecord> findByCaseIdOrderBySeq(long caseId) {
        return history(caseId).evaluations();
    }

    /** The case's evaluations with their decisions, oldest first, and who recorded it (run in one transaction). */
    public History history(long caseId) {
        String[] recordedBy = {null};
        List<Object[]> rows = new ArrayList<>(2);
        jdbc.sql("""
                        select e.id, e.seq, e.ruleset_version, e.reference_time, e.cause, e.facts_json, e.prior_defect_ids,
                               e.fired_rules_json, e.decision_summary, e.evaluated_at, k.recorded_by
                        from evaluation e join aftersales_case k on k.id = e.case_id
                        where e.case_id = ? order by e.seq""")
                .param(caseId)
                .query(rs -> {
                    recordedBy[0] = rs.getString(11);
                    rows.add(new Object[] {rs.getLong(1), rs.getInt(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class)});
                });
        if (rows.isEmpty()) {
            return new History(List.of(), null);
        }
        Map<Long, List<DecisionRecord>> decisions = new HashMap<>(rows.size() * 2);
        jdbc.sql("""
                        select d.evaluation_id, d.type, d.decision_value, d.clause, d.rule, d.source, d.reason, d.reason_zh
                        from evaluation e join decision d on d.evaluation_id = e.id
                        where e.case_id = ? order by d.evaluation_id, d.position""")
                .param(caseId)
                .query(rs -> {
                    decisions.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>(12)).add(new DecisionRecord(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8)));
                });
        List<EvaluationRecord> evaluations = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            long id = (Long) r[0];
            evaluations.add(new EvaluationRecord(id, caseId, (Integer) r[1], (String) r[2], (OffsetDateTime) r[3],
                    (String) r[4], (String) r[5], (String) r[6], (String) r[7], (String) r[8], (OffsetDateTime) r[9],
                    decisions.getOrDefault(id, List.of())));
        }
        return new History(evaluations, recordedBy[0]);
    }
}
