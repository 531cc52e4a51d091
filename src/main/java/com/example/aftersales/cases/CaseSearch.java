package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Finds recorded cases for people: by period of receipt, product (code or category), responsible unit, external
 * reference, and a decision of their latest evaluation; newest first, a page at a time.
 */
@Service
public class CaseSearch {

    /** What to look for; null or blank fields are not filtered on. {@code to} is exclusive. */
    public record Criteria(OffsetDateTime from, OffsetDateTime to, String product, String unit, String externalRef,
                           String decisionType, String decisionValue) {
    }

    /** A case in the list, with what its latest evaluation decided. */
    public record Row(long caseId, String externalRef, OffsetDateTime receivedAt, String productCode,
                      String productCategory, String problemCategory, String unitCode, int evaluations,
                      String rulesetVersion, String decisionSummary) {
    }

    public record Page(List<Row> rows, long total, int page, int size) {
        public long pages() {
            return (total + size - 1) / size;
        }
    }

    private final JdbcClient jdbc;

    CaseSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Page search(Criteria criteria, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(criteria, params);
        long total = jdbc.sql("select count(*) from aftersales_case c join evaluation e on e.case_id = c.id " + where)
                .params(params).query(Long.class).single();
        List<Row> rows = jdbc.sql("""
                        select c.id, c.external_ref, c.received_at, c.product_code, c.product_category, c.problem_category,
                               c.unit_code, e.seq, e.ruleset_version, e.decision_summary
                        from aftersales_case c join evaluation e on e.case_id = c.id
                        """ + where + " order by c.received_at desc, c.id desc limit " + size + " offset " + (long) page * size)
                .params(params)
                .query((rs, i) -> new Row(rs.getLong("id"), rs.getString("external_ref"),
                        rs.getObject("received_at", OffsetDateTime.class), rs.getString("product_code"),
                        rs.getString("product_category"), rs.getString("problem_category"), rs.getString("unit_code"),
                        rs.getInt("seq"), rs.getString("ruleset_version"), rs.getString("decision_summary")))
                .list();
        return new Page(rows, total, page, size);
    }

    private static String where(Criteria c, List<Object> params) {
        StringBuilder sql = new StringBuilder(
                "where not exists (select 1 from evaluation n where n.case_id = c.id and n.seq > e.seq)");
        if (c.from() != null) { sql.append(" and c.received_at >= ?"); params.add(c.from()); }
        if (c.to() != null) { sql.append(" and c.received_at < ?"); params.add(c.to()); }
        if (present(c.product())) {
            sql.append(" and (c.product_code = ? or c.product_category = ?)");
            params.add(c.product().trim());
            params.add(c.product().trim());
        }
        if (present(c.unit())) { sql.append(" and c.unit_code = ?"); params.add(c.unit().trim()); }
        if (present(c.externalRef())) {
            sql.append(" and c.external_ref like ?");
            // %, _ and \ are the reference's own characters, not wildcards (the default escape is \ on H2 and PostgreSQL)
            params.add("%" + c.externalRef().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (present(c.decisionType())) {
            sql.append(" and exists (select 1 from decision d where d.evaluation_id = e.id and d.type = ?");
            params.add(c.decisionType().trim());
            if (present(c.decisionValue())) { sql.append(" and d.decision_value = ?"); params.add(c.decisionValue().trim()); }
            sql.append(")");
        }
        return sql.toString();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
