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
 * One MockMvc application context (the shipped settings) on a database of its own, {@code shared}, for the tests that
 * need their data kept out of the main database's tests (cases received in the last days, drafts, evidence files) but nothing else:
 * the same configuration, so Spring's context cache starts it once per JVM (docs/TESTING.md, "Where the time goes").
 * Each such test holds its own data (references with a random part), counts only its own rows, never assumes an empty
 * database and changes neither the active ruleset nor a setting.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = {"aftersales.test.database=shared",
        // files attached by EvidencePagesTest: a directory of this context's own
        "aftersales.evidence.dir=target/evidence-test/${random.uuid}"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
public @interface SharedContext {
}
