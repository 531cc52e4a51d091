package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.example.aftersales.PostgresTestDatabase;

/**
 * A history recorded before evaluations kept their prior defects by reference: V26 turns each evaluation's copies
 * into the references of their cases, in the order the rules were given them, and the references resolve to exactly
 * what was copied. On H2 and on PostgreSQL.
 */
class PriorDefectMigrationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void copiesBecomeReferencesThatResolveToTheSameDefects(String database) throws Exception {
        DataSource dataSource = "H2".equals(database)
                ? new DriverManagerDataSource("jdbc:h2:mem:prior-migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "")
                : new DriverManagerDataSource(PostgresTestDatabase.fresh("prior_migration"), "postgres", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("25").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long[] ids = new long[3];
        String[] received = {"2026-01-05T08:00:00+08:00", "2026-02-01T09:30:00+08:00", "2026-03-01T10:00:00+08:00"};
        for (int i = 0; i < 3; i++) {
            jdbc.sql("""
                    insert into aftersales_case (external_ref, received_at, channel, product_code, product_category,
                        problem_category, batch_number, production_site, customer_province, unit_code, unit_province,
                        intake_json, created_at, recorded_by, search_names)
                    values (?, cast(? as timestamp with time zone), 'QUALITY_DEPARTMENT', 'P-1', 'EMULSION_EXPLOSIVE',
                        'MISFIRE', ?, ?, 'Hunan', 'SUB-01', 'Hunan', '{}', current_timestamp, 'test', '')""")
                    .params("MIG-" + i, received[i], "B-" + i, "SITE-" + (char) ('A' + i)).update();
            ids[i] = jdbc.sql("select id from aftersales_case where external_ref = ?").param("MIG-" + i).query(Long.class).single();
        }
        // the third case's evaluation saw the second and the first, in that order, copied as before
        String copies = "[" + copy(ids[1], received[1], "B-1", "SITE-B") + "," + copy(ids[0], received[0], "B-0", "SITE-A") + "]";
        for (int i = 0; i < 3; i++) {
            jdbc.sql("""
                    insert into evaluation (case_id, seq, ruleset_version, reference_time, cause, facts_json,
                        prior_defects_json, fired_rules_json, decision_summary, evaluated_at)
                    values (?, 1, 'v', current_timestamp, null, '{}', ?, '[]', '', current_timestamp)""")
                    .params(ids[i], i == 2 ? copies : "[]").update();
        }

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        assertThat(jdbc.sql("select prior_defect_ids from evaluation order by case_id").query(String.class).list())
                .containsExactly("", "", ids[1] + "," + ids[0]);
        PriorDefectReferences references = new PriorDefectReferences(jdbc);
        var resolved = references.resolve(ids[1] + "," + ids[0]);
        assertThat(resolved).extracting(PriorDefectData::caseId).containsExactly(ids[1], ids[0]);
        assertThat(resolved).extracting(PriorDefectData::batchNumber).containsExactly("B-1", "B-0");
        assertThat(resolved).extracting(PriorDefectData::productionSite).containsExactly("SITE-B", "SITE-A");
        assertThat(resolved.get(0).receivedAt().toInstant())
                .isEqualTo(java.time.OffsetDateTime.parse(received[1]).toInstant());
        try (Connection c = dataSource.getConnection();
             ResultSet columns = c.getMetaData().getColumns(null, null, "evaluation", "prior_defects_json")) {
            assertThat(columns.next()).as("the copies are dropped").isFalse();
        }
    }

    private static String copy(long caseId, String receivedAt, String batch, String site) {
        return """
                {"caseId":%d,"receivedAt":"%s","productCode":"P-1","problemCategory":"MISFIRE","batchNumber":"%s","productionSite":"%s"}"""
                .formatted(caseId, receivedAt, batch, site).strip();
    }
}
