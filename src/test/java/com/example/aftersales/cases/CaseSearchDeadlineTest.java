package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import com.example.aftersales.BothDatabases;

/**
 * The search's deadline ({@code aftersales.search.timeout}, 1 s here): a search held up past it (by a lock on
 * PostgreSQL, a slow trigger on H2) is stopped in the database and answered 503 with Retry-After, in words, with the
 * search form kept. On H2 and, in the PostgreSQL run, PostgreSQL. A history of 2,000 cases of its own: what holds
 * the search up is the lock or the trigger, not the size (the large history's bounds are CaseSearchBoundsTest's).
 */
@BothDatabases
@SpringBootTest(properties = {"aftersales.test.database=search_deadline", "aftersales.search.timeout=1s"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
@WithMockUser(username = "analyst.zhao", roles = "ANALYST")
class CaseSearchDeadlineTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void history() throws Exception {
        // made without the shipped query timeout (it is setup, not the search)
        BigHistory.ensure(JdbcClient.create(dataSource), postgres(), 2_000);
    }

    @Test
    @DisplayName("A search held up past its deadline is cancelled in the database and answered 503 with Retry-After, in words")
    void pastTheDeadline() throws Exception {
        try (Connection holder = dataSource.getConnection(); Statement hold = holder.createStatement()) {
            if (postgres()) {
                // another transaction holds the table: the search waits, and its statement is cancelled at the deadline
                holder.setAutoCommit(false);
                hold.execute("lock table aftersales_case in access exclusive mode");
            } else {
                // H2 readers never wait for a lock: every read of the table starts 2 s late instead, past the deadline
                hold.execute("create trigger slow_search before select on aftersales_case call '" + SlowRead.class.getName() + "'");
            }
            try {
                long started = System.nanoTime();
                String page = mvc.perform(get("/console/cases").header("Accept-Language", "en"))
                        .andExpect(status().isServiceUnavailable())
                        .andExpect(header().string("Retry-After", "1"))
                        .andReturn().getResponse().getContentAsString();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(page).contains("The search took longer than 1 s and was stopped. Narrow it")
                        .contains("id=\"case-search\""); // the form stays, to narrow the search
                assertThat(millis).as("stopped near its deadline, not after the whole query").isLessThan(20_000);
                if (postgres()) {
                    assertThat(jdbc.sql("select count(*) from pg_stat_activity where query like '%from aftersales_case c join evaluation%'"
                            + " and state = 'active' and pid <> pg_backend_pid()").query(Long.class).single())
                            .as("nothing of the search left running in the database").isZero();
                }
                String zh = mvc.perform(get("/console/cases").header("Accept-Language", "zh-CN"))
                        .andExpect(status().isServiceUnavailable()).andReturn().getResponse().getContentAsString();
                assertThat(zh).contains("查询超过 1 秒，已停止。");
            } finally {
                if (postgres()) {
                    holder.rollback();
                } else {
                    hold.execute("drop trigger slow_search");
                }
            }
        }
        assertThat(mvc.perform(get("/console/cases?ref=BIG-0012").header("Accept-Language", "en")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).as("searches work again").contains("BIG-001299");
    }

    /** H2 trigger: a read of the cases that starts late, twice the deadline (H2 stops the statement after it). */
    public static class SlowRead implements org.h2.api.Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws java.sql.SQLException {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean postgres() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }
}
