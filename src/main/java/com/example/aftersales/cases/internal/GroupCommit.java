package com.example.aftersales.cases.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for recorded requests: concurrent new cases ({@link CaseWriter.NewCase}) are handed to one writer
 * thread, which writes whatever has queued up in <b>one transaction and one commit</b>, with one statement (or JDBC
 * batch) per table for all of them ({@link CaseWriter#insertNew}). When that fails — a unique-constraint conflict of
 * an idempotent retry or a duplicate externalRef among them — the transaction is rolled back and the batch written
 * again with each case in a savepoint of its own, so the failing case is rolled back alone and its caller gets its
 * exception, exactly as if it had had a transaction of its own; the others are committed. Every caller waits until the
 * commit: its answer is sent only once its rows are durable.
 *
 * <p>Why: on an H2 file every commit serialises the changed pages of the tables and indexes, and on PostgreSQL every
 * commit waits for the WAL to be flushed; per request, that was most of a recorded request's time under load. And the
 * writer thread is one: each statement it sends per case (a round trip to PostgreSQL, a savepoint and its release)
 * bounds the throughput, so a batch sends one per table. A lone request is written at once, as before (the queue
 * gathers only what arrives while a commit is going on).
 *
 * <p>A caller already inside a transaction (an import's chunk, a test) writes in it, on its own thread, as before.
 */
@Component
public class GroupCommit implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** At most this many cases per transaction (a bound on the time their rows are held uncommitted). */
    static final int MAX_BATCH = 64;

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final CaseWriter writer;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final Thread thread;
    private volatile boolean running = true;

    GroupCommit(CaseWriter writer, Clock clock, PlatformTransactionManager transactions) {
        this.writer = writer;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.thread = new Thread(this::run, "group-commit");
        this.thread.setDaemon(true); // never keeps a JVM alive; a clean shutdown drains the queue (destroy)
        this.thread.start();
    }

    /**
     * Writes the case in a transaction shared with other concurrent writes and returns what was written once that
     * transaction is committed; throws what writing it threw (its rows rolled back, the others' not), or the commit's
     * failure.
     */
    public CaseWriter.Written write(CaseWriter.NewCase newCase) {
        if (TransactionSynchronizationManager.isActualTransactionActive() || !running) {
            return transaction.execute(status -> writer.insertNew(List.of(newCase), OffsetDateTime.now(clock)).get(0));
        }
        Pending pending = new Pending(newCase);
        queue.add(pending);
        try {
            return pending.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static final class Pending {
        final CaseWriter.NewCase newCase;
        final CompletableFuture<CaseWriter.Written> done = new CompletableFuture<>();
        CaseWriter.Written written;
        RuntimeException failure;

        Pending(CaseWriter.NewCase newCase) {
            this.newCase = newCase;
        }

        void complete() {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(written);
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable e) { // never lose the writer: fail the batch's callers instead
                log.error("Group commit failed", e);
                batch.forEach(p -> p.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Writes the batch in one transaction, all cases together, or, when that fails, each case in a savepoint of its
     * own; answers the callers once the commit is done and its after-commit listeners (rectification orders, shadow
     * runs) have run, as they ran on the request's own thread before there was group commit: a case's answer still
     * means its order has taken it in.
     */
    private void commit(List<Pending> batch) {
        boolean[] committed = {false};
        try {
            boolean together = transaction.execute(status -> {
                OffsetDateTime now = OffsetDateTime.now(clock);
                if (batch.size() == 1) {
                    batch.get(0).written = writer.insertNew(List.of(batch.get(0).newCase), now).get(0);
                } else {
                    try {
                        List<CaseWriter.Written> written = writer.insertNew(batch.stream().map(p -> p.newCase).toList(), now);
                        for (int i = 0; i < batch.size(); i++) {
                            batch.get(i).written = written.get(i);
                        }
                    } catch (RuntimeException e) { // one of them failed: all again, each in a savepoint
                        status.setRollbackOnly();
                        return false;
                    }
                }
                afterCommit(committed);
                return true;
            });
            if (!together) {
                transaction.executeWithoutResult(status -> {
                    OffsetDateTime now = OffsetDateTime.now(clock);
                    for (Pending pending : batch) {
                        try {
                            pending.written = savepoint.execute(
                                    nested -> writer.insertNew(List.of(pending.newCase), now).get(0));
                        } catch (RuntimeException e) {
                            pending.failure = e; // rolled back to its savepoint; the others go on
                        }
                    }
                    afterCommit(committed);
                });
            }
        } catch (RuntimeException | Error e) {
            if (!committed[0]) {
                for (Pending pending : batch) {
                    pending.done.completeExceptionally(pending.failure != null ? pending.failure : e);
                }
                return;
            }
            // committed: what failed ran after the commit and cannot undo it; the cases are recorded
            log.warn("Work after the commit of {} recorded cases failed; they are recorded", batch.size(), e);
        }
        batch.forEach(Pending::complete);
    }

    /** Sets {@code committed[0]} once the transaction is committed, before any other after-commit work. */
    private static void afterCommit(boolean[] committed) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public int getOrder() {
                return Ordered.HIGHEST_PRECEDENCE;
            }

            @Override
            public void afterCommit() {
                committed[0] = true;
            }
        });
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false; // later writes run on their callers' threads; the queue is drained first
        thread.join(10_000);
        for (Pending left; (left = queue.poll()) != null; ) {
            commit(List.of(left));
        }
    }
}
