package com.example.aftersales;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/**
 * One MockMvc application context in which one quality manager activates a version alone (four eyes and impact first
 * off: the tests that use it are not about governance, GovernedActivationTest is), on a database of its own,
 * {@code one_step}, with a known admin password ({@value #ADMIN_PASSWORD}). The same configuration for all of them, so
 * Spring's context cache starts it once per JVM (docs/TESTING.md, "Where the time goes"). Each such test gives the
 * shipped version back after each test that activates another, reads the activation history only for its own latest
 * entries and holds its own data.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = {"aftersales.test.database=one_step",
        "aftersales.security.admin-password=" + OneQualityManagerContext.ADMIN_PASSWORD,
        "aftersales.rules.four-eyes=false", "aftersales.rules.impact-required=false"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
public @interface OneQualityManagerContext {

    String ADMIN_PASSWORD = "first-admin-password";
}
