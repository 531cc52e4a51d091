package com.example.aftersales.cases;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.PostgresTestDatabase;

/** The same case endpoints on PostgreSQL, the production store, in the tests' own database. */
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("pgtest")
class CaseApiPostgresTest extends CaseApiContract {

    @BeforeAll
    static void database() {
        PostgresTestDatabase.ensureFresh();
    }
}
