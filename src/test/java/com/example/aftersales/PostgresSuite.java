package com.example.aftersales;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The Spring tests' second run, on PostgreSQL ({@code mvn verify}'s surefire execution {@code postgres-suite}, which
 * sets {@code aftersales.suite.postgres=true}): before any test, points the {@code test} profile's datasource at the
 * database {@code <AFTERSALES_TEST_DB>_suite}, created afresh. System properties outrank the profile's
 * properties files; a test's own URL (command-line argument, dynamic property) still wins.
 */
public class PostgresSuite implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("aftersales.suite.postgres")) {
            return;
        }
        String url = PostgresTestDatabase.fresh("suite");
        System.setProperty("spring.datasource.url", url);
        System.setProperty("spring.datasource.username", "postgres");
        System.setProperty("spring.datasource.password", "");
    }
}
