package com.example.aftersales.cases.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
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
     * The {@link #PAGE} newest defects of the problem category, and every defect of the product and problem: two plain
     * selects, not one {@code union all}: H2 keeps only plain selects in its cache of parsed statements, so it parsed the
     * union again on every evaluation. Each is read in the order of an index of its own (V37).
     */
    private static final String NEWEST = """
            select %s from confirmed_defect
            where problem_category = ? and received_at >= ? and received_at <= ? and case_id <> ?
            order by problem_category, received_at desc, case_id desc fetch first %d rows only""".formatted(COLUMNS, PAGE);
    private static final String SAME_PRODUCT = """
            select %s from confirmed_defect
            where problem_category = ? and product_code = ? and received_at >= ? and received_at <= ? and case_id <> ?
            order by problem_category, product_code, received_at desc, case_id desc""".formatted(COLUMNS);
    private static final String ALL = """
            select %s from confirmed_defect
            where problem_category = ? and received_at >= ? and received_at <= ? and case_id <> ?
            order by problem_category, received_at desc, case_id desc""".formatted(COLUMNS);

    /**
     * The prior confirmed defects the recurring and systemic rules need, received in {@code [from, to]}, other than
     * the case itself, oldest first: every defect of the same product and problem category; and, of the same problem
     * category, the latest defect of each of the {@code distinct} batches and production sites most recently affected.
     * Windows end at the reference time, so the batches (sites) inside any window are the most recent ones: a rule
     * asking for at least {@code distinct} of them in any window decides the same as with every defect, at a
     * fraction of the rows. {@code distinct} 0: every batch and site.
     *
     * <p>Read without every defect of the window (their number grows with the history): the {@link #PAGE} newest
     * defects of the problem category, then, only when the page is full, every defect of the product and problem;
     * {@link #choose} shows why that gives what {@link #relevant} gives over all of them, and reads them all only when
     * the newest do not yet name {@code distinct} batches and sites.
     */
    public List<PriorDefectData> before(OffsetDateTime from, OffsetDateTime to, long self, String productCode,
                                 String problemCategory, int distinct) {
        if (distinct <= 0) {
            return relevant(all(from, to, self, problemCategory), productCode, distinct);
        }
        List<PriorDefectData> newest = jdbc.sql(NEWEST).params(problemCategory, from, to, self)
                .query(ConfirmedDefects::row).list();
        return choose(newest, () -> jdbc.sql(SAME_PRODUCT).params(problemCategory, productCode, from, to, self)
                        .query(ConfirmedDefects::row).list(),
                PAGE, productCode, distinct, () -> all(from, to, self, problemCategory));
    }

    private static PriorDefectData row(ResultSet rs, int n) throws SQLException {
        return new PriorDefectData(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6));
    }

    /** Every defect of the problem category in the window but the case itself, newest first. */
    private List<PriorDefectData> all(OffsetDateTime from, OffsetDateTime to, long self, String problemCategory) {
        return jdbc.sql(ALL).params(problemCategory, from, to, self).query(ConfirmedDefects::row).list();
    }

    /**
     * What {@link #relevant} keeps of all the defects of a window, from the first {@code page} of them ({@code newest},
     * newest first) and, when the page is full, those of the product ({@code sameProduct}, newest first), reading
     * {@code all} only when these cannot tell. Why they can: {@link #relevant} keeps a defect of another product only
     * as the newest of its batch (an older one of the batch finds it in the set, or the set full) and only among the
     * first {@code distinct} batches in that order (when it is kept, every batch whose newest defect came before it is
     * in the set, which holds fewer than {@code distinct}); the same for sites; and what it skips changes nothing for
     * the next. So when the page holds all defects (fewer than {@code page}), or names at least {@code distinct}
     * batches and sites (the newest defect of each of the first {@code distinct} is in it), the page followed by the
     * older defects of the product is all that can be kept, in the same order, and gives the same answer. Otherwise
     * every defect is read.
     */
    static List<PriorDefectData> choose(List<PriorDefectData> newest, Supplier<List<PriorDefectData>> sameProduct,
                                        int page, String productCode, int distinct,
                                        Supplier<List<PriorDefectData>> all) {
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
        List<PriorDefectData> product = sameProduct.get();
        List<PriorDefectData> candidates = new ArrayList<>(newest.size() + product.size());
        candidates.addAll(newest);
        for (PriorDefectData d : product) {
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
