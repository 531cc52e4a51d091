package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

/** The recorded cases. */
interface Cases extends ListCrudRepository<CaseRecord, Long> {

    /**
     * Confirmed defects (latest evaluation found a product defect) received in {@code [from, to]}, other than the
     * case itself, of the same product or the same problem category (all the recurring and systemic rules can
     * count), oldest first.
     */
    @Query("""
            select c.id as case_id, c.received_at, c.product_code, c.problem_category, c.batch_number, c.production_site
            from aftersales_case c
            join evaluation e on e.case_id = c.id
            where c.received_at >= :from and c.received_at <= :to and c.id <> :self
              and (c.product_code = :product or c.problem_category = :problem)
              and e.cause = 'PRODUCT_DEFECT'
              and e.seq = (select max(l.seq) from evaluation l where l.case_id = c.id)
            order by c.received_at, c.id
            """)
    List<PriorDefectRow> confirmedDefects(@Param("from") OffsetDateTime from, @Param("to") OffsetDateTime to,
                                          @Param("self") long self, @Param("product") String productCode,
                                          @Param("problem") String problemCategory);

    record PriorDefectRow(Long caseId, OffsetDateTime receivedAt, String productCode, String problemCategory,
                          String batchNumber, String productionSite) {
        PriorDefectData toData() {
            return new PriorDefectData(caseId, receivedAt, productCode, problemCategory, batchNumber, productionSite);
        }
    }
}
