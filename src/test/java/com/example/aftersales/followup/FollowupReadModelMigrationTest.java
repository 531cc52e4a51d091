package com.example.aftersales.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.example.aftersales.PostgresTestDatabase;

/**
 * A history recorded before the follow-up kept its own read model (V35): V36 fills it from the cases' tables and the
 * case file's — the case as received, each evaluation with its decisions (the reason of the notice only) and the
 * amounts read from the facts the rules saw, the files on events with their removal — and computes the obligations V17 no
 * longer fills. On H2 and on PostgreSQL.
 */
class FollowupReadModelMigrationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void theReadModelIsFilledFromWhatWasRecordedBefore(String database) {
        DataSource dataSource = "H2".equals(database)
                ? new DriverManagerDataSource("jdbc:h2:mem:followup-migration;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1", "sa", "")
                : new DriverManagerDataSource(PostgresTestDatabase.fresh("followup_migration"), "postgres", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("34").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        OffsetDateTime received = OffsetDateTime.parse("2026-03-02T09:30:00+08:00");
        OffsetDateTime findingsAt = received.plusDays(2);
        OffsetDateTime formAt = received.plusDays(3);
        jdbc.sql("""
                insert into aftersales_case (external_ref, received_at, channel, product_code, product_category,
                    problem_category, batch_number, production_site, customer_province, unit_code, unit_province,
                    intake_json, created_at, recorded_by, search_names)
                values ('MIG-1', ?, 'QUALITY_DEPARTMENT', 'P-1', 'EMULSION_EXPLOSIVE', 'MISFIRE', 'B-1', 'SITE-A', 'Hubei',
                        'SUB-01', 'Hunan', '{}', current_timestamp, 'test', '')""").param(received).update();
        long caseId = jdbc.sql("select id from aftersales_case where external_ref = 'MIG-1'").query(Long.class).single();
        long intake = evaluation(jdbc, caseId, 1, null, "{}", received);
        decision(jdbc, intake, 0, "HANDLING", "ON_SITE", "on site");
        decision(jdbc, intake, 1, "RESPONSE_DEADLINE", received.plusDays(1).toString(), "a day");
        decision(jdbc, intake, 2, "NOTICE_CIRCULATION", "REQUIRED", "circulate it");
        long found = evaluation(jdbc, caseId, 2, "PRODUCT_DEFECT",
                "{\"findings\":{\"cause\":\"PRODUCT_DEFECT\",\"directLossCny\":1234.5,\"remedyValueCny\":80}}", findingsAt);
        decision(jdbc, found, 0, "WARRANTY", "IN_VALIDITY", "valid");
        long findingsEvent = event(jdbc, caseId, 1, "FINDINGS_RECORDED", findingsAt, found);
        long formEvent = event(jdbc, caseId, 2, "RESULT_FORM_RECEIVED", formAt, null);
        long kept = file(jdbc, caseId, formEvent, "kept", formAt.plusHours(1));
        long removed = file(jdbc, caseId, formEvent, "removed", formAt.plusHours(2));
        file(jdbc, caseId, null, "on the case", formAt.plusHours(3));
        jdbc.sql("insert into evidence_event (evidence_id, type, occurred_at, recorded_by, reason) values (?, 'REMOVED', ?, 'qm', 'wrong')")
                .params(removed, formAt.plusHours(5)).update();
        assertThat(findingsEvent).isPositive();

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        assertThat(jdbc.sql("""
                select external_ref, product_code, product_category, problem_category, batch_number, production_site,
                       customer_province, unit_code from followup_case where case_id = ?""").param(caseId)
                .query().listOfRows()).containsExactly(Map.of("external_ref", "MIG-1", "product_code", "P-1",
                        "product_category", "EMULSION_EXPLOSIVE", "problem_category", "MISFIRE", "batch_number", "B-1",
                        "production_site", "SITE-A", "customer_province", "Hubei", "unit_code", "SUB-01"));
        assertThat(jdbc.sql("select received_at from followup_case where case_id = ?").param(caseId)
                .query(OffsetDateTime.class).single()).isAtSameInstantAs(received);
        List<Object[]> evaluations = jdbc.sql("""
                select evaluation_id, seq, evaluated_at, direct_loss_cny, remedy_value_cny from followup_evaluation
                where case_id = ? order by seq""").param(caseId).query((rs, n) -> new Object[] {rs.getLong(1), rs.getInt(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getBigDecimal(4), rs.getBigDecimal(5)}).list();
        assertThat(evaluations).hasSize(2);
        assertThat(evaluations.get(0)).containsExactly(intake, 1, received.toInstant(), null, null);
        assertThat(evaluations.get(1)).containsExactly(found, 2, findingsAt.toInstant(), new BigDecimal("1234.50"),
                new BigDecimal("80.00"));
        assertThat(jdbc.sql("""
                select decisions || ' ' || coalesce(notice_reason, '-') from followup_evaluation where case_id = ? order by seq""")
                .param(caseId).query(String.class).list())
                .containsExactly("HANDLING=ON_SITE|RESPONSE_DEADLINE=" + received.plusDays(1) + "|NOTICE_CIRCULATION=REQUIRED circulate it",
                        "WARRANTY=IN_VALIDITY -");
        assertThat(jdbc.sql("select evidence_id, event_id, removed_at is not null as removed from case_event_file order by evidence_id")
                .query((rs, n) -> rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getBoolean(3)).list())
                .containsExactly(kept + " " + formEvent + " false", removed + " " + formEvent + " true");
        // the obligations, computed from the read model: the arrival the intake asked for, owed until the findings
        assertThat(jdbc.sql("select kind, base, valid_from, valid_until from case_obligation where case_id = ?")
                .param(caseId).query((rs, n) -> rs.getString(1) + " " + rs.getObject(2, OffsetDateTime.class).toInstant()
                        + " " + rs.getObject(3, OffsetDateTime.class).toInstant() + " "
                        + rs.getObject(4, OffsetDateTime.class).toInstant()).list())
                .containsExactly("ARRIVAL " + received.plusDays(1).toInstant() + " " + received.toInstant() + " "
                        + findingsAt.toInstant());
    }

    private static long evaluation(JdbcClient jdbc, long caseId, int seq, String cause, String facts, OffsetDateTime at) {
        jdbc.sql("""
                insert into evaluation (case_id, seq, ruleset_version, reference_time, cause, facts_json,
                    prior_defect_ids, fired_rules_json, decision_summary, evaluated_at)
                values (?, ?, 'v', ?, ?, ?, '', '[]', '', ?)""").params(caseId, seq, at, cause, facts, at).update();
        return jdbc.sql("select id from evaluation where case_id = ? and seq = ?").params(caseId, seq).query(Long.class).single();
    }

    private static void decision(JdbcClient jdbc, long evaluationId, int position, String type, String value, String reason) {
        jdbc.sql("insert into decision (evaluation_id, position, type, decision_value, rule, reason) values (?, ?, ?, ?, 'r', ?)")
                .params(evaluationId, position, type, value, reason).update();
    }

    private static long event(JdbcClient jdbc, long caseId, int seq, String type, OffsetDateTime at, Long evaluationId) {
        jdbc.sql("""
                insert into case_event (case_id, seq, type, occurred_at, recorded_at, recorded_by, evaluation_id, details_json)
                values (?, ?, ?, ?, ?, 'qd', ?, '{}')""").params(caseId, seq, type, at, at, evaluationId).update();
        return jdbc.sql("select id from case_event where case_id = ? and seq = ?").params(caseId, seq).query(Long.class).single();
    }

    private static long file(JdbcClient jdbc, long caseId, Long eventId, String name, OffsetDateTime at) {
        jdbc.sql("""
                insert into evidence (case_id, event_id, file_name, media_type, size_bytes, sha256, storage_key,
                    description, attached_by, attached_at)
                values (?, ?, ?, 'image/png', 1, 'x', ?, 'd', 'qd', ?)""").params(caseId, eventId, name, caseId + "/" + name, at)
                .update();
        return jdbc.sql("select id from evidence where storage_key = ?").param(caseId + "/" + name).query(Long.class).single();
    }
}
