package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The cases whose latest evaluation found a product defect ({@code confirmed_defect}, derived from the evaluations
 * and kept in step inside the transaction that records each one), and the prior defects the rules are given.
 */
@Component
class ConfirmedDefects {

    private final JdbcClient jdbc;

    ConfirmedDefects(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Called inside the transaction that records an evaluation of the case. */
    void follow(long caseId, CaseData evaluated) {
        jdbc.sql("delete from confirmed_defect where case_id = ?").param(caseId).update();
        if (evaluated.findings() != null && "PRODUCT_DEFECT".equals(evaluated.findings().cause())) {
            jdbc.sql("""
                    insert into confirmed_defect (case_id, received_at, product_code, problem_category, batch_number, production_site)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(caseId, evaluated.receivedAt(), evaluated.product().code(), evaluated.problem().category(),
                            evaluated.batchNumber(), evaluated.productionSite())
                    .update();
        }
    }

    /**
     * The prior confirmed defects the recurring and systemic rules need, received in {@code [from, to]}, other than
     * the case itself, oldest first: every defect of the same product and problem category; and, of the same problem
     * category, the latest defect of each of the {@code distinct} batches and production sites most recently affected.
     * Windows end at the reference time, so the batches (sites) inside any window are the most recent ones: a rule
     * asking for at least {@code distinct} of them in any window decides the same as with every defect, at a
     * fraction of the rows. {@code distinct} 0: every batch and site.
     */
    List<PriorDefectData> before(OffsetDateTime from, OffsetDateTime to, long self, String productCode,
                                 String problemCategory, int distinct) {
        List<PriorDefectData> newestFirst = jdbc.sql("""
                        select case_id, received_at, product_code, problem_category, batch_number, production_site
                        from confirmed_defect
                        where problem_category = ? and received_at >= ? and received_at <= ? and case_id <> ?
                        order by received_at desc, case_id desc""")
                .params(problemCategory, from, to, self)
                .query((rs, i) -> new PriorDefectData(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
        return relevant(newestFirst, productCode, distinct);
    }

    /** Of prior defects newest first, those {@link #before} keeps, oldest first. */
    static List<PriorDefectData> relevant(List<PriorDefectData> newestFirst, String productCode, int distinct) {
        int limit = distinct <= 0 ? Integer.MAX_VALUE : distinct;
        Set<String> batches = new HashSet<>();
        Set<String> sites = new HashSet<>();
        List<PriorDefectData> kept = new ArrayList<>();
        for (PriorDefectData d : newestFirst) {
            boolean newBatch = !batches.contains(d.batchNumber()) && batches.size() < limit;
            boolean newSite = !sites.contains(d.productionSite()) && sites.size() < limit;
            if (d.productCode().equals(productCode) || newBatch || newSite) {
                kept.add(d);
                batches.add(d.batchNumber());
                sites.add(d.productionSite());
            }
        }
        Collections.reverse(kept);
        return kept;
    }
}
