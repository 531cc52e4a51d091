package com.example.aftersales.cases;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes what another session committed durable before the API shows it, on H2: H2 (2.4.240) shows a transaction to
 * other sessions as committed from the moment its committing bit flips, a moment before {@code MVStore.commit()} writes
 * its chunk (TransactionStore), so a replay's progress, an import's, or the case a retry is answered with could be
 * shown and then lost to a kill -9 in that moment. {@code CHECKPOINT} runs that same {@code MVStore.commit()}: it waits
 * for a chunk being written and writes what is not yet (a chunk written after the bit flipped carries the commit, and
 * H2 completes it when it opens the file). What a commit's own session answers (a {@code 201}) is answered after its
 * chunk is written anyway; PostgreSQL shows a commit only after its WAL flush: nothing to do there.
 * <p>
 * Cost (measured on an H2 file, WRITE_DELAY=0): a {@code CHECKPOINT} that finds everything written takes 3-15 µs of
 * CPU; one that finds changes not yet written (another transaction still open) writes them as a commit would, about
 * 0.12 ms (a commit of one row: 0.14 ms). It runs only when the state shown differs from the last one shown under the
 * same name, and on the rare path of a retry.
 */
@Component
public class DurableReads {

    private static final Logger log = LoggerFactory.getLogger(DurableReads.class);

    /** H2's ErrorCode.ADMIN_RIGHTS_REQUIRED. */
    private static final int ADMIN_RIGHTS_REQUIRED = 90040;

    private final JdbcTemplate jdbc;
    /** Null until the first call: whether the database is H2 (and the user may run CHECKPOINT: an admin). */
    private volatile Boolean h2;
    /** The last state shown under each name (the newest 256 names), written by then. */
    private final Map<String, Object> shown = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > 256;
        }
    });

    DurableReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Before answering with {@code state} (read from the database, keyed by {@code name}: "replay 7"): makes it
     * durable unless it is the state last shown under that name.
     */
    public void beforeShowing(String name, Object state) {
        if (!h2() || Objects.equals(shown.get(name), state)) {
            return;
        }
        checkpoint();
        shown.put(name, state);
    }

    /** Before answering with something read from the database, whatever it is (a retry's first answer: rare). */
    public void beforeShowing() {
        if (h2()) {
            checkpoint();
        }
    }

    private boolean h2() {
        Boolean is = h2;
        if (is == null) {
            h2 = is = "H2".equals(jdbc.execute((ConnectionCallback<String>) con -> con.getMetaData().getDatabaseProductName()));
        }
        return is;
    }

    private void checkpoint() {
        try {
            jdbc.execute("checkpoint");
        } catch (org.springframework.dao.DataAccessException e) {
            if (!(e.getMostSpecificCause() instanceof java.sql.SQLException sql) || sql.getErrorCode() != ADMIN_RIGHTS_REQUIRED) {
                throw e;
            }
            // a database user without admin rights: shown as before, as soon as committed
            log.warn("CHECKPOINT refused, what is shown may be a moment ahead of the file: {}", e.toString());
            h2 = false;
        }
    }
}
