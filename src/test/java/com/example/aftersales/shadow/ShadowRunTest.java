package com.example.aftersales.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.Workbooks;
import com.example.aftersales.rulesets.Drafts;
import com.example.aftersales.BothDatabases;

/**
 * Shadow runs through the API: a draft that throws, runs away or overruns its time on some cases leaves every
 * {@code POST /api/cases} answer exactly as without a shadow run; a draft that changes one threshold (primers valid
 * 36 months instead of 24) is counted as agreeing or not, case by case, with its differences by decision type, the
 * rules on one side only and the money; a run stops after its maxCases, by hand, and refuses what it must.
 */
@BothDatabases
@SpringBootTest(properties = {"aftersales.test.database=shadow_api", "aftersales.shadow.timeout=2s"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ShadowRunTest {

    static final RequestPostProcessor CRM = user("crm").roles("SYSTEM");
    static final RequestPostProcessor LI_NA = user("li.na").roles("QUALITY_MANAGER");
    static final RequestPostProcessor ANALYST = user("analyst.zhao").roles("ANALYST");
    static final RequestPostProcessor AUDITOR = user("auditor").roles("AUDITOR");

    /** Rules that fail only on batches no scenario has: the draft stays valid, and fails on those cases only. */
    static final String FAULTS = """
            package aftersales.policy;
            import com.example.aftersales.policy.facts.*;

            rule "Shadow fault: throws"
            when
                CaseFacts( batchNumber == "SHADOW-THROW", $q : quantity )
            then
                insert( Decision.of( kcontext, "BROKEN", String.valueOf( $q / 0 ), "never" ) );
            end

            rule "Shadow fault: calls for a satisfaction call again and again"
            when
                CaseFacts( batchNumber == "SHADOW-LOOP" )
                Decision( type == "SATISFACTION_CALL" )
            then
                insert( Decision.of( kcontext, "SATISFACTION_CALL", "REQUIRED", "again" ) );
            end

            rule "Shadow fault: takes its time"
            when
                CaseFacts( batchNumber == "SHADOW-SLOW" )
            then
                // 6 s deaf to interrupts, as a rule stuck in a loop is, without spending them on a core
                long until = System.currentTimeMillis() + 6000;
                while ( System.currentTimeMillis() < until ) {
                    try { Thread.sleep( 50 ); } catch ( InterruptedException deaf ) { }
                }
            end
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    Drafts drafts;
    @Autowired
    JdbcClient jdbc;

    private static int refs;

    @AfterEach
    void stopEveryRun() {
        jdbc.sql("update shadow_run set status = 'STOPPED', stop_reason = 'BY_HAND' where status = 'RUNNING'").update();
    }

    @Test
    void aDraftThatThrowsOrRunsAwayLeavesEveryAnswerUnchanged() throws Exception {
        String draft = faultyDraft();
        List<String> batches = List.of("B2026-0601-03", "SHADOW-THROW", "B2026-0601-04", "SHADOW-LOOP", "SHADOW-THROW", "B2026-0601-05");

        // without a shadow run
        List<JsonNode> before = new ArrayList<>();
        for (String batch : batches) {
            before.add(postCase(withoutFindings(example(batch, null, null))));
        }
        // the same cases with the faulty draft shadowing them
        long run = start(draft, null, null).get("id").asLong();
        List<JsonNode> after = new ArrayList<>();
        for (String batch : batches) {
            after.add(postCase(withoutFindings(example(batch, null, null))));
        }
        for (int i = 0; i < batches.size(); i++) {
            assertThat(answer(after.get(i))).as("answer for batch " + batches.get(i)).isEqualTo(answer(before.get(i)));
        }

        JsonNode status = awaitShadowed(run, batches.size());
        assertThat(status.get("status").asString()).isEqualTo("RUNNING");
        assertThat(status.get("failed").asLong()).isEqualTo(3);
        assertThat(status.get("agreed").asLong()).isEqualTo(3);
        assertThat(status.get("agreementRate").asDouble()).isEqualTo(0.5);
        assertThat(status.get("warnings").toString()).contains("DRAFT_FAILED");
        assertThat(byType(status)).containsEntry("SHADOW_FAILED", 3L);
        JsonNode failures = call(get("/api/shadow-runs/" + run + "/differences").param("type", "SHADOW_FAILED").with(AUDITOR), null, 200);
        assertThat(failures.get("total").asLong()).isEqualTo(3);
        List<String> why = failures.get("items").findValues("shadowValue").stream().map(JsonNode::asString).toList();
        assertThat(why).filteredOn(w -> w.startsWith("RULE_FAILED: Shadow fault: throws")).hasSize(2);
        assertThat(why).filteredOn(w -> w.startsWith("RUNAWAY")).hasSize(1);
        List<Long> failedCases = failures.get("items").findValues("caseId").stream().map(JsonNode::asLong).toList();
        assertThat(failedCases).containsExactly(after.get(1).get("caseId").asLong(), after.get(3).get("caseId").asLong(),
                after.get(4).get("caseId").asLong());

        // new findings are shadowed too: the evaluation they append
        JsonNode findings = json.readTree(Files.readString(Path.of("docs/examples/case.json"))).get("findings");
        var appended = mvc.perform(post("/api/cases/" + after.get(0).get("caseId").asLong() + "/evaluations").with(CRM)
                .contentType(MediaType.APPLICATION_JSON).content("{\"findings\": " + findings + "}")).andReturn().getResponse();
        assertThat(appended.getStatus()).as(appended.getContentAsString()).isIn(200, 201);
        assertThat(awaitShadowed(run, batches.size() + 1).get("agreed").asLong()).isEqualTo(4);

        // stopped by hand, once
        JsonNode stopped = call(post("/api/shadow-runs/" + run + "/stop").with(ANALYST), null, 200);
        assertThat(stopped.get("status").asString()).isEqualTo("STOPPED");
        assertThat(stopped.get("stopReason").asString()).isEqualTo("BY_HAND");
        assertThat(stopped.get("stoppedBy").asString()).isEqualTo("analyst.zhao");
        call(post("/api/shadow-runs/" + run + "/stop").with(ANALYST), null, 409);
        // after the stop, nothing more is shadowed
        postCase(example("B2026-0601-06", null, null));
        Thread.sleep(500);
        assertThat(call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200).get("shadowed").asLong()).isEqualTo(batches.size() + 1);
    }

    @Test
    void aDraftThatOverrunsItsTimeStopsItsRunAndTheAnswerIsUnchanged() throws Exception {
        String draft = faultyDraft();
        JsonNode without = postCase(withoutFindings(example("SHADOW-SLOW", null, null)));
        long run = start(draft, null, null).get("id").asLong();
        long t0 = System.nanoTime();
        JsonNode with = postCase(withoutFindings(example("SHADOW-SLOW", null, null)));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(answer(with)).isEqualTo(answer(without));
        assertThat(millis).as("the request does not wait for the draft (which takes 6 s)").isLessThan(5000);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200).get("status").asString().equals("STOPPED"));
        JsonNode status = call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200);
        assertThat(status.get("stopReason").asString()).isEqualTo("TIMED_OUT");
        assertThat(status.get("failed").asLong()).isEqualTo(1);
        JsonNode failure = call(get("/api/shadow-runs/" + run + "/differences").with(AUDITOR), null, 200).at("/items/0");
        assertThat(failure.get("shadowValue").asString()).startsWith("TIMEOUT");
        // a later case is decided as usual
        postCase(example("B2026-0601-07", null, null));
    }

    @Test
    void aChangedThresholdIsCountedCaseByCaseWithItsMoneyAndStopsAfterMaxCases() throws Exception {
        Drafts.Draft draft = drafts.create(Map.of("decision-tables/validity-period.xlsx",
                        Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, 36)), List.of(), "primers 36 months",
                new Drafts.Author("author.wang", false));
        assertThat(draft.validation().valid()).as(draft.validation().toString()).isTrue();
        JsonNode started = start(draft.version(), OffsetDateTime.now().plusDays(7), 4L);
        long run = started.get("id").asLong();
        assertThat(started.get("status").asString()).isEqualTo("RUNNING");
        assertThat(started.get("maxCases").asLong()).isEqualTo(4);
        assertThat(started.get("startedBy").asString()).isEqualTo("li.na");
        // one run at a time (aftersales.shadow.max-concurrent=1)
        assertThat(call(post("/api/shadow-runs").with(LI_NA), Map.of("draftVersion", draft.version()), 409)
                .get("detail").asString()).contains("At most 1");

        // primers produced 30 months before: out of validity now, within it with the draft
        JsonNode old1 = postCase(example("B2024-0501-01", "PRIMER", "2024-05-01"));
        JsonNode fresh = postCase(example("B2026-0601-08", "PRIMER", "2026-01-01"));
        JsonNode old2 = postCase(example("B2024-0501-02", "PRIMER", "2024-05-01"));
        JsonNode emulsion = postCase(example("B2026-0601-09", null, null));
        JsonNode fifth = postCase(example("B2024-0501-03", "PRIMER", "2024-05-01"));
        assertThat(warranty(old1)).isEqualTo("EXPIRED");
        assertThat(warranty(fresh)).isEqualTo("IN_VALIDITY");

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200).get("status").asString().equals("STOPPED"));
        JsonNode status = call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200);
        assertThat(status.get("stopReason").asString()).isEqualTo("MAX_CASES");
        assertThat(status.get("shadowed").asLong()).as("no more than maxCases").isEqualTo(4);
        assertThat(status.get("agreed").asLong()).isEqualTo(2);
        assertThat(status.get("failed").asLong()).isZero();
        assertThat(status.get("agreementRate").asDouble()).isEqualTo(0.5);
        assertThat(byType(status)).containsEntry("WARRANTY", 2L).doesNotContainKey("SHADOW_FAILED");
        // the money, counted as the impact view counts it: both sides, the same cases
        assertThat(status.at("/comparison/replayed").asLong()).isEqualTo(4);
        assertThat(status.at("/comparison/changed").asLong()).isEqualTo(2);
        assertThat(status.at("/comparison/business/before").isObject()).isTrue();
        assertThat(status.at("/comparison/business/after").isObject()).isTrue();
        assertThat(status.at("/comparison/transitions").toString()).contains("EXPIRED").contains("IN_VALIDITY");

        // drill-down to the cases
        JsonNode warranty = call(get("/api/shadow-runs/" + run + "/differences").param("type", "WARRANTY").with(ANALYST), null, 200);
        assertThat(warranty.get("total").asLong()).isEqualTo(2);
        assertThat(warranty.get("items").findValues("caseId").stream().map(JsonNode::asLong).toList())
                .containsExactly(old1.get("caseId").asLong(), old2.get("caseId").asLong());
        JsonNode first = warranty.at("/items/0");
        assertThat(first.get("evaluationId").asLong()).isEqualTo(old1.at("/evaluation/id").asLong());
        assertThat(first.get("activeValue").asString()).isEqualTo("EXPIRED");
        assertThat(first.get("shadowValue").asString()).isEqualTo("IN_VALIDITY");
        List<JsonNode> oneSided = new ArrayList<>();
        first.get("activeOnlyRules").forEach(oneSided::add);
        first.get("shadowOnlyRules").forEach(oneSided::add);
        assertThat(oneSided).isNotEmpty().allSatisfy(r -> assertThat(r.get("source").asString()).isNotBlank());
        assertThat(fifth.get("caseId").asLong()).isPositive();
        JsonNode all = call(get("/api/shadow-runs/" + run + "/differences").param("size", "1").param("page", "1").with(ANALYST), null, 200);
        assertThat(all.get("items")).hasSize(1);
        assertThat(all.get("total").asLong()).isGreaterThanOrEqualTo(2);

        // the list, newest first
        assertThat(call(get("/api/shadow-runs").with(AUDITOR), null, 200).get(0).get("id").asLong()).isEqualTo(run);
    }

    @Test
    void aRunStopsAtItsEndDate() throws Exception {
        String draft = faultyDraft();
        long run = start(draft, OffsetDateTime.now().plusSeconds(2), null).get("id").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200).get("status").asString().equals("STOPPED"));
        assertThat(call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200).get("stopReason").asString()).isEqualTo("END_DATE");
        postCase(withoutFindings(example("B2026-0601-10", null, null)));
        Thread.sleep(500);
        assertThat(call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200).get("shadowed").asLong()).isZero();
    }

    @Test
    void badRequestsAreRefusedInWords() throws Exception {
        assertThat(call(post("/api/shadow-runs").with(LI_NA), Map.of(), 400).at("/errors/0/field").asString()).isEqualTo("draftVersion");
        String version = jdbc.sql("select version from ruleset_version order by created_at limit 1").query(String.class).single();
        assertThat(call(post("/api/shadow-runs").with(LI_NA), Map.of("draftVersion", version, "endsAt", "2020-01-01T00:00:00+08:00"), 400)
                .at("/errors/0/field").asString()).isEqualTo("endsAt");
        assertThat(call(post("/api/shadow-runs").with(LI_NA), Map.of("draftVersion", version, "maxCases", 0), 400)
                .at("/errors/0/field").asString()).isEqualTo("maxCases");
        call(post("/api/shadow-runs").with(LI_NA), Map.of("draftVersion", "no-such-version"), 422);
        call(post("/api/shadow-runs").with(LI_NA), Map.of("draftVersion", version, "maxCases", "many"), 400);
        call(get("/api/shadow-runs/999999").with(AUDITOR), null, 404);
        call(get("/api/shadow-runs/999999/differences").with(AUDITOR), null, 404);
        // who may
        mvc.perform(post("/api/shadow-runs").with(AUDITOR).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isForbidden());
        mvc.perform(post("/api/shadow-runs").with(CRM).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isForbidden());
        mvc.perform(get("/api/shadow-runs").with(CRM))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isForbidden());
        JsonNode zh = json.readTree(mvc.perform(post("/api/shadow-runs").with(LI_NA).header("Accept-Language", "zh-CN")
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(zh.get("detail").asString()).contains("草稿");
    }

    @Test
    void theConsoleShowsRunsAndOnlyThoseWhoMayStartOrStopThem() throws Exception {
        String draft = drafts.create(Map.of("decision-tables/validity-period.xlsx",
                        Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, 36)), List.of(), "primers 36 months",
                new Drafts.Author("author.wang", false)).version();
        // an auditor may not start one; a quality manager starts it from the form
        mvc.perform(post("/console/shadow-runs").with(AUDITOR).with(csrf()).param("draftVersion", draft))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isForbidden());
        String location = mvc.perform(post("/console/shadow-runs").with(LI_NA).with(csrf()).param("draftVersion", draft)
                        .param("maxCases", "10").param("endsAt", "2099-01-01T08:00"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();
        long run = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        JsonNode old = postCase(example("B2024-0501-04", "PRIMER", "2024-05-01"));
        awaitShadowed(run, 1);

        String list = page(get("/console/shadow-runs").with(LI_NA));
        assertThat(list).contains("id=\"nav-shadow\"").contains("id=\"shadow-form\"").contains("data-run=\"" + run + "\"");
        String listAuditor = page(get("/console/shadow-runs").with(AUDITOR));
        assertThat(listAuditor).contains("id=\"nav-shadow\"").doesNotContain("id=\"shadow-form\"");
        mvc.perform(get("/console/shadow-runs").with(user("author").roles("RULE_AUTHOR")))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isForbidden());

        String detail = page(get("/console/shadow-runs/" + run).with(AUDITOR));
        assertThat(detail).contains("id=\"shadow-agreement\"").contains("data-shadowed=\"1\"")
                .contains("/console/cases/" + old.get("caseId").asLong()).contains("data-type=\"WARRANTY\"")
                .contains("id=\"shadow-money\"").doesNotContain("id=\"shadow-stop\"")
                .doesNotContain(" style=").doesNotContain("<script>");
        String detailZh = page(get("/console/shadow-runs/" + run).with(LI_NA).header("Accept-Language", "zh-CN"));
        assertThat(detailZh).contains("一致率").contains("id=\"shadow-stop\"");
        assertThat(page(get("/console/shadow-runs/" + run).param("type", "WARRANTY").with(LI_NA))).contains("id=\"shadow-all-types\"");

        // the activation step shows the shadow agreement beside the impact, in the API and on the version's page
        JsonNode evidence = call(get("/api/rulesets/" + draft + "/activation-evidence").with(AUDITOR), null, 200);
        assertThat(evidence.at("/shadow/runId").asLong()).isEqualTo(run);
        assertThat(evidence.at("/shadow/shadowed").asLong()).isEqualTo(1);
        assertThat(evidence.at("/shadow/agreementRate").asDouble()).isZero();
        assertThat(page(get("/console/rulesets/" + draft).with(LI_NA))).contains("id=\"shadow-seen\"")
                .contains("/console/shadow-runs/" + run);

        // stopped from its page, by those who may
        mvc.perform(post("/console/shadow-runs/" + run + "/stop").with(AUDITOR).with(csrf()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isForbidden());
        mvc.perform(post("/console/shadow-runs/" + run + "/stop").with(ANALYST).with(csrf()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().is3xxRedirection());
        assertThat(page(get("/console/shadow-runs/" + run).with(LI_NA))).contains("data-reason=\"BY_HAND\"").doesNotContain("hx-get");
        // a second stop is refused in words
        mvc.perform(post("/console/shadow-runs/" + run + "/stop").with(ANALYST).with(csrf()))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isConflict());
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        var response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getHeader("Content-Security-Policy")).doesNotContain("unsafe-inline");
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    // --- helpers ---

    private String faultyDraft() {
        Drafts.Draft draft = drafts.create(Map.of("rules/shadow-faults.drl", FAULTS.getBytes(StandardCharsets.UTF_8)), List.of(),
                "faults on some batches", new Drafts.Author("author.wang", true));
        assertThat(draft.validation().valid()).as(draft.validation().toString()).isTrue();
        return draft.version();
    }

    private JsonNode start(String version, OffsetDateTime endsAt, Long maxCases) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("draftVersion", version);
        if (endsAt != null) body.put("endsAt", endsAt.toString());
        if (maxCases != null) body.put("maxCases", maxCases);
        return call(post("/api/shadow-runs").with(LI_NA), body, 201);
    }

    private JsonNode awaitShadowed(long run, long n) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200).get("shadowed").asLong() >= n);
        return call(get("/api/shadow-runs/" + run).with(AUDITOR), null, 200);
    }

    private static Map<String, Long> byType(JsonNode run) {
        Map<String, Long> counts = new HashMap<>();
        run.get("differencesByType").forEach(t -> counts.put(t.get("type").asString(), t.get("count").asLong()));
        return counts;
    }

    private static String warranty(JsonNode answer) {
        for (JsonNode d : answer.at("/evaluation/decisions")) {
            if (d.get("type").asString().equals("WARRANTY")) return d.get("value").asString();
        }
        return null;
    }

    /** What the caller is answered, less what differs from one recorded case to the next (ids, times, reference). */
    private static String answer(JsonNode answer) {
        return answer.at("/evaluation/decisions").toString() + answer.at("/evaluation/firedRules") + answer.at("/evaluation/rulesetVersion");
    }

    /** The example case with a new reference, a batch, and optionally another product category and production date. */
    private String example(String batch, String category, String productionDate) throws Exception {
        ObjectNode c = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        c.put("externalRef", "SHADOW-" + System.nanoTime() + "-" + (++refs));
        c.put("batchNumber", batch);
        if (category != null) {
            ((ObjectNode) c.get("product")).put("category", category);
            ((ObjectNode) c.get("product")).put("code", "PR-400");
        }
        if (productionDate != null) c.put("productionDate", productionDate);
        return json.writeValueAsString(c);
    }

    /** A case not investigated yet: it adds no confirmed defect, so the answers to later cases do not depend on it. */
    private String withoutFindings(String body) {
        ObjectNode c = (ObjectNode) json.readTree(body);
        c.remove("findings");
        return json.writeValueAsString(c);
    }

    private JsonNode postCase(String body) throws Exception {
        var response = mvc.perform(post("/api/cases").with(CRM).contentType(MediaType.APPLICATION_JSON).content(body))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private JsonNode call(MockHttpServletRequestBuilder request, Map<String, ?> body, int status) {
        try {
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
            }
            var result = mvc.perform(request).andReturn().getResponse();
            assertThat(result.getStatus()).as(result.getContentAsString()).isEqualTo(status);
            return json.readTree(result.getContentAsString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
