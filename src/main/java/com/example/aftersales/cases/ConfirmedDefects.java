package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.List;

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
     * the case itself, oldest first: every defect of the same product and problem category, and of the same problem
     * category the latest defect of each batch and of each production site. The latest defect of a batch (site) is
     * inside a window ending at the reference time whenever any is, so distinct batches and sites count the same in
     * every such window as with all defects, at a fraction of the rows.
     */
    List<PriorDefectData> before(OffsetDateTime from, OffsetDateTime to, long self, String productCode, String problemCategory) {
        return jdbc.sql("""
                        with ranked as (
                            select d.*,
                                   row_number() over (partition by d.batch_number order by d.received_at desc, d.case_id desc) as batch_rank,
                                   row_number() over (partition by d.production_site order by d.received_at desc, d.case_id desc) as site_rank
                            from confirmed_defect d
                            where d.problem_category = :problem and d.received_at >= :from and d.received_at <= :to
                              and d.case_id <> :self
                        )
                        select case_id, received_at, product_code, problem_category, batch_number, production_site
                        from ranked
                        where product_code = :product or batch_rank = 1 or site_rank = 1
                        order by received_at, case_id""")
                .param("problem", problemCategory).param("from", from).param("to", to).param("self", self)
                .param("product", productCode)
                .query((rs, i) -> new PriorDefectData(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }
}
