package com.example.aftersales.cases.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
 * Group commit for recorded requests: concurrent writes (each a {@link Supplier} that writes one case's rows) are
 * handed to one writer thread, which runs whatever has queued up in <b>one transaction and one commit</b>. Each write
 * runs in a savepoint of its own, so one that fails (a unique-constraint conflict of an idempotent retry or a duplicate
 * externalRef) is rolled back alone and its caller gets its exception, exactly as if it had had a transaction of its
 * own; the others are committed. Every caller waits until the commit: its answer is sent only once its rows are durable.
 *
 * <p>Why: on an H2 file every commit serialises the changed pages of the tables and indexes, and on PostgreSQL every
 * commit waits for the WAL to be flushed; per request, that was most of a recorded request's time under load. A lone
 * request is written at once, as before (the queue gathers only what arrives while a commit is going on).
 *
 * <p>A caller already inside a transaction (an import's chunk, a test) writes in it, on its own thread, as before.
 */
@Component
public class GroupCommit implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** At most this many writes per transaction (a bound on the time a savepoint's rows are held uncommitted). */
    static final int MAX_BATCH = 64;

    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final Thread writer;
    private volatile boolean running = true;

    GroupCommit(PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.writer = new Thread(this::run, "group-commit");
        this.writer.setDaemon(true); // never keeps a JVM alive; a clean shutdown drains the queue (destroy)
        this.writer.start();
    }

    /**
     * Runs {@code write} in a transaction shared with other concurrent writes and returns its result once that
     * transaction is committed; throws what {@code write} threw (its rows rolled back, the others' not), or the commit's
     * failure.
     */
    public <T> T write(Supplier<T> write) {
        if (TransactionSynchronizationManager.isActualTransactionActive() || !running) {
            return transaction.execute(status -> write.get());
        }
        Pending<T> pending = new Pending<>(write, new CompletableFuture<>());
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

    private static final class Pending<T> {
        final Supplier<T> write;
        final CompletableFuture<T> done;
        T result;
        Throwable failure;

        Pending(Supplier<T> write, CompletableFuture<T> done) {
            this.write = write;
            this.done = done;
        }

        void run() {
            result = write.get();
        }

        void complete() {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(result);
            }
        }
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
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
     * Writes the batch in one transaction, each write in a savepoint when there are several; answers the callers once
     * the commit is done and its after-commit listeners (rectification orders, shadow runs) have run, as they ran on
     * the request's own thread before there was group commit: a case's answer still means its order has taken it in.
     */
    private void commit(List<Pending<?>> batch) {
        boolean[] committed = {false};
        try {
            transaction.executeWithoutResult(status -> {
                if (batch.size() == 1) {
                    batch.get(0).run(); // alone: a failure rolls the transaction back, as it always did
                } else {
                    for (Pending<?> pending : batch) {
                        try {
                            savepoint.executeWithoutResult(nested -> pending.run());
                        } catch (RuntimeException e) {
                            pending.failure = e; // rolled back to its savepoint; the others go on
                        }
                    }
                }
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
            });
        } catch (RuntimeException | Error e) {
            if (!committed[0]) {
                for (Pending<?> pending : batch) {
                    pending.done.completeExceptionally(pending.failure != null ? pending.failure : e);
                }
                return;
            }
            // committed: what failed ran after the commit and cannot undo it; the cases are recorded
            log.warn("Work after the commit of {} recorded cases failed; they are recorded", batch.size(), e);
        }
        batch.forEach(Pending::complete);
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false; // later writes run on their callers' threads; the queue is drained first
        writer.join(10_000);
        for (Pending<?> left; (left = queue.poll()) != null; ) {
            commit(List.of(left));
        }
    }
}
