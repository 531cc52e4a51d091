package com.example.aftersales.followup;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import com.example.aftersales.BothDatabases;

/**
 * The event API of a case against a real database, run on H2 and on PostgreSQL ({@link BothDatabases}). Each test
 * records its own case (its own product and responsible unit), received 2022-09-05 09:30 +08:00, on site, same
 * province (24 h).
 */
@BothDatabases
@WithMockUser(username = "li.wei", roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CaseEventApiTest extends FollowupTestSupport {

    @Test
    @DisplayName("A full sequence is recorded in order, with who and when; events after closing are refused except ARCHIVED")
    void fullSequence() throws Exception {
        long id = register(false);
        event(id, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-05T20:00:00+08:00\",\"recordedBy\":\"li.wei\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.seq").value(1))
                .andExpect(jsonPath("$.recordedBy").value("li.wei"))
                .andExpect(jsonPath("$.recordedAt").exists());
        event(id, """
                {"type":"RESULT_FORM_RECEIVED","occurredAt":"2022-09-07T10:00:00+08:00","recordedBy":"li.wei",
                 "customerSigned":true,"lines":[{"disposition":"REPLACED","productCode":"EX-200","quantity":40,
                 "reason":"misfired cartridges of the batch"}]}""").andExpect(status().isCreated());
        event(id, "{\"type\":\"SATISFACTION_CALL\",\"occurredAt\":\"2022-09-09T10:00:00+08:00\",\"recordedBy\":\"qd\",\"satisfied\":true,\"remarks\":\"fine\"}")
                .andExpect(status().isCreated());
        event(id, "{\"type\":\"CORRECTIVE_ACTION_OPENED\",\"occurredAt\":\"2022-09-10T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated());
        event(id, "{\"type\":\"CASE_CLOSED\",\"occurredAt\":\"2022-09-11T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isConflict());
        event(id, "{\"type\":\"CORRECTIVE_ACTION_VERIFIED\",\"occurredAt\":\"2022-10-01T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated());
        event(id, "{\"type\":\"CASE_CLOSED\",\"occurredAt\":\"2022-10-02T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated());
        event(id, "{\"type\":\"SATISFACTION_CALL\",\"occurredAt\":\"2022-10-03T10:00:00+08:00\",\"recordedBy\":\"qd\",\"satisfied\":false}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("closed")));
        event(id, "{\"type\":\"ARCHIVED\",\"occurredAt\":\"2022-10-03T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.archiveYear").value(2022));
        event(id, "{\"type\":\"ARCHIVED\",\"occurredAt\":\"2022-10-04T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isConflict());

        mvc.perform(get("/api/cases/" + id + "/events"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(7)))
                .andExpect(jsonPath("$[*].type").value(org.hamcrest.Matchers.contains("ON_SITE_ARRIVAL",
                        "RESULT_FORM_RECEIVED", "SATISFACTION_CALL", "CORRECTIVE_ACTION_OPENED",
                        "CORRECTIVE_ACTION_VERIFIED", "CASE_CLOSED", "ARCHIVED")))
                .andExpect(jsonPath("$[1].lines[0].quantity").value(40))
                .andExpect(jsonPath("$[1].customerSigned").value(true))
                .andExpect(jsonPath("$[2].satisfied").value(true))
                .andExpect(jsonPath("$[*].seq").value(org.hamcrest.Matchers.contains(1, 2, 3, 4, 5, 6, 7)));
        assertThat(jdbc.sql("select count(*) from case_event where case_id = ?").param(id).query(Long.class).single())
                .isEqualTo(7);
    }

    @Test
    @DisplayName("Verifying a corrective action never opened is refused with 409 and nothing is recorded")
    void verifyWithoutOpening() throws Exception {
        long id = register(false);
        event(id, "{\"type\":\"CORRECTIVE_ACTION_VERIFIED\",\"occurredAt\":\"2022-09-10T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("CORRECTIVE_ACTION_OPENED")));
        event(id, "{\"type\":\"ARCHIVED\",\"occurredAt\":\"2022-09-10T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isConflict());
        mvc.perform(get("/api/cases/" + id + "/events")).andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    @DisplayName("Bad input names every bad field: missing type fields, fields of other types, times")
    void badInput() throws Exception {
        long id = register(false);
        event(id, "{\"type\":\"SATISFACTION_CALL\",\"occurredAt\":\"2022-09-01T10:00:00+08:00\",\"customerSigned\":true}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("occurredAt", "satisfied",
                        "customerSigned")));
        event(id, "{\"type\":\"TELEPORTED\",\"occurredAt\":\"2022-09-06T10:00:00+08:00\",\"recordedBy\":\"x\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", hasItem("type")));
        event(id, """
                {"type":"RESULT_FORM_RECEIVED","occurredAt":"2022-09-06T10:00:00+08:00","recordedBy":"x",
                 "customerSigned":false,"lines":[{"disposition":"LOST","productCode":"","quantity":0}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("lines[0].disposition",
                        "lines[0].productCode", "lines[0].quantity", "lines[0].reason")));
        event(id, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2999-01-01T10:00:00+08:00\",\"recordedBy\":\"x\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("occurredAt"));
        mvc.perform(post("/api/cases/999999999/events").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-06T10:00:00+08:00\",\"recordedBy\":\"x\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/cases/" + id + "/events")).andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    @DisplayName("Refusals are said in the language asked for: Chinese, English")
    void refusalsInTheLanguageAsked() throws Exception {
        long id = register(false);
        String verify = "{\"type\":\"CORRECTIVE_ACTION_VERIFIED\",\"occurredAt\":\"2022-09-10T10:00:00+08:00\",\"recordedBy\":\"qd\"}";
        inLanguage(id, verify, "zh-CN,zh;q=0.9").andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("此时不能记录该事件"))
                .andExpect(jsonPath("$.detail").value("没有进行中的纠正措施：请先记录纠正措施已启动（CORRECTIVE_ACTION_OPENED）。"));
        inLanguage(id, verify, "en").andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Event not possible now"))
                .andExpect(jsonPath("$.detail").value("No corrective action is open: record CORRECTIVE_ACTION_OPENED first."));
        String call = "{\"type\":\"SATISFACTION_CALL\",\"occurredAt\":\"2022-09-10T10:00:00+08:00\",\"recordedBy\":\"qd\",\"archiveYear\":2022}";
        inLanguage(id, call, "zh-CN").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("请求无效"))
                .andExpect(jsonPath("$.detail").value("2 个字段无效。"))
                .andExpect(jsonPath("$.errors[?(@.field == 'satisfied')].message").value("满意度回访（SATISFACTION_CALL）事件必须填写此项"))
                .andExpect(jsonPath("$.errors[?(@.field == 'archiveYear')].message").value("只有归档（ARCHIVED）事件才填写此项"));
        inLanguage(id, call, "en").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.detail").value("2 fields are invalid."))
                .andExpect(jsonPath("$.errors[?(@.field == 'satisfied')].message").value("is required for SATISFACTION_CALL"))
                .andExpect(jsonPath("$.errors[?(@.field == 'archiveYear')].message").value("belongs to ARCHIVED only"));
        mvc.perform(get("/api/rectification-orders/999999999").header("Accept-Language", "zh-CN"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("未找到质量整改令"))
                .andExpect(jsonPath("$.detail").value("没有编号为 999999999 的质量整改令。"));
        mvc.perform(get("/api/rectification-orders/999999999").header("Accept-Language", "en"))
                .andExpect(jsonPath("$.detail").value("No rectification order 999999999."));
        mvc.perform(get("/api/cases/" + id + "/events")).andExpect(jsonPath("$", hasSize(0)));
    }

    private ResultActions inLanguage(long caseId, String body, String language) throws Exception {
        return mvc.perform(post("/api/cases/" + caseId + "/events").header("Accept-Language", language)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    @DisplayName("The signed-in user is who recorded the event, whatever recordedBy says")
    void principalRecords() throws Exception {
        long id = register(false);
        mvc.perform(post("/api/cases/" + id + "/events").with(user("wang.fang").roles("QUALITY_MANAGER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-05T12:00:00+08:00\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.recordedBy").value("wang.fang"));
    }

    @Test
    @DisplayName("FINDINGS_RECORDED evaluates the case again, recorded like POST /api/cases/{id}/evaluations")
    void findingsReevaluate() throws Exception {
        long id = register(true);
        event(id, """
                {"type":"FINDINGS_RECORDED","occurredAt":"2022-09-06T10:00:00+08:00","recordedBy":"li.wei",
                 "findings":{"cause":"IMPROPER_OPERATION"}}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.evaluationId").isNumber())
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'CUSTOMER_TRAINING')].value").value("RECOMMENDED"))
                .andExpect(jsonPath("$.findings.cause").value("IMPROPER_OPERATION"));
        mvc.perform(get("/api/cases/" + id))
                .andExpect(jsonPath("$.evaluations", hasSize(2)))
                .andExpect(jsonPath("$.case.findings.cause").value("IMPROPER_OPERATION"))
                .andExpect(jsonPath("$.evaluations[1].decisions[?(@.type == 'REMEDY')].value").value("NONE"));
        event(id, "{\"type\":\"FINDINGS_RECORDED\",\"occurredAt\":\"2022-09-06T10:00:00+08:00\",\"recordedBy\":\"x\",\"findings\":{\"cause\":\"NOBODY\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("findings.cause"));
        mvc.perform(get("/api/cases/" + id)).andExpect(jsonPath("$.evaluations", hasSize(2)));
    }

    @Test
    @DisplayName("Overdue on a fixed moment: arrival late, then result form late, then call and corrective action")
    void overdueOnFixedMoments() throws Exception {
        long id = register(false);
        // Received 2022-09-05 09:30 +08:00, response deadline 24 h later.
        overdue("2022-09-06T09:29:00+08:00").andExpect(jsonPath("$.items", hasSize(0)));
        overdue("2022-09-06T11:30:00+08:00")
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].caseId").value(id))
                .andExpect(jsonPath("$.items[0].kind").value("ARRIVAL"))
                .andExpect(jsonPath("$.items[0].lateMinutes").value(120))
                .andExpect(jsonPath("$.items[0].lateBy").value("PT2H"));
        mvc.perform(get("/api/followup/due").param("at", "2022-09-06T08:30:00+08:00").param("days", "1").param("unit", unit))
                .andExpect(jsonPath("$.items[*].kind", containsInAnyOrder("ARRIVAL")))
                .andExpect(jsonPath("$.items[0].dueInMinutes").value(60));
        event(id, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-06T15:00:00+08:00\",\"recordedBy\":\"li.wei\"}")
                .andExpect(status().isCreated());
        // Arrived late: no longer open. The result form is due 3 days after the arrival.
        overdue("2022-09-07T00:00:00+08:00").andExpect(jsonPath("$.items", hasSize(0)));
        overdue("2022-09-09T16:00:00+08:00")
                .andExpect(jsonPath("$.items[*].kind", containsInAnyOrder("RESULT_FORM")))
                .andExpect(jsonPath("$.items[0].deadline").value(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is("2022-09-09T15:00:00+08:00"), org.hamcrest.Matchers.is("2022-09-09T07:00:00Z"))));
        // Before the arrival happened, the moment still shows the arrival overdue (events count as of `at`).
        overdue("2022-09-06T14:00:00+08:00").andExpect(jsonPath("$.items[*].kind", containsInAnyOrder("ARRIVAL")));
        event(id, "{\"type\":\"RESULT_FORM_RECEIVED\",\"occurredAt\":\"2022-09-08T10:00:00+08:00\",\"recordedBy\":\"li.wei\",\"customerSigned\":true}")
                .andExpect(status().isCreated());
        // Call due 7 days after the form; four no-let-go: corrective action to be opened 15 days after receipt.
        overdue("2022-09-15T10:01:00+08:00").andExpect(jsonPath("$.items[*].kind", containsInAnyOrder("SATISFACTION_CALL")));
        overdue("2022-09-20T10:00:00+08:00").andExpect(jsonPath("$.items[*].kind",
                containsInAnyOrder("SATISFACTION_CALL", "CORRECTIVE_ACTION_OPEN")));
        event(id, "{\"type\":\"SATISFACTION_CALL\",\"occurredAt\":\"2022-09-16T10:00:00+08:00\",\"recordedBy\":\"qd\",\"satisfied\":false}")
                .andExpect(status().isCreated());
        event(id, "{\"type\":\"CORRECTIVE_ACTION_OPENED\",\"occurredAt\":\"2022-09-21T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated());
        overdue("2022-10-21T10:00:00+08:00").andExpect(jsonPath("$.items", hasSize(0)));
        overdue("2022-10-22T10:00:00+08:00")
                .andExpect(jsonPath("$.items[*].kind", containsInAnyOrder("CORRECTIVE_ACTION_VERIFY")))
                .andExpect(jsonPath("$.items[0].lateMinutes").value(24 * 60));
        event(id, "{\"type\":\"CORRECTIVE_ACTION_VERIFIED\",\"occurredAt\":\"2022-10-23T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated());
        overdue("2022-12-01T00:00:00+08:00").andExpect(jsonPath("$.items", hasSize(0)));
    }

    @Test
    @DisplayName("Rectification order through events: OPEN, ISSUED, CLOSED; closing one not ISSUED is 409; a later trigger opens a new order")
    void rectificationOrderIssuedAndClosed() throws Exception {
        // Flagged representative: a REPRESENTATIVE order of this test's own product and problem (P20).
        long first = register(RECEIVED, FLAGGED);
        long second = register("2022-09-05T11:00:00+08:00", FLAGGED);
        long order = representativeOrder("OPEN");
        mvc.perform(get("/api/rectification-orders/" + order))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("OPEN"))
                .andExpect(jsonPath("$.caseCount").value(2))
                .andExpect(jsonPath("$.cases[*].caseId", org.hamcrest.Matchers.contains((int) first, (int) second)));
        // Closing an order that is not issued: 409, nothing recorded.
        event(first, orderEvent("RECTIFICATION_ORDER_CLOSED", "2022-09-06T10:00:00+08:00", order))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("only an issued order")));
        // Not a case of the order: 409.
        long stranger = register(false);
        event(stranger, orderEvent("RECTIFICATION_ORDER_ISSUED", "2022-09-06T10:00:00+08:00", order))
                .andExpect(status().isConflict());
        event(first, orderEvent("RECTIFICATION_ORDER_ISSUED", "2022-09-06T10:00:00+08:00", order))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.orderId").value(order));
        event(second, orderEvent("RECTIFICATION_ORDER_ISSUED", "2022-09-06T11:00:00+08:00", order))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("already ISSUED")));
        mvc.perform(get("/api/rectification-orders/" + order))
                .andExpect(jsonPath("$.status").value("ISSUED"))
                .andExpect(jsonPath("$.issuedBy").value("li.wei"))
                .andExpect(jsonPath("$.closedAt").doesNotExist());
        assertThat(representativeOrders("ISSUED")).containsExactly(order);
        // Closed by the other case of the order, not before it was issued.
        event(second, orderEvent("RECTIFICATION_ORDER_CLOSED", "2022-09-06T09:00:00+08:00", order))
                .andExpect(status().isConflict());
        event(second, orderEvent("RECTIFICATION_ORDER_CLOSED", "2022-10-20T10:00:00+08:00", order))
                .andExpect(status().isCreated());
        mvc.perform(get("/api/rectification-orders/" + order))
                .andExpect(jsonPath("$.status").value("CLOSED"))
                .andExpect(jsonPath("$.closedBy").value("li.wei"));
        event(first, orderEvent("RECTIFICATION_ORDER_CLOSED", "2022-10-21T10:00:00+08:00", order))
                .andExpect(status().isConflict());
        assertThat(representativeOrders("OPEN")).isEmpty();
        assertThat(representativeOrders("CLOSED")).containsExactly(order);
        // The same cluster triggers again after closing: a new order, OPEN, with only the new case.
        long third = register("2022-10-25T09:00:00+08:00", FLAGGED);
        long next = representativeOrder("OPEN");
        assertThat(next).isNotEqualTo(order);
        mvc.perform(get("/api/rectification-orders/" + next))
                .andExpect(jsonPath("$.caseCount").value(1))
                .andExpect(jsonPath("$.cases[0].caseId").value(third));
        mvc.perform(get("/api/rectification-orders/" + order)).andExpect(jsonPath("$.caseCount").value(2));
        assertThat(jdbc.sql("select count(*) from case_event where order_id = ?").param(order).query(Long.class).single())
                .isEqualTo(2);
        mvc.perform(get("/api/rectification-orders").param("status", "DONE"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));
    }

    @Test
    @DisplayName("Notices: product defects PENDING until NOTICE_CIRCULATED, by the day received in Asia/Shanghai")
    void notices() throws Exception {
        // Days no other test records cases on; 2021-03-11T16:30Z is 2021-03-12 00:30 in Shanghai.
        long tenth = register("2021-03-10T10:00:00+08:00", DEFECT);
        long eleventh = register("2021-03-11T23:30:00+08:00", DEFECT);
        long twelfth = register("2021-03-11T16:30:00Z", DEFECT);
        long noDefect = register("2021-03-11T10:00:00+08:00", INTAKE);
        assertThat(noticeCases(null, "2021-03-10", "2021-03-12")).containsExactly(twelfth, eleventh, tenth);
        assertThat(noticeCases(null, "2021-03-11", "2021-03-11")).containsExactly(eleventh).doesNotContain(noDefect);
        assertThat(noticeCases(null, "2021-03-12", null)).containsExactly(twelfth);
        assertThat(noticeCases(null, null, "2021-03-10")).containsExactly(tenth);
        assertThat(noticeCases("PENDING", "2021-03-10", "2021-03-12")).containsExactly(twelfth, eleventh, tenth);
        assertThat(noticeCases("CIRCULATED", "2021-03-10", "2021-03-12")).isEmpty();

        event(eleventh, "{\"type\":\"NOTICE_CIRCULATED\",\"occurredAt\":\"2021-03-15T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated());
        assertThat(noticeCases("PENDING", "2021-03-10", "2021-03-12")).containsExactly(twelfth, tenth);
        assertThat(noticeCases("CIRCULATED", "2021-03-10", "2021-03-12")).containsExactly(eleventh);
        mvc.perform(get("/api/notices").param("status", "CIRCULATED").param("from", "2021-03-11").param("to", "2021-03-11"))
                .andExpect(jsonPath("$.notices[?(@.unitCode == '" + unit + "')].circulatedAt").value(hasItem(
                        org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is("2021-03-15T10:00:00+08:00"),
                                org.hamcrest.Matchers.is("2021-03-15T02:00:00Z")))))
                .andExpect(jsonPath("$.notices[?(@.unitCode == '" + unit + "')].reason").value(hasItem(
                        org.hamcrest.Matchers.containsString("MISFIRE"))));
        event(eleventh, "{\"type\":\"NOTICE_CIRCULATED\",\"occurredAt\":\"2021-03-16T10:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isConflict());
        // A notice is circulated for the product defect: the case without findings is never listed.
        assertThat(noticeCases(null, null, null)).doesNotContain(noDefect);
        mvc.perform(get("/api/notices").param("from", "2021-03-12").param("to", "2021-03-11"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("to"));
        mvc.perform(get("/api/notices").param("status", "SENT"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));

        // the latest evaluation decides: findings of improper operation take the notice away, a defect found later
        // brings it back, and a circulation recorded before stays with the case
        findings(tenth, "IMPROPER_OPERATION");
        assertThat(noticeCases(null, "2021-03-10", "2021-03-12")).containsExactly(twelfth, eleventh);
        findings(eleventh, "IMPROPER_OPERATION");
        assertThat(noticeCases(null, "2021-03-10", "2021-03-12")).containsExactly(twelfth);
        findings(eleventh, "PRODUCT_DEFECT");
        assertThat(noticeCases("CIRCULATED", "2021-03-10", "2021-03-12")).containsExactly(eleventh);
        findings(noDefect, "PRODUCT_DEFECT");
        assertThat(noticeCases("PENDING", "2021-03-11", "2021-03-11")).containsExactly(noDefect);
    }

    private void findings(long caseId, String cause) throws Exception {
        event(caseId, """
                {"type":"FINDINGS_RECORDED","occurredAt":"2021-03-20T10:00:00+08:00","recordedBy":"qd",
                 "findings":{"cause":"%s","repairable":false,"problemProductOnSite":true,"directLossCny":1000,
                 "compensationClaimed":false,"remedyValueCny":500,"staffDispatched":1,"representative":false}}"""
                .formatted(cause)).andExpect(status().isCreated());
    }

    @Test
    @DisplayName("Deadlines as of a moment use the evaluation in effect then, not one recorded later")
    void deadlinesUseTheEvaluationInEffect() throws Exception {
        long id = register(RECEIVED, INTAKE);
        // At intake: no defect, so no corrective action owed.
        due("2022-09-06T11:30:00+08:00", 30).andExpect(jsonPath("$.items[*].kind").value(
                org.hamcrest.Matchers.not(hasItem("CORRECTIVE_ACTION_OPEN"))));
        event(id, """
                {"type":"FINDINGS_RECORDED","occurredAt":"2022-09-07T10:00:00+08:00","recordedBy":"li.wei",
                 "findings":{"cause":"PRODUCT_DEFECT","repairable":false,"problemProductOnSite":true,"directLossCny":1000,
                 "compensationClaimed":false,"remedyValueCny":500,"staffDispatched":1,"representative":false}}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'FOUR_NO_LET_GO')].value").value("REQUIRED"));
        // Before the findings occurred, the intake evaluation still stands; the defect's four no-let-go does not.
        due("2022-09-06T11:30:00+08:00", 30).andExpect(jsonPath("$.items[*].kind").value(
                org.hamcrest.Matchers.not(hasItem("CORRECTIVE_ACTION_OPEN"))));
        overdue("2022-09-06T11:30:00+08:00").andExpect(jsonPath("$.items[*].kind", containsInAnyOrder("ARRIVAL")));
        // From the findings on: a corrective action due 15 days after them.
        due("2022-09-07T11:00:00+08:00", 30)
                .andExpect(jsonPath("$.items[?(@.kind == 'CORRECTIVE_ACTION_OPEN')].deadline").value(hasItem(
                        org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is("2022-09-22T10:00:00+08:00"),
                                org.hamcrest.Matchers.is("2022-09-22T02:00:00Z")))));

        // Findings added without an event (POST /api/cases/{id}/evaluations) take effect when recorded: now.
        long other = register(RECEIVED, INTAKE);
        mvc.perform(post("/api/cases/" + other + "/evaluations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"findings\":{\"cause\":\"PRODUCT_DEFECT\",\"repairable\":false,\"problemProductOnSite\":true,"
                                + "\"directLossCny\":1000,\"compensationClaimed\":false,\"remedyValueCny\":500,"
                                + "\"staffDispatched\":1,\"representative\":false}}"))
                .andExpect(status().isCreated());
        overdue("2022-09-25T10:00:00+08:00").andExpect(jsonPath("$.items[?(@.caseId == " + other + ")].kind",
                containsInAnyOrder("ARRIVAL")));
        mvc.perform(get("/api/followup/overdue").param("unit", unit))
                .andExpect(jsonPath("$.items[?(@.caseId == " + other + ")].kind",
                        containsInAnyOrder("ARRIVAL", "CORRECTIVE_ACTION_OPEN")));
    }

    private ResultActions due(String at, int days) throws Exception {
        return mvc.perform(get("/api/followup/due").param("at", at).param("days", String.valueOf(days)).param("unit", unit))
                .andExpect(status().isOk());
    }

    private static String orderEvent(String type, String at, long order) {
        return "{\"type\":\"" + type + "\",\"occurredAt\":\"" + at + "\",\"recordedBy\":\"x\",\"orderId\":" + order + "}";
    }

    /** The one REPRESENTATIVE order of this test's product with this status. */
    private long representativeOrder(String status) throws Exception {
        List<Long> orders = representativeOrders(status);
        assertThat(orders).hasSize(1);
        return orders.get(0);
    }

    private List<Long> representativeOrders(String status) throws Exception {
        JsonNode list = json.readTree(mvc.perform(get("/api/rectification-orders").param("status", status))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        List<Long> ids = new ArrayList<>();
        for (JsonNode o : list) {
            if (o.get("reason").asString().equals("REPRESENTATIVE") && o.get("productCode").asString().equals("EVT-" + unit)) {
                assertThat(o.get("status").asString()).isEqualTo(status);
                ids.add(o.get("id").asLong());
            }
        }
        return ids;
    }

    /** The cases of this test among the notices, in the order listed (newest case first). */
    private List<Long> noticeCases(String status, String from, String to) throws Exception {
        var request = get("/api/notices");
        if (status != null) request.param("status", status);
        if (from != null) request.param("from", from);
        if (to != null) request.param("to", to);
        JsonNode answer = json.readTree(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : answer.get("notices")) {
            if (n.get("unitCode").asString().equals(unit)) ids.add(n.get("caseId").asLong());
        }
        assertThat(answer.get("total").asLong()).isGreaterThanOrEqualTo(ids.size());
        return ids;
    }

    private ResultActions overdue(String at) throws Exception {
        return mvc.perform(get("/api/followup/overdue").param("at", at).param("unit", unit)).andExpect(status().isOk());
    }
}
