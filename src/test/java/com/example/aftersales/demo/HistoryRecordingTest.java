package com.example.aftersales.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.BothDatabases;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.HistoryRecorder;
import com.example.aftersales.cases.internal.SearchIndexer;

/**
 * Recording a demo history in bulk against a real database of its own ({@code demohistory}), run on H2 and on
 * PostgreSQL ({@link BothDatabases}). Each test starts and ends with empty case tables (the rulesets stay).
 */
@BothDatabases
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "aftersales.test.database=demohistory")
@ActiveProfiles("test")
class HistoryRecordingTest {

    @Autowired
    SearchIndexer indexer;
    @Autowired
    HistoryRecorder recorder;
    @Autowired
    CaseService caseService;
    @Autowired
    JdbcClient jdbc;

    /** Dense on purpose (about 6 cases a day): many prior defects, recurring and systemic orders. */
    private final DemoHistory dense = new DemoHistory(7, 500, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31));

    @BeforeEach
    @AfterEach
    void empty() {
        indexer.indexPending(); // the terms of the cases just recorded, before their ids are used again
        for (String table : new String[] {"case_search_term", "case_search_pending", "case_decision_types", "case_obligation_open", "case_obligation", "case_notice", "case_followup", "case_event_file", "case_event", "rectification_order_case", "rectification_order",
                "followup_evaluation", "followup_case", "decision", "confirmed_defect", "evaluation", "aftersales_case"}) {
            jdbc.sql("delete from " + table).update();
        }
        jdbc.sql("alter table evaluation alter column id restart with 1").update();
        jdbc.sql("alter table aftersales_case alter column id restart with 1").update();
    }

    @Test
    @DisplayName("A demo history of a few thousand cases gets every decision type, recurring and systemic orders and major incidents")
    void realisticDecisions() {
        HistoryRecorder.Progress done = recorder.record(new DemoHistory(42, 3000).stream(), 500);
        assertThat(done.recorded()).isEqualTo(3000);
        Map<String, Long> decisions = jdbc.sql("select type || '=' || decision_value as d, count(*) from decision where type <> 'RESPONSE_DEADLINE' group by type, decision_value")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<String> types = decisions.keySet().stream().map(d -> d.substring(0, d.indexOf('='))).collect(Collectors.toSet());
        types.add(jdbc.sql("select min(type) from decision where type = 'RESPONSE_DEADLINE'").query(String.class).single());
        assertThat(types).containsExactlyInAnyOrder("WARRANTY", "HANDLING", "RESPONSE_DEADLINE", "SAME_BATCH_INSPECTION",
                "TEMPORARY_LEAD", "REMEDY", "COMPENSATION", "REGULATED_DISPOSAL", "APPROVAL", "MAJOR_INCIDENT",
                "CUSTOMER_TRAINING", "NOTICE_CIRCULATION", "FOUR_NO_LET_GO", "RECTIFICATION_ORDER", "SATISFACTION_CALL");
        assertThat(decisions).containsKeys("WARRANTY=IN_VALIDITY", "WARRANTY=EXPIRED", "HANDLING=REMOTE_REPLY",
                "HANDLING=ON_SITE", "REMEDY=REPAIR", "REMEDY=RETURN_OR_REPLACE", "REMEDY=ASSIST_ONLY", "REMEDY=NONE",
                "APPROVAL=SUBSIDIARY_QUALITY_MANAGER", "APPROVAL=SUBSIDIARY_GENERAL_MANAGER",
                "APPROVAL=QUALITY_DEPARTMENT_HEAD", "APPROVAL=COMPANY_QUALITY_LEADER",
                "RECTIFICATION_ORDER=RECURRING", "RECTIFICATION_ORDER=SYSTEMIC", "RECTIFICATION_ORDER=REPRESENTATIVE");
        assertThat(decisions.get("RECTIFICATION_ORDER=RECURRING")).isGreaterThanOrEqualTo(10);
        assertThat(decisions.get("RECTIFICATION_ORDER=SYSTEMIC")).isGreaterThanOrEqualTo(10);
        assertThat(decisions.get("MAJOR_INCIDENT=REPORT_TO_LEADERS")).isBetween(5L, 100L);
        // Recurring orders are not given to every defect. (Systemic ones are, nearly: under the shipped threshold, one
        // problem at 2 production sites within 180 days, any history with more than a few confirmed defects of a
        // problem per half-year makes nearly every defect systemic.)
        long defects = jdbc.sql("select count(*) from confirmed_defect").query(Long.class).single();
        System.out.printf("demo history 42/3000: %d confirmed defects, decisions %s%n", defects, new java.util.TreeMap<>(decisions));
        assertThat(decisions.get("RECTIFICATION_ORDER=RECURRING")).isLessThan(defects * 6 / 10);
    }

    @Test
    @DisplayName("Recording in bulk records exactly what CaseService.register records case by case")
    void bulkEqualsOneByOne() {
        List<CaseData> cases = dense.stream().toList();
        cases.forEach(c -> caseService.register(c, "test"));
        Snapshot oneByOne = snapshot();
        empty();
        recorder.record(cases.stream(), 64);
        assertEquals(snapshot(), oneByOne);
        assertThat(oneByOne.evaluations.stream().filter(e -> !"".equals(e.get("prior_defect_ids"))).count())
                .as("cases with prior defects").isGreaterThan(200);
        assertThat(oneByOne.evaluations.stream().map(e -> (String) e.get("decision_summary"))
                .filter(s -> s.contains("RECTIFICATION_ORDER=RECURRING")).count()).isGreaterThan(5);
    }

    @Test
    @DisplayName("Bulk recording after cases recorded one by one sees their defects from the database, and skips them")
    void bulkAfterOneByOne() {
        List<CaseData> cases = dense.stream().toList();
        cases.forEach(c -> caseService.register(c, "test"));
        Snapshot oneByOne = snapshot();
        empty();
        cases.subList(0, 150).forEach(c -> caseService.register(c, "test"));
        HistoryRecorder.Progress done = recorder.record(cases.stream(), 100);
        assertThat(done.skipped()).isEqualTo(150);
        assertThat(done.recorded()).isEqualTo(350);
        assertEquals(snapshot(), oneByOne);
    }

    @Test
    @DisplayName("Recording the same history twice records it once")
    void noDuplicates() {
        DemoHistory history = new DemoHistory(11, 700);
        assertThat(recorder.record(history.stream(), 128).recorded()).isEqualTo(700);
        Snapshot first = snapshot();
        HistoryRecorder.Progress again = recorder.record(history.stream(), 100);
        assertThat(again.recorded()).isZero();
        assertThat(again.skipped()).isEqualTo(700);
        assertEquals(snapshot(), first);
        assertThat(jdbc.sql("select count(*) from aftersales_case").query(Long.class).single()).isEqualTo(700);
    }

    record Snapshot(List<Map<String, Object>> cases, List<Map<String, Object>> evaluations,
                    List<Map<String, Object>> decisions, List<Map<String, Object>> defects) {
    }

    private Snapshot snapshot() {
        return new Snapshot(
                rows("""
                        select id, external_ref, received_at, channel, product_code, product_category, problem_category,
                               batch_number, production_site, customer_province, unit_code, unit_province, intake_json
                        from aftersales_case order by id"""),
                rows("""
                        select id, case_id, seq, ruleset_version, reference_time, cause, facts_json, prior_defect_ids,
                               fired_rules_json, decision_summary
                        from evaluation order by id"""),
                rows("select * from decision order by evaluation_id, position"),
                rows("select * from confirmed_defect order by case_id"));
    }

    private List<Map<String, Object>> rows(String sql) {
        return jdbc.sql(sql).query().listOfRows();
    }

    private static void assertEquals(Snapshot actual, Snapshot expected) {
        assertThat(actual.cases).hasSize(expected.cases.size());
        for (int i = 0; i < expected.cases.size(); i++) {
            assertThat(actual.cases.get(i)).isEqualTo(expected.cases.get(i));
        }
        assertThat(actual.evaluations).hasSize(expected.evaluations.size());
        for (int i = 0; i < expected.evaluations.size(); i++) {
            assertThat(actual.evaluations.get(i)).isEqualTo(expected.evaluations.get(i));
        }
        assertThat(actual.decisions).isEqualTo(expected.decisions);
        assertThat(actual.defects).isEqualTo(expected.defects);
    }
}
