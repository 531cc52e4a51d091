package com.example.aftersales;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Assumptions;

/**
 * The tests' own PostgreSQL database, {@code aftersales_test} (or {@code $AFTERSALES_TEST_DB}, so that two checkouts
 * can test side by side), dropped and created afresh once per test run.
 * Without a server the tests are skipped on a developer's machine, but fail under {@code CI=true}.
 */
public final class PostgresTestDatabase {

    public static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String NAME = System.getenv().getOrDefault("AFTERSALES_TEST_DB", "aftersales_test");
    private static boolean created;

    private PostgresTestDatabase() {
    }

    public static synchronized void ensureFresh() {
        if (created) {
            return;
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("drop database if exists " + NAME + " with (force)");
            s.execute("create database " + NAME);
            created = true;
        } catch (SQLException e) {
            String why = "PostgreSQL at 127.0.0.1:5432 is not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: PostgreSQL tests must run)", e);
            }
            Assumptions.abort(why);
        }
    }
}
