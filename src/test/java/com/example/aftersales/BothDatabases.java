package com.example.aftersales;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Spring test of the {@code test} profile that runs on both databases: on H2 in {@code mvn test}'s default run, and
 * again on PostgreSQL in the suite {@link PostgresRunTest}, which selects the classes by this annotation's
 * tag ({@value #TAG}), so that no list names them. On PostgreSQL each database the tests name with
 * {@code aftersales.test.database} (default {@code main}) is created afresh the first time a context uses it
 * ({@link PostgresSuiteDatabases}); nothing else is to be declared. See docs/TESTING.md.
 * <p>On a test method of a class not marked so, only that method runs again on PostgreSQL (the class's other tests
 * check nothing a database does differently: AttackRegressionTest's SQL injection runs on both, its path tricks once).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(BothDatabases.TAG)
@ExtendWith(PostgresSuite.ServerReachable.class)
public @interface BothDatabases {

    /** The JUnit tag the suite {@link PostgresRunTest} selects ({@code @IncludeTags}). */
    String TAG = "both-databases";
}
