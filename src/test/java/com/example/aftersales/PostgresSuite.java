package com.example.aftersales;

import java.util.List;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The Spring tests' second run, on PostgreSQL ({@code mvn verify}'s surefire execution {@code postgres-suite}, which
 * sets {@code aftersales.suite.postgres=true}): before any test, points the {@code test} profile's datasource at
 * PostgreSQL databases created afresh, {@code <AFTERSALES_TEST_DB>_suite_<name>}, one for each database name the tests
 * use ({@code aftersales.test.database}). System properties outrank the profile's properties files.
 */
public class PostgresSuite implements LauncherSessionListener {

    /** The databases the tests name with {@code aftersales.test.database} (see application-test.properties). */
    static final List<String> DATABASES = List.of("main", "lifecycle", "rule_failures", "replays", "access", "console",
            "followup_browser", "followup_pages", "sessions", "throttle", "hostile_browser", "search",
            "imports", "attacks", "casepage_pages", "casepage_browser",
            "gov_api", "gov_one_step", "gov_browser", "impact_browser",
            "lists", "lists_browser", "format_layout",
            "shadow_api", "evidence_api", "evidence_pages",
            "search_terms");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("aftersales.suite.postgres")) {
            return;
        }
        for (String database : DATABASES) {
            PostgresTestDatabase.fresh("suite_" + database);
        }
        // resolved by Spring for each test's context: its own database, as on H2
        System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/" + PostgresTestDatabase.NAME
                + "_suite_${aftersales.test.database:main}");
        System.setProperty("spring.datasource.username", "postgres");
        System.setProperty("spring.datasource.password", "");
        // the test contexts stay cached, each with its pool: small pools keep them under the server's max_connections
        System.setProperty("spring.datasource.hikari.maximum-pool-size", "4");
        System.setProperty("spring.datasource.hikari.minimum-idle", "1");
    }
}
