package com.example.aftersales.followup;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the follow-up API tests share: each test instance records its own cases (its own product and responsible
 * unit, so that lists filtered by unit or product show only them), by default received 2022-09-05 09:30 +08:00, on
 * site, same province (24 h to respond).
 */
abstract class FollowupTestSupport {

    static final String RECEIVED = "2022-09-05T09:30:00+08:00";

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    final String unit = "SUB-T" + UUID.randomUUID().toString().substring(0, 6);

    ResultActions event(long caseId, String body) throws Exception {
        return mvc.perform(post("/api/cases/" + caseId + "/events").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    static final int DEFECT = 0, INTAKE = 1, FLAGGED = 2, UNREFERENCED = 3;

    /** The example case (product defect, on site, same province), or at intake (no findings). */
    long register(boolean intakeOnly) throws Exception {
        return register(RECEIVED, intakeOnly ? INTAKE : DEFECT);
    }

    /**
     * The example case received then: {@code DEFECT} as it is, {@code INTAKE} without findings, {@code FLAGGED} a
     * defect the quality department flags as representative (P20), {@code UNREFERENCED} a defect with no external
     * reference (the field is optional).
     */
    long register(String receivedAt, int kind) throws Exception {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "EVT-" + UUID.randomUUID());
        data.put("receivedAt", receivedAt);
        data.put("productionDate", OffsetDateTime.parse(receivedAt).toLocalDate().minusMonths(1).toString());
        ((ObjectNode) data.get("product")).put("code", "EVT-" + unit);
        ((ObjectNode) data.get("responsibleUnit")).put("code", unit);
        if (kind == INTAKE) data.remove("findings");
        if (kind == FLAGGED) ((ObjectNode) data.get("findings")).put("representative", true);
        if (kind == UNREFERENCED) data.remove("externalRef");
        String answer = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readTree(answer).get("caseId").asLong();
    }
}
