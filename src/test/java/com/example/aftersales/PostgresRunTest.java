package com.example.aftersales;

import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The second run of the {@link BothDatabases} tests, on PostgreSQL: one suite, found by surefire like any test class
 * and run in the same execution as the H2 run, so that with two test JVMs it runs in one while the other runs H2
 * classes. The tests are selected by their tag, never listed. While it runs, {@link PostgresSuite} points the
 * {@code test} profile's datasource at PostgreSQL; its contexts are cached apart from the H2 run's
 * ({@link PostgresSuite.Contexts}). {@code -Dpostgres-suite.skip} leaves it out (the pom's profile of that name).
 */
@Suite
@SuiteDisplayName("PostgreSQL run of the @BothDatabases tests")
@IncludeEngines("junit-jupiter")
@SelectPackages("com.example.aftersales")
@IncludeClassNamePatterns(".*Test")
@IncludeTags(BothDatabases.TAG)
public class PostgresRunTest {

    @BeforeSuite
    static void onPostgres() {
        PostgresSuite.begin();
    }

    @AfterSuite
    static void backToH2() {
        PostgresSuite.end();
    }
}
