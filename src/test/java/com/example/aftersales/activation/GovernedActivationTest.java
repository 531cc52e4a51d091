package com.example.aftersales.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * Governed activation through the API, with the shipped settings (four eyes on, impact required): a draft is
 * requested only after its impact, with a comment; its requester and its author cannot approve it; a second quality
 * manager's approval activates it and is recorded (who, when, why) in the activation history; a rejection leaves
 * everything as it was; an emergency roll back takes effect at once and is recorded as an emergency.
 */
@BothDatabases
@SpringBootTest(properties = "aftersales.test.database=gov_api")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class GovernedActivationTest {

    static final RequestPostProcessor AUTHOR = user("author.wang").roles("QUALITY_MANAGER");
    static final RequestPostProcessor LI_NA = user("li.na").roles("QUALITY_MANAGER");
    static final RequestPostProcessor ZHANG_WEI = user("zhang.wei").roles("QUALITY_MANAGER");
    static final RequestPostProcessor AUDITOR = user("auditor").roles("AUDITOR");

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
    void aSecondQualityManagerApprovesAfterTheImpactAndTheApprovalIsRecorded() throws Exception {
        recordACase("GOV-API-1");
        String draft = draft(36);

        // no impact yet: refused in words, in English and Chinese; nothing requested
        JsonNode noImpact = call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA), Map.of("comment", "P12 at 36 months"), 409);
        assertThat(noImpact.get("detail").asString()).contains("compute its impact on past cases first");
        JsonNode noImpactZh = body(mvc.perform(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA)
                .header("Accept-Language", "zh-CN").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("comment", "P12"))))
                .andExpect(status().isConflict()));
        assertThat(noImpactZh.get("detail").asString()).contains("请先计算它对历史案件的影响");
        assertThat(call(get("/api/rulesets/" + draft + "/activation-requests").with(AUDITOR), null, 200)).isEmpty();

        long impact = impact(draft);

        // no comment: 400 naming the field
        JsonNode noComment = call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA), Map.of(), 400);
        assertThat(noComment.at("/errors/0/field").asString()).isEqualTo("comment");
        assertThat(noComment.get("detail").asString()).contains("comment");

        // li.na requests it, with the impact she saw
        JsonNode request = call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA),
                Map.of("comment", "P12: primers valid for 36 months", "impactReplayId", impact), 201);
        long id = request.get("id").asLong();
        assertThat(request.get("status").asString()).isEqualTo("PENDING");
        assertThat(request.get("kind").asString()).isEqualTo("ACTIVATE");
        assertThat(request.get("impactReplayId").asLong()).isEqualTo(impact);
        assertThat(engine.active().version()).isEqualTo(shipped);
        // a second request for the same version waits for the first
        assertThat(call(post("/api/rulesets/" + draft + "/activation-requests").with(ZHANG_WEI),
                Map.of("comment", "again"), 409).get("detail").asString()).contains("li.na");

        // she cannot approve it herself, neither as an approval nor through /activate
        JsonNode self = call(post("/api/rulesets/activation-requests/" + id + "/approve").with(LI_NA), Map.of("comment", "ok"), 409);
        assertThat(self.get("detail").asString()).contains("second quality manager").contains("li.na");
        call(post("/api/rulesets/" + draft + "/activate").with(LI_NA), Map.of("comment", "ok"), 409);
        // nor can the draft's author
        assertThat(call(post("/api/rulesets/activation-requests/" + id + "/approve").with(AUTHOR), Map.of("comment", "ok"), 409)
                .get("detail").asString()).contains("author");
        // an approval needs its comment
        assertThat(call(post("/api/rulesets/activation-requests/" + id + "/approve").with(ZHANG_WEI), Map.of(), 400)
                .at("/errors/0/field").asString()).isEqualTo("comment");
        // an auditor may not approve
        mvc.perform(post("/api/rulesets/activation-requests/" + id + "/approve").with(AUDITOR)
                .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"x\"}")).andExpect(status().isForbidden());
        assertThat(engine.active().version()).isEqualTo(shipped);

        // zhang.wei approves: the draft decides
        JsonNode approved = call(post("/api/rulesets/activation-requests/" + id + "/approve").with(ZHANG_WEI),
                Map.of("comment", "impact checked: 1 primer case in validity"), 200);
        assertThat(approved.get("status").asString()).isEqualTo("APPROVED");
        assertThat(approved.get("decidedBy").asString()).isEqualTo("zhang.wei");
        assertThat(engine.active().version()).isEqualTo(draft);

        JsonNode latest = call(get("/api/rulesets/activations").with(AUDITOR), null, 200).get(0);
        assertThat(latest.get("toVersion").asString()).isEqualTo(draft);
        assertThat(latest.get("comment").asString()).isEqualTo("P12: primers valid for 36 months");
        assertThat(latest.get("requestedBy").asString()).isEqualTo("li.na");
        assertThat(latest.get("approvedBy").asString()).isEqualTo("zhang.wei");
        assertThat(latest.get("activatedBy").asString()).isEqualTo("zhang.wei");
        assertThat(latest.get("approvalComment").asString()).isEqualTo("impact checked: 1 primer case in validity");
        assertThat(latest.get("approvedAt").isNull()).isFalse();
        assertThat(latest.get("impactReplayId").asLong()).isEqualTo(impact);
        assertThat(latest.get("emergency").asBoolean()).isFalse();
        JsonNode version = call(get("/api/rulesets/" + draft).with(AUDITOR), null, 200);
        assertThat(version.get("version").asString()).isEqualTo(draft);
        assertThat(version.get("active").asBoolean()).isTrue();
        assertThat(version.at("/activations/0/approvedBy").asString()).isEqualTo("zhang.wei");
        assertThat(call(get("/api/rulesets/" + draft + "/activation-requests").with(AUDITOR), null, 200).get(0)
                .get("decisionComment").asString()).isEqualTo("impact checked: 1 primer case in validity");

        // decided once only
        call(post("/api/rulesets/activation-requests/" + id + "/approve").with(AUTHOR), Map.of("comment", "again"), 409);
        call(post("/api/rulesets/activation-requests/" + id + "/reject").with(AUTHOR), Map.of("comment", "again"), 409);
    }

    @Test
    void anImpactOverAWindowWithoutCasesIsNoImpactSeen() throws Exception {
        String draft = draft(35);
        // a finished replay of the draft over a window that holds no case: SUCCEEDED, with the warning, and no impact
        long empty = body(mvc.perform(post("/api/replays").with(LI_NA).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("candidate", Map.of("rulesetVersion", draft),
                        "from", "1990-01-01", "to", "1990-01-31"))))
                .andExpect(status().isAccepted())).get("id").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                call(get("/api/replays/" + empty).with(LI_NA), null, 200).get("status").asString().equals("SUCCEEDED"));
        assertThat(call(get("/api/replays/" + empty).with(LI_NA), null, 200).at("/summary/warnings/0").asString())
                .isEqualTo("EMPTY_WINDOW");

        JsonNode named = call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA),
                Map.of("comment", "P12 at 35 months", "impactReplayId", empty), 409);
        assertThat(named.get("detail").asString()).contains("found no past case in its window");
        JsonNode latest = call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA),
                Map.of("comment", "P12 at 35 months"), 409);
        assertThat(latest.get("detail").asString()).as("the empty replay is not the latest impact")
                .contains("compute its impact on past cases first");
        assertThat(call(get("/api/rulesets/" + draft + "/activation-requests").with(AUDITOR), null, 200)).isEmpty();
    }

    @Test
    void aRejectedRequestChangesNothing() throws Exception {
        String draft = draft(37);
        long impact = impact(draft);
        long id = call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA),
                Map.of("comment", "P12 at 37 months", "impactReplayId", impact), 201).get("id").asLong();
        assertThat(call(post("/api/rulesets/activation-requests/" + id + "/reject").with(ZHANG_WEI), Map.of("comment", " "), 400)
                .at("/errors/0/field").asString()).isEqualTo("comment");
        JsonNode rejected = call(post("/api/rulesets/activation-requests/" + id + "/reject").with(ZHANG_WEI),
                Map.of("comment", "37 is not what QD decided"), 200);
        assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("decisionComment").asString()).isEqualTo("37 is not what QD decided");
        assertThat(engine.active().version()).isEqualTo(shipped);
        call(post("/api/rulesets/activation-requests/" + id + "/approve").with(ZHANG_WEI), Map.of("comment", "after all"), 409);
        call(post("/api/rulesets/" + draft + "/activate").with(ZHANG_WEI), Map.of("comment", "after all"), 409);
        assertThat(engine.active().version()).isEqualTo(shipped);
        assertThat(call(get("/api/rulesets/activation-requests").with(AUDITOR), null, 200).findValues("id").stream()
                .map(JsonNode::asLong)).doesNotContain(id);
        call(get("/api/rulesets/activation-requests/999999").with(AUDITOR), null, 404);
    }

    @Test
    void theActivateEndpointApprovesAnotherPersonsRequest() throws Exception {
        String draft = draft(38);
        // with four eyes, activating alone is refused in words
        JsonNode alone = call(post("/api/rulesets/" + draft + "/activate").with(ZHANG_WEI), Map.of("comment", "go"), 409);
        assertThat(alone.get("detail").asString()).contains("second quality manager");
        call(post("/api/rulesets/" + draft + "/activate").with(ZHANG_WEI), Map.of(), 400);
        long impact = impact(draft);
        call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA), Map.of("comment", "P12 at 38 months"), 201);
        JsonNode activation = call(post("/api/rulesets/" + draft + "/activate").with(ZHANG_WEI), Map.of("comment", "approved"), 200);
        assertThat(activation.get("toVersion").asString()).isEqualTo(draft);
        assertThat(activation.get("requestedBy").asString()).isEqualTo("li.na");
        assertThat(activation.get("approvedBy").asString()).isEqualTo("zhang.wei");
        assertThat(activation.get("impactReplayId").asLong()).as("the latest finished impact, recorded").isEqualTo(impact);
        assertThat(engine.active().version()).isEqualTo(draft);
    }

    @Test
    void anEmergencyRollBackTakesEffectAtOnceAndIsRecordedAsSuch() throws Exception {
        String draft = draft(39);
        long impact = impact(draft);
        long id = call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA),
                Map.of("comment", "P12 at 39 months", "impactReplayId", impact), 201).get("id").asLong();
        call(post("/api/rulesets/activation-requests/" + id + "/approve").with(ZHANG_WEI), Map.of("comment", "ok"), 200);
        assertThat(engine.active().version()).isEqualTo(draft);

        // an emergency is only a roll back, and needs its reason
        String other = draft(40);
        call(post("/api/rulesets/" + other + "/activation-requests").with(LI_NA), Map.of("comment", "now", "emergency", true), 409);
        assertThat(call(post("/api/rulesets/" + shipped + "/activation-requests").with(LI_NA), Map.of("emergency", true), 400)
                .at("/errors/0/field").asString()).isEqualTo("comment");

        JsonNode emergency = call(post("/api/rulesets/" + shipped + "/activation-requests").with(LI_NA),
                Map.of("comment", "misfires misjudged in production", "emergency", true), 201);
        assertThat(emergency.get("status").asString()).isEqualTo("APPROVED");
        assertThat(emergency.get("kind").asString()).isEqualTo("ROLL_BACK");
        assertThat(emergency.get("emergency").asBoolean()).isTrue();
        assertThat(engine.active().version()).isEqualTo(shipped);
        JsonNode latest = call(get("/api/rulesets/activations").with(AUDITOR), null, 200).get(0);
        assertThat(latest.get("toVersion").asString()).isEqualTo(shipped);
        assertThat(latest.get("emergency").asBoolean()).isTrue();
        assertThat(latest.get("comment").asString()).isEqualTo("misfires misjudged in production");
        assertThat(latest.get("requestedBy").asString()).isEqualTo("li.na");
        assertThat(latest.get("approvedBy").isNull()).as("no second person").isTrue();

        // a roll back without emergency follows the four eyes, and needs no new impact
        JsonNode rollBack = call(post("/api/rulesets/" + draft + "/activation-requests").with(LI_NA), Map.of("comment", "back to 39"), 201);
        assertThat(rollBack.get("status").asString()).isEqualTo("PENDING");
        assertThat(rollBack.get("kind").asString()).isEqualTo("ROLL_BACK");
        assertThat(engine.active().version()).isEqualTo(shipped);
        call(post("/api/rulesets/activation-requests/" + rollBack.get("id").asLong() + "/reject").with(LI_NA), Map.of("comment", "withdrawn"), 200);
    }

    // --- helpers ---

    /** A valid draft by author.wang: primers valid for the given months. */
    private String draft(int months) throws Exception {
        JsonNode draft = body(mvc.perform(multipart("/api/rulesets/drafts").file(new MockMultipartFile("files", "validity-period.xlsx",
                        "application/octet-stream", Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, months)))
                .param("comment", "primers " + months + " months").with(AUTHOR)).andExpect(status().isCreated()));
        assertThat(draft.at("/validation/valid").asBoolean()).as(draft.toString()).isTrue();
        return draft.get("version").asString();
    }

    /** The draft's impact on the last 30 days, finished: over a case recorded for it (an empty window is no impact). */
    private long impact(String version) throws Exception {
        recordACase("GOV-IMPACT-" + version.substring(0, 12));
        long id = body(mvc.perform(post("/api/rulesets/" + version + "/impact").param("days", "30").with(LI_NA))
                .andExpect(status().isAccepted())).get("replayId").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                call(get("/api/replays/" + id).with(LI_NA), null, 200).get("status").asString().equals("SUCCEEDED"));
        return id;
    }

    private void recordACase(String ref) throws Exception {
        String example = Files.readString(Path.of("docs/examples/case.json"))
                .replace("CRM-2026-000123", ref)
                .replace("2026-11-20T09:30:00+08:00", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(2).withNano(0).toString());
        mvc.perform(post("/api/cases").with(user("crm").roles("SYSTEM")).contentType(MediaType.APPLICATION_JSON).content(example))
                .andExpect(status().isCreated());
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
