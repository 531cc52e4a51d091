package com.example.aftersales.cases.internal;

import java.sql.Connection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On an H2 file, re-writes the few live pages of old, mostly dead chunks into a new chunk now and then, as H2's own
 * background writer does when {@code WRITE_DELAY} is above 0 — which our URL's {@code WRITE_DELAY=0} (a commit returns
 * only once its chunk is written: a {@code 201} survives {@code kill -9}) switches off along with that housekeeping.
 *
 * <p>Why: every commit marks the pages it replaces as dead in the chunks that held them, and writes each such chunk's
 * entry of the store's layout map again. Without housekeeping a chunk stays as long as one of its pages is live, so
 * their number only grows (6,500 chunks at 12 % fill after 18,000 recorded cases, a 1.7 GB file): each commit then
 * touches the entries of dozens of old chunks spread over the layout map, which was a fifth of the bytes a recorded
 * request wrote (docs/PERFORMANCE.md). Moving the live pages lets those chunks die and be dropped.
 *
 * <p>Its own commit writes the moved pages: the recording's commits do not wait for more than the store's lock.
 * Nothing is done on PostgreSQL or on an in-memory H2 database.
 */
@Component
class H2StoreHousekeeping implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(H2StoreHousekeeping.class);

    /** Below this fill rate of the chunks (live bytes in per cent of their size) live pages are moved. */
    static final int TARGET_FILL_RATE = 80;
    /** At most about this many bytes of live pages moved a round (as H2's own writer does between commits). */
    static final int WRITE_LIMIT = 256 * 1024;
    /** Milliseconds between rounds (H2's own writer: a third of its write delay). */
    static final long MILLIS = 200;

    private final DataSource dataSource;
    private ScheduledExecutorService timer;
    private volatile MVStore store;

    H2StoreHousekeeping(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventListener(ContextRefreshedEvent.class)
    synchronized void start() {
        if (timer != null) {
            return;
        }
        store = fileStore(dataSource);
        if (store == null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "h2-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::round, MILLIS, MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The MVStore of an embedded H2 file behind the data source, or null (PostgreSQL, in memory, a server). */
    static MVStore fileStore(DataSource dataSource) {
        try (Connection con = dataSource.getConnection()) {
            if (!con.isWrapperFor(JdbcConnection.class)
                    || !(con.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                    || session.getDatabase().getStore() == null) {
                return null;
            }
            MVStore mv = session.getDatabase().getStore().getMvStore();
            return mv.getFileStore() == null || mv.isReadOnly() ? null : mv;
        } catch (Exception | LinkageError e) {
            log.debug("No H2 file store to keep: {}", e.toString());
            return null;
        }
    }

    /** One round: moves the live pages of the emptiest old chunks, if the chunks are below the target fill rate. */
    void round() {
        MVStore mv = store;
        try {
            if (mv == null || mv.isClosed()) {
                return;
            }
            if (mv.compact(TARGET_FILL_RATE, WRITE_LIMIT)) {
                mv.commit();
            }
        } catch (RuntimeException e) {
            if (!mv.isClosed()) {
                log.warn("H2 store housekeeping failed: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized void destroy() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            timer = null;
        }
        store = null;
    }
}
