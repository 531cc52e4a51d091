package com.example.aftersales.console.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one application context (a server on a random port, the shipped settings: four eyes, impact first) that the
 * browser tests which need nothing else share: the same properties, so Spring's context cache starts it once per JVM
 * (docs/TESTING.md, "Where the time goes"). They share its database ({@code browser}) too, so each such test holds
 * its own data (its own references, products, units, months), counts only its own rows, never assumes an empty
 * database and does not change the active ruleset or the settings. A browser test that needs another setting, a fresh
 * install or the whole of a table (a replay's count, a window of every case) keeps a context of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.security.admin-password=browser-test-password",
        "aftersales.test.database=browser"})
@ActiveProfiles("test")
@interface SharedBrowserContext {
}
