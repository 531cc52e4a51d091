package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.example.aftersales.policy.facts.Decision;

/**
 * The recorded cases as other features replay them: each case's latest evaluation — exactly what its rules saw and
 * decided — in the order the cases were received, a chunk at a time. Replay reads history through this, never through
 * this feature's tables.
 */
@Component
public class RecordedEvaluations {

    /**
     * A recorded case's latest evaluation: what its rules saw and decided (the rules it fired, read only for the cases a
     * replay finds changed: {@link #firedRules}).
     */
    public record Recorded(long caseId, OffsetDateTime receivedAt, long evaluationId, String factsJson,
                           String priorDefectIds, String decisionSummary) {
    }

    /** The recorded cases: how many, the first and the last received (null when none). */
    public record History(long cases, OffsetDateTime first, OffsetDateTime last) {
    }

    /**
     * Which cases: received in {@code [from, to)}, and, where given, of a product, a product category, a customer's
     * province, a responsible unit, and whose latest evaluation decided a type (with a value).
     */
    public record Population(OffsetDateTime from, OffsetDateTime to, String productCode, String productCategory,
                             String province, String responsibleUnit, String decisionType, String decisionValue) {
    }

    private final JdbcClient jdbc;

    RecordedEvaluations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public History history() {
        return jdbc.sql("select count(*) as n, min(received_at) as first_at, max(received_at) as last_at from aftersales_case")
                .query((rs, i) -> new History(rs.getLong("n"), rs.getObject("first_at", OffsetDateTime.class),
                        rs.getObject("last_at", OffsetDateTime.class))).single();
    }

    public long count(Population population) {
        Query q = query(population, null, null, 0, true);
        return jdbc.sql(q.sql.toString()).params(q.params).query(Long.class).single();
    }

    /** The next {@code size} cases of the population after the given one (none: from the start), oldest first. */
    public List<Recorded> chunk(Population population, OffsetDateTime afterReceivedAt, Long afterCaseId, int size) {
        Query q = query(population, afterReceivedAt, afterCaseId, size, false);
        return jdbc.sql(q.sql.toString()).params(q.params).query((rs, i) -> new Recorded(rs.getLong("case_id"),
                rs.getObject("received_at", OffsetDateTime.class), rs.getLong("evaluation_id"), rs.getString("facts_json"),
                rs.getString("prior_defect_ids"), rs.getString("decision_summary"))).list();
    }

    /** The rules that fired in evaluations, as recorded ({@code fired_rules_json}), by evaluation id. */
    public Map<Long, String> firedRules(List<Long> evaluationIds) {
        Map<Long, String> byEvaluation = new HashMap<>();
        if (!evaluationIds.isEmpty()) {
            jdbc.sql("select id, fired_rules_json from evaluation where id in (:ids)").param("ids", evaluationIds)
                    .query(rs -> {
                        byEvaluation.put(rs.getLong("id"), rs.getString("fired_rules_json"));
                    });
        }
        return byEvaluation;
    }

    /** The recorded decisions of evaluations, in their recorded order, as a decision writes itself in JSON. */
    public Map<Long, List<Map<String, Object>>> decisions(List<Long> evaluationIds) {
        Map<Long, List<Map<String, Object>>> byEvaluation = new HashMap<>();
        if (evaluationIds.isEmpty()) {
            return byEvaluation;
        }
        jdbc.sql("""
                        select evaluation_id, type, decision_value, clause, rule, source, reason, reason_zh from decision
                        where evaluation_id in (:ids) order by evaluation_id, position""")
                .param("ids", evaluationIds)
                .query(rs -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("type", rs.getString("type"));
                    d.put("value", rs.getString("decision_value"));
                    d.put("clause", rs.getString("clause"));
                    d.put("rule", rs.getString("rule"));
                    d.put("source", rs.getString("source"));
                    // as a Decision writes itself: the reason in the service's language, and both as recorded
                    Decision decided = new Decision(null, null, null, null, null, rs.getString("reason_zh"), rs.getString("reason"));
                    d.put("reason", decided.reason());
                    d.put("reasons", decided.reasons());
                    byEvaluation.computeIfAbsent(rs.getLong("evaluation_id"), k -> new ArrayList<>()).add(d);
                });
        return byEvaluation;
    }

    private record Query(StringBuilder sql, List<Object> params) {
    }

    private static Query query(Population p, OffsetDateTime afterReceivedAt, Long afterCaseId, int limit, boolean count) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(count ? "select count(*) " : """
                select c.id as case_id, c.received_at, e.id as evaluation_id, e.facts_json, e.prior_defect_ids,
                       e.decision_summary
                """);
        sql.append("""
                from aftersales_case c join evaluation e on e.case_id = c.id
                where c.received_at >= ? and c.received_at < ?
                  and not exists (select 1 from evaluation n where n.case_id = c.id and n.seq > e.seq)
                """);
        params.add(p.from());
        params.add(p.to());
        if (p.productCode() != null) { sql.append(" and c.product_code = ?"); params.add(p.productCode()); }
        if (p.productCategory() != null) { sql.append(" and c.product_category = ?"); params.add(p.productCategory()); }
        if (p.province() != null) { sql.append(" and c.customer_province = ?"); params.add(p.province()); }
        if (p.responsibleUnit() != null) { sql.append(" and c.unit_code = ?"); params.add(p.responsibleUnit()); }
        if (p.decisionType() != null) {
            sql.append(" and exists (select 1 from decision d where d.evaluation_id = e.id and d.type = ?");
            params.add(p.decisionType());
            if (p.decisionValue() != null) { sql.append(" and d.decision_value = ?"); params.add(p.decisionValue()); }
            sql.append(")");
        }
        if (afterReceivedAt != null) {
            // keyset: after the checkpoint, written so that the index range starts there
            sql.append(" and c.received_at >= ? and not (c.received_at = ? and c.id <= ?)");
            params.add(afterReceivedAt);
            params.add(afterReceivedAt);
            params.add(afterCaseId);
        }
        if (!count) {
            sql.append(" order by c.received_at, c.id limit ").append(limit);
        }
        return new Query(sql, params);
    }
}
