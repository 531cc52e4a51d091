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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event API of a case against a real database; run on H2 and on PostgreSQL by subclasses. Each test records its
 * own case (its own product and responsible unit), received 2022-09-05 09:30 +08:00, on site, same province (24 h).
 */
abstract class CaseEventApiContract {

    static final String RECEIVED = "2022-09-05T09:30:00+08:00";

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    final String unit = "SUB-T" + UUID.randomUUID().toString().substring(0, 6);

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

    private ResultActions overdue(String at) throws Exception {
        return mvc.perform(get("/api/followup/overdue").param("at", at).param("unit", unit)).andExpect(status().isOk());
    }

    ResultActions event(long caseId, String body) throws Exception {
        return mvc.perform(post("/api/cases/" + caseId + "/events").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** The example case (product defect, on site, same province), or at intake (no findings). */
    long register(boolean intakeOnly) throws Exception {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "EVT-" + UUID.randomUUID());
        data.put("receivedAt", RECEIVED);
        data.put("productionDate", "2022-08-01");
        ((ObjectNode) data.get("product")).put("code", "EVT-" + unit);
        ((ObjectNode) data.get("responsibleUnit")).put("code", unit);
        if (intakeOnly) data.remove("findings");
        String answer = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readTree(answer).get("caseId").asLong();
    }
}
