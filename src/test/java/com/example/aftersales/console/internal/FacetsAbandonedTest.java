package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.h2.command.Command;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.aftersales.BothDatabases;
import com.example.aftersales.PostgresSuite;
import com.example.aftersales.security.Http;

/**
 * A facets count left behind — the person reloads, goes to the next page or searches again before the facets of the
 * page before are counted — is stopped in the database when the same session asks for its next list page, which then
 * answers at once instead of waiting for a core behind it. On H2 and, in the PostgreSQL run, PostgreSQL, through
 * the real web server (the facets are answered asynchronously).
 */
@BothDatabases
@SharedBrowserContext
class FacetsAbandonedTest {

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @Test
    @DisplayName("The next list page of the session stops the facets count it left running: cancelled in the database, not left to its deadline")
    void nextPageStopsTheCountLeftRunning() throws Exception {
        Http browser = new Http(port);
        assertThat(browser.signIn("admin", "browser-test-password").statusCode()).isEqualTo(302);
        boolean postgres = Boolean.getBoolean(PostgresSuite.ACTIVE);
        try (Connection holder = dataSource.getConnection(); Statement hold = holder.createStatement()) {
            if (postgres) { // the count waits for the table until it is cancelled
                holder.setAutoCommit(false);
                hold.execute("lock table case_decision_types in access exclusive mode");
            } else { // H2 readers never wait for a lock: the read is held up for 20 s unless cancelled
                hold.execute("create trigger held_facets before select on case_decision_types call '"
                        + HeldRead.class.getName() + "'");
            }
            try {
                CompletableFuture<HttpResponse<String>> facets = CompletableFuture.supplyAsync(
                        () -> browser.get("/console/cases/facets?q=abandoned", "HX-Request", "true"));
                Awaitility.await("the count running").atMost(Duration.ofSeconds(10)).until(() -> counting(postgres) == 1);
                long next = System.nanoTime();
                HttpResponse<String> page = browser.get("/console/cases?q=abandoned&page=1");
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(facets.get(5, TimeUnit.SECONDS).body()).as("said, not counted").contains("id=\"facets-stopped\"");
                assertThat((System.nanoTime() - next) / 1_000_000).as("ms to the next page and the count stopped")
                        .isLessThan(5_000);
                assertThat(counting(postgres)).as("nothing left running").isZero();
            } finally {
                if (postgres) {
                    holder.rollback();
                } else {
                    hold.execute("drop trigger held_facets");
                }
            }
        }
        HttpResponse<String> again = browser.get("/console/cases/facets?q=abandoned", "HX-Request", "true");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).as("counted again").doesNotContain("facets-stopped");
    }

    /** The facets statements running now, in other sessions. */
    private long counting(boolean postgres) {
        return jdbc.sql(postgres
                ? "select count(*) from pg_stat_activity where query like '%left join case_decision_types t%' and state = 'active'"
                        + " and pid <> pg_backend_pid()"
                : "select count(*) from information_schema.sessions where executing_statement like '%left join case_decision_types t%'"
                        + " and session_id <> session_id()").query(Long.class).single();
    }

    /** H2 trigger: a read held up for 20 s, which ends as soon as its statement is cancelled. */
    public static class HeldRead implements org.h2.api.Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws java.sql.SQLException {
            Command command = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getCurrentCommand();
            try {
                Field cancelled = Command.class.getDeclaredField("cancel"); // what Statement.cancel() sets
                cancelled.setAccessible(true);
                for (int i = 0; i < 400; i++) {
                    if (cancelled.getBoolean(command)) { // as H2 does at its next row (a read of no rows has none)
                        throw new java.sql.SQLTimeoutException("Statement was canceled", "57014");
                    }
                    Thread.sleep(50);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
