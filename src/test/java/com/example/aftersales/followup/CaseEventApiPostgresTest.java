package com.example.aftersales.followup;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.PostgresTestDatabase;

/** The same case events on PostgreSQL, the production store, in the tests' own database. */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("pgtest")
class CaseEventApiPostgresTest extends CaseEventApiContract {

    @BeforeAll
    static void database() {
        PostgresTestDatabase.ensureFresh();
    }
}
