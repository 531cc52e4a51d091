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
        recreate(NAME);
        created = true;
    }

    /**
     * A database of a test's own, {@code <NAME>_<suffix>}, dropped and created afresh now (for tests that take their
     * database down or need it empty). Returns its JDBC URL.
     */
    public static String fresh(String suffix) {
        String name = NAME + "_" + suffix;
        recreate(name);
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    /** Runs statements on the server as the administrator (e.g. to deny connections to a test's database). */
    public static void admin(String... statements) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void recreate(String name) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        } catch (SQLException e) {
            String why = "PostgreSQL at 127.0.0.1:5432 is not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: PostgreSQL tests must run)", e);
            }
            Assumptions.abort(why);
        }
    }
}
