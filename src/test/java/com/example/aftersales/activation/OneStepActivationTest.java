package com.example.aftersales.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.Workbooks;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.BothDatabases;

/**
 * Four eyes off ({@code aftersales.rules.four-eyes=false}): one quality manager activates in one step, still with a
 * comment and, for a version that never decided, after its impact; the activation records the request.
 */
@BothDatabases
@SpringBootTest(properties = {"aftersales.test.database=gov_one_step", "aftersales.rules.four-eyes=false"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class OneStepActivationTest {

    static final RequestPostProcessor LI_NA = user("li.na").roles("QUALITY_MANAGER");

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    PolicyEngine engine;
    @Autowired
    RulesetStore store;

    private final String shipped = RuleFiles.load(Path.of(".")).version();

    @AfterEach
    void backToTheShippedRules() {
        store.activate(shipped, "test over", "test");
    }

    @Test
    void oneQualityManagerActivatesAfterTheImpactWithAComment() throws Exception {
        String draft = body(mvc.perform(multipart("/api/rulesets/drafts").file(new MockMultipartFile("files", "validity-period.xlsx",
                        "application/octet-stream", Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, 36)))
                .param("comment", "primers 36 months").with(LI_NA)).andExpect(status().isCreated())).get("version").asString();
        assertThat(call(post("/api/rulesets/" + draft + "/activate").with(LI_NA), Map.of("comment", "go"), 409)
                .get("detail").asString()).contains("impact");
        // a case in the impact's window (a window without cases is no impact)
        String example = java.nio.file.Files.readString(Path.of("docs/examples/case.json"))
                .replace("CRM-2026-000123", "ONE-STEP-1").replace("2026-11-20T09:30:00+08:00",
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).minusDays(2).withNano(0).toString());
        mvc.perform(post("/api/cases").with(user("crm").roles("SYSTEM")).contentType(MediaType.APPLICATION_JSON).content(example))
                .andExpect(status().isCreated());
        long impact = body(mvc.perform(post("/api/rulesets/" + draft + "/impact").param("days", "30").with(LI_NA))
                .andExpect(status().isAccepted())).get("replayId").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                call(get("/api/replays/" + impact).with(LI_NA), null, 200).get("status").asString().equals("SUCCEEDED"));
        assertThat(call(post("/api/rulesets/" + draft + "/activate").with(LI_NA), null, 400).at("/errors/0/field").asString())
                .isEqualTo("comment");

        JsonNode activation = call(post("/api/rulesets/" + draft + "/activate").with(LI_NA), Map.of("comment", "approved by QD"), 200);
        assertThat(activation.get("toVersion").asString()).isEqualTo(draft);
        assertThat(activation.get("activatedBy").asString()).isEqualTo("li.na");
        assertThat(activation.get("requestedBy").asString()).isEqualTo("li.na");
        assertThat(activation.get("approvedBy").isNull()).isTrue();
        assertThat(activation.get("impactReplayId").asLong()).isEqualTo(impact);
        assertThat(engine.active().version()).isEqualTo(draft);

        // a request is approved at once too; a roll back needs no impact
        JsonNode rollBack = call(post("/api/rulesets/" + shipped + "/activation-requests").with(LI_NA), Map.of("comment", "back"), 201);
        assertThat(rollBack.get("status").asString()).isEqualTo("APPROVED");
        assertThat(engine.active().version()).isEqualTo(shipped);
    }

    private JsonNode call(MockHttpServletRequestBuilder request, Map<String, ?> body, int status) throws Exception {
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        var result = mvc.perform(request).andReturn().getResponse();
        assertThat(result.getStatus()).as(result.getContentAsString()).isEqualTo(status);
        return json.readTree(result.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private JsonNode body(org.springframework.test.web.servlet.ResultActions actions) throws Exception {
        return json.readTree(actions.andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
