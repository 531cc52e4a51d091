package com.example.aftersales.demo;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.PostgresTestDatabase;

/** Bulk recording on PostgreSQL, in the tests' database (its tests empty the case tables before and after). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("pgtest")
class HistoryRecordingPostgresTest extends HistoryRecordingContract {

    @BeforeAll
    static void database() {
        PostgresTestDatabase.ensureFresh();
    }
}
