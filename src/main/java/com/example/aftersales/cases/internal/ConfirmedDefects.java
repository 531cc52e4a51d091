package com.example.aftersales.cases.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.PriorDefectData;

/**
 * The cases whose latest evaluation found a product defect ({@code confirmed_defect}, derived from the evaluations
 * and kept in step inside the transaction that records each one), and the prior defects the rules are given.
 */
@Component
public class ConfirmedDefects {

    private final JdbcClient jdbc;

    ConfirmedDefects(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Called inside the transaction that records an evaluation of the case. */
    public void follow(long caseId, CaseData evaluated) {
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

    /** Newest first, as {@link #relevant} reads them: received, then case id, both descending. */
    static final Comparator<PriorDefectData> NEWEST_FIRST = Comparator
            .comparing((PriorDefectData d) -> d.receivedAt().toInstant())
            .thenComparing(PriorDefectData::caseId).reversed();

    /** The newest defects of the problem category read first ({@link #before}). */
    static final int PAGE = 32;

    private static final String COLUMNS = "case_id, received_at, product_code, problem_category, batch_number, production_site";

    /**
     * The prior confirmed defects the recurring and systemic rules need, received in {@code [from, to]}, other than
     * the case itself, oldest first: every defect of the same product and problem category; and, of the same problem
     * category, the latest defect of each of the {@code distinct} batches and production sites most recently affected.
     * Windows end at the reference time, so the batches (sites) inside any window are the most recent ones: a rule
     * asking for at least {@code distinct} of them in any window decides the same as with every defect, at a
     * fraction of the rows. {@code distinct} 0: every batch and site.
     *
     * <p>Read without every defect of the window (their number grows with the history): one statement reads the
     * {@link #PAGE} newest defects of the problem category and every defect of the product and problem (both by an
     * index of their own, V37); {@link #choose} shows why that gives what {@link #relevant} gives over all of them, and
     * reads them all only when the newest do not yet name {@code distinct} batches and sites.
     */
    public List<PriorDefectData> before(OffsetDateTime from, OffsetDateTime to, long self, String productCode,
                                 String problemCategory, int distinct) {
        if (distinct <= 0) {
            return relevant(all(from, to, self, problemCategory), productCode, distinct);
        }
        List<PriorDefectData> newest = new ArrayList<>(PAGE);
        List<PriorDefectData> sameProduct = new ArrayList<>();
        jdbc.sql("""
                        (select 0 as part, %1$s from confirmed_defect
                         where problem_category = :problem and received_at >= :from and received_at <= :to and case_id <> :self
                         order by problem_category, received_at desc, case_id desc fetch first %2$d rows only)
                        union all
                        (select 1 as part, %1$s from confirmed_defect
                         where problem_category = :problem and product_code = :product and received_at >= :from
                           and received_at <= :to and case_id <> :self)
                        order by part, received_at desc, case_id desc""".formatted(COLUMNS, PAGE))
                .param("problem", problemCategory).param("product", productCode).param("from", from).param("to", to)
                .param("self", self)
                .query(rs -> {
                    (rs.getInt(1) == 0 ? newest : sameProduct).add(new PriorDefectData(rs.getLong(2),
                            rs.getObject(3, OffsetDateTime.class), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7)));
                });
        return choose(newest, sameProduct, PAGE, productCode, distinct, () -> all(from, to, self, problemCategory));
    }

    /** Every defect of the problem category in the window but the case itself, newest first. */
    private List<PriorDefectData> all(OffsetDateTime from, OffsetDateTime to, long self, String problemCategory) {
        return jdbc.sql("""
                        select %s from confirmed_defect
                        where problem_category = ? and received_at >= ? and received_at <= ? and case_id <> ?
                        order by problem_category, received_at desc, case_id desc""".formatted(COLUMNS))
                .params(problemCategory, from, to, self)
                .query((rs, i) -> new PriorDefectData(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /**
     * What {@link #relevant} keeps of all the defects of a window, from the first {@code page} of them ({@code newest},
     * newest first) and those of the product ({@code sameProduct}, newest first), reading {@code all} only when these
     * cannot tell. Why they can: {@link #relevant} keeps a defect of another product only as the newest of its batch
     * (an older one of the batch finds it in the set, or the set full) and only among the first {@code distinct}
     * batches in that order (when it is kept, every batch whose newest defect came before it is in the set, which
     * holds fewer than {@code distinct}); the same for sites; and what it skips changes nothing for the next. So when
     * the page holds all defects (fewer than {@code page}), or names at least {@code distinct} batches and sites (the
     * newest defect of each of the first {@code distinct} is in it), the page followed by the older defects of the
     * product is all that can be kept, in the same order, and gives the same answer. Otherwise every defect is read.
     */
    static List<PriorDefectData> choose(List<PriorDefectData> newest, List<PriorDefectData> sameProduct, int page,
                                        String productCode, int distinct, Supplier<List<PriorDefectData>> all) {
        if (newest.size() < page) {
            return relevant(newest, productCode, distinct);
        }
        Set<String> batches = new HashSet<>();
        Set<String> sites = new HashSet<>();
        for (PriorDefectData d : newest) {
            batches.add(d.batchNumber());
            sites.add(d.productionSite());
        }
        if (distinct <= 0 || batches.size() < distinct || sites.size() < distinct) {
            return relevant(all.get(), productCode, distinct);
        }
        PriorDefectData last = newest.get(newest.size() - 1);
        List<PriorDefectData> candidates = new ArrayList<>(newest.size() + sameProduct.size());
        candidates.addAll(newest);
        for (PriorDefectData d : sameProduct) {
            if (NEWEST_FIRST.compare(d, last) > 0) { // after the page's last in newest-first order: older
                candidates.add(d);
            }
        }
        return relevant(candidates, productCode, distinct);
    }

    /** Of prior defects newest first, those {@link #before} keeps, oldest first. */
    public static List<PriorDefectData> relevant(List<PriorDefectData> newestFirst, String productCode, int distinct) {
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
