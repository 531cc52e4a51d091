package com.example.aftersales.cases.internal;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.aftersales.cases.CaseSearch;

/**
 * Writes the free-text terms ({@link SearchTerms}) of the cases recorded one by one, a batch at a time, shortly after
 * they are recorded: a case's own commit writes one row in {@code case_search_pending} (V30) instead of its fifty-odd
 * terms, which land all over the term index (the key begins with the term) and made up a third of a recorded request's
 * CPU on H2 (docs/PERFORMANCE.md). Written together, the cases of a batch share the index pages their terms fall in.
 *
 * <p>Nothing is found later for it: {@link CaseSearch} takes the pending cases as candidates beside the terms' and
 * checks every candidate with the same conditions. Each batch moves its cases from pending to their terms in one
 * transaction, so a search statement sees every case in one of the two. Several instances may index: each claims the
 * pending rows it indexes ({@code for update skip locked}), so their batches neither meet nor wait for each other;
 * a term written meanwhile by {@link SearchTerms#fill} makes the batch run again, leaving such terms alone.
 */
@Component
public class SearchIndexer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);

    /** A case recorded, its terms to write (a row left by a deleted case of the same id already says so). */
    static final String PENDING = "insert into case_search_pending (case_id) values (?) on conflict do nothing";
    /** Cases per transaction. */
    static final int BATCH = 1_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final long lingerNanos;
    private final long pollNanos;
    private final Thread thread;
    private volatile boolean woken;
    private volatile boolean running = true;

    SearchIndexer(JdbcTemplate jdbc, PlatformTransactionManager transactions, SearchProperties settings) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(settings.indexLingerMillis());
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(settings.indexPollMillis());
        this.thread = new Thread(this::run, "search-indexer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Cases were recorded: index them soon (after a short wait that gathers the next ones into the same batch). */
    public void wake() {
        if (!woken) {
            woken = true;
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(this, pollNanos); // or until woken; also finds cases pending from before a restart
            if (!running) {
                return;
            }
            if (woken) {
                LockSupport.parkNanos(this, lingerNanos);
                if (!running) {
                    return;
                }
            }
            woken = false;
            try {
                indexPending();
            } catch (RuntimeException e) { // the database away: the cases stay pending (and found) until the next try
                log.warn("Search terms not written yet, retried later: {}", e.toString());
            }
        }
    }

    /**
     * Writes the terms of every pending case, a batch per transaction; the number of cases indexed. One caller at a
     * time: a caller (a test emptying the tables) returns only once the indexer's own batch in flight is done too.
     */
    public synchronized int indexPending() {
        int total = 0;
        for (int n; (n = indexBatch()) > 0; ) {
            total += n;
            if (n < BATCH) {
                break;
            }
        }
        return total;
    }

    private int indexBatch() {
        try {
            return indexBatch(false);
        } catch (DuplicateKeyException e) { // a claimed case's term already written (SearchTerms.fill): again
            return indexBatch(true);
        }
    }

    /**
     * Claims up to {@link #BATCH} pending cases (rows another instance's indexer has claimed are skipped, not waited
     * for), writes their terms ({@code ifAbsent}: leaving a term already written alone) and drops them from pending,
     * in one transaction.
     */
    private int indexBatch(boolean ifAbsent) {
        Integer done = transaction.execute(status -> {
            // The pending cases first, then their rows by id: joined in one statement, PostgreSQL without fresh
            // statistics merge-joined the pending ids (the newest cases) with the whole case table from its first
            // id on, a scan that grew with the history (7-30 ms a batch at 15,000 cases).
            List<Long> ids = jdbc.queryForList("select case_id from case_search_pending order by case_id fetch first %d rows only for update skip locked".formatted(BATCH),
                    Long.class);
            if (ids.isEmpty()) {
                return 0;
            }
            List<Long> caseIds = new ArrayList<>(ids.size());
            List<Set<String>> terms = new ArrayList<>(ids.size());
            String in = String.join(",", Collections.nCopies(ids.size(), "?"));
            jdbc.query("""
                    select c.id, c.search_names, c.external_ref, c.product_code,
                           c.product_category, c.problem_category, c.unit_code, c.customer_province
                    from aftersales_case c where c.id in (%s)""".formatted(in), rs -> {
                // a pending case without a row is gone (a test emptied the tables): nothing to index
                caseIds.add(rs.getLong(1));
                terms.add(SearchTerms.terms(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8)));
            }, ids.toArray());
            jdbc.execute((Connection con) -> {
                SearchTerms.insert(con, caseIds, terms, ifAbsent);
                return null;
            });
            jdbc.update("delete from case_search_pending where case_id in (%s)".formatted(in), ids.toArray());
            return ids.size();
        });
        return done == null ? 0 : done;
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(10_000);
    }
}
