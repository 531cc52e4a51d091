package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Operations: Prometheus metrics of what was decided, and JSON log lines (ECS) carrying the case id. On H2 alone: the
 * metrics and the log lines are the same whatever the database.
 */
@WithMockUser(roles = "ADMIN")
@SpringBootTest(properties = "logging.structured.format.console=ecs")
@AutoConfigureMockMvc
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;

    @Test
    @DisplayName("/actuator/prometheus counts evaluations, decisions by type and value, rule firings, retries and replays")
    void prometheus() throws Exception {
        String body = example().toString();
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated());
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isOk());
        String metrics = mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(metrics)
                .containsPattern("aftersales_evaluation_seconds_count\\{[^}]*operation=\"register\"[^}]*} [1-9]")
                .containsPattern("aftersales_decisions_total\\{[^}]*type=\"APPROVAL\",value=\"SUBSIDIARY_GENERAL_MANAGER\"[^}]*} [1-9]")
                .containsPattern("aftersales_decisions_total\\{[^}]*type=\"RESPONSE_DEADLINE\",value=\"other\"[^}]*} [1-9]")
                .containsPattern("aftersales_rule_firings_total\\{[^}]*rule=\"满意度回访：每个案件 / Satisfaction call: every case\"[^}]*} [1-9]")
                .containsPattern("aftersales_cases_registered_total\\{[^}]*outcome=\"replayed\"[^}]*} [1-9]")
                .containsPattern("aftersales_replay_running(\\{[^}]*})? 0")
                .contains("aftersales_replay_cases_planned", "aftersales_replay_evaluations_total")
                .contains("http_server_requests_seconds_bucket");
    }

    @Test
    @DisplayName("With logging.structured.format.console=ecs a case request's log line is JSON with its caseId")
    void structuredLogsCarryTheCaseId(CapturedOutput output) throws Exception {
        String body = example().toString();
        String location = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andReturn().getResponse().getHeader("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isOk());
        String line = output.getOut().lines().filter(l -> l.contains("A retry of case " + id + " ")).findFirst().orElseThrow();
        assertThat(json.readTree(line).get("caseId").asString()).isEqualTo(id);
        assertThat(json.readTree(line).get("log").get("level").asString()).isEqualTo("INFO");
    }

    private ObjectNode example() throws Exception {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "OPS-" + UUID.randomUUID());
        return data;
    }
}
