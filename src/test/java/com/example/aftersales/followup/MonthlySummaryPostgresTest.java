package com.example.aftersales.followup;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.PostgresTestDatabase;

/**
 * The same monthly summary on PostgreSQL, in the tests' own database. The contract's history is recorded in a
 * per-class {@code @BeforeAll}, after the instance (and so the Spring context) is made: the database is made fresh
 * before that, when the instance is about to be constructed.
 */
@ExtendWith(MonthlySummaryPostgresTest.FreshDatabase.class)
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("pgtest")
class MonthlySummaryPostgresTest extends MonthlySummaryContract {

    static final class FreshDatabase implements TestInstancePreConstructCallback {
        @Override
        public void preConstructTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
            PostgresTestDatabase.ensureFresh();
        }
    }
}
