package com.example.aftersales.followup;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.PostgresTestDatabase;

/** The follow-up state on PostgreSQL, the production store, in the tests' own database. */
@WithMockUser(username = "li.wei", roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("pgtest")
class FollowupStatePostgresTest extends FollowupStateContract {

    @BeforeAll
    static void database() {
        PostgresTestDatabase.ensureFresh();
    }
}
