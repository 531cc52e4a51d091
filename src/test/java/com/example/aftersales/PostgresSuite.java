package com.example.aftersales;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * The second run of the {@link BothDatabases} tests, on PostgreSQL ({@link PostgresRunTest}, a suite that selects the
 * tests by their tag): while it runs, {@code aftersales.suite.postgres} is true and the {@code test} profile's
 * datasource points at the PostgreSQL database {@code <AFTERSALES_TEST_DB>_suite_<aftersales.test.database>}, which
 * {@link PostgresSuiteDatabases} creates afresh when a context first uses it. System properties outrank the profile's
 * properties files, and the test JVM runs one class at a time, so nothing else runs while they are set; the suite's
 * contexts carry a customizer ({@link Contexts}), so an H2 class of the same configuration never takes one of them
 * from Spring's context cache, nor a PostgreSQL test an H2 context.
 */
public class PostgresSuite implements LauncherSessionListener {

    /** True while the suite runs (or, given on the command line, in the whole test JVM). */
    public static final String ACTIVE = "aftersales.suite.postgres";

    /** Why PostgreSQL cannot be used in this run (a developer's machine without a server), or null. */
    private static volatile String unavailable;

    /** What the suite sets while it runs. */
    private static final java.util.List<String> SETTINGS = java.util.List.of(ACTIVE, "spring.datasource.url",
            "spring.datasource.username", "spring.datasource.password", "spring.datasource.hikari.maximum-pool-size",
            "spring.datasource.hikari.minimum-idle", "spring.datasource.hikari.idle-timeout");

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
        if (active()) {
            // given for the whole test JVM (mvn test -Dtest=SomeTest -Dgroups=both-databases -Daftersales.suite.postgres):
            // every class on PostgreSQL, as in the suite
            begin();
        }
    }

    /** Before the suite's first test. */
    static void begin() {
        unavailable = PostgresTestDatabase.unreachable(); // fails here under CI=true: the run must not skip
        System.setProperty(ACTIVE, "true");
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

    /** After the suite's last test: the classes the JVM runs next are H2's. */
    static void end() {
        SETTINGS.forEach(System::clearProperty);
        unavailable = null;
    }

    /**
     * Keeps the suite's test contexts apart from the H2 run's in Spring's context cache: the key of a context built
     * while the suite runs holds {@link OnPostgres}. Registered in src/test/resources/META-INF/spring.factories.
     */
    public static final class Contexts implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                java.util.List<ContextConfigurationAttributes> configAttributes) {
            return active() ? new OnPostgres() : null;
        }
    }

    /** A mark in a context's cache key, nothing more: the datasource comes from the suite's system properties. */
    record OnPostgres() implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        }
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
