package com.example.aftersales;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Assumptions;

/**
 * The tests' own PostgreSQL database, {@code aftersales_test} (or {@code $AFTERSALES_TEST_DB}, so that two checkouts
 * can test side by side; {@code _f<n>} appended in surefire's fork n, so that forks running side by side keep apart),
 * dropped and created afresh once per test run.
 * Without a server the tests are skipped on a developer's machine, but fail under {@code CI=true}.
 */
public final class PostgresTestDatabase {

    public static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String NAME = System.getenv().getOrDefault("AFTERSALES_TEST_DB", "aftersales_test") + fork();
    private static boolean created;
    /** The databases {@link #freshOnce} made in this run. */
    private static final java.util.Set<String> MADE = new java.util.HashSet<>();

    private PostgresTestDatabase() {
    }

    /** {@code _f<n>} in surefire's fork n (the pom passes {@code aftersales.test.fork=f<n>}), else nothing. */
    private static String fork() {
        String fork = System.getProperty("aftersales.test.fork", "");
        return fork.matches("f\\d+") ? "_" + fork : "";
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

    /** The named database, dropped and created afresh the first time it is asked for in this run (JVM). */
    public static synchronized void freshOnce(String name) {
        if (MADE.add(name)) {
            recreate(name);
        }
    }

    /**
     * Null when the server answers; else why not, on a developer's machine. Under {@code CI=true} an unreachable
     * server fails instead.
     */
    public static String unreachable() {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "")) {
            return null;
        } catch (SQLException e) {
            String why = "PostgreSQL at 127.0.0.1:5432 is not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: PostgreSQL tests must run)", e);
            }
            return why;
        }
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
            String quoted = '"' + name.replace("\"", "\"\"") + '"'; // test names may hold '-'
            s.execute("drop database if exists " + quoted + " with (force)");
            s.execute("create database " + quoted);
        } catch (SQLException e) {
            String why = "PostgreSQL at 127.0.0.1:5432 is not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: PostgreSQL tests must run)", e);
            }
            Assumptions.abort(why);
        }
    }
}
