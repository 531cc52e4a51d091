package com.example.aftersales;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The second run of the {@link BothDatabases} tests, on PostgreSQL ({@code mvn verify}'s surefire execution
 * {@code postgres-suite}, which sets {@code aftersales.suite.postgres=true} and selects the tests by their tag): before
 * any test, points the {@code test} profile's datasource at the PostgreSQL database
 * {@code <AFTERSALES_TEST_DB>_suite_<aftersales.test.database>}, which {@link PostgresSuiteDatabases} creates afresh
 * when a context first uses it. System properties outrank the profile's properties files.
 */
public class PostgresSuite implements LauncherSessionListener {

    /** Set by the pom's {@code postgres-suite} execution. */
    public static final String ACTIVE = "aftersales.suite.postgres";

    /** Why PostgreSQL cannot be used in this run (a developer's machine without a server), or null. */
    private static volatile String unavailable;

    static boolean active() {
        return Boolean.getBoolean(ACTIVE);
    }

    /** The prefix of the suite's database names (fork-specific as {@link PostgresTestDatabase#NAME} is). */
    static String prefix() {
        return PostgresTestDatabase.NAME + "_suite_";
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        // the pgtest profile's database (application-pgtest.properties) follows the fork's name too
        System.setProperty("AFTERSALES_TEST_DB", PostgresTestDatabase.NAME);
        if (!active()) {
            return;
        }
        unavailable = PostgresTestDatabase.unreachable(); // fails here under CI=true: the run must not skip
        // resolved by Spring for each test's context: its own database, as on H2
        System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/" + prefix()
                + "${aftersales.test.database:main}");
        System.setProperty("spring.datasource.username", "postgres");
        System.setProperty("spring.datasource.password", "");
        // the test contexts stay cached, each with its pool: pools that shrink to one connection soon after a burst
        // (50 requests at once in CaseApiTest) keep them under the server's max_connections
        System.setProperty("spring.datasource.hikari.maximum-pool-size", "10");
        System.setProperty("spring.datasource.hikari.minimum-idle", "1");
        System.setProperty("spring.datasource.hikari.idle-timeout", "10000");
    }

    /** Skips the {@link BothDatabases} tests of the PostgreSQL run when there is no server (never under CI=true). */
    static final class ServerReachable implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String why = active() ? unavailable : null;
            return why == null ? ConditionEvaluationResult.enabled("PostgreSQL reachable or not needed")
                    : ConditionEvaluationResult.disabled(why);
        }
    }
}
