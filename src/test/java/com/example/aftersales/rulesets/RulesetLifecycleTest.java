package com.example.aftersales.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.OneQualityManagerContext;
import com.example.aftersales.Workbooks;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.BothDatabases;

/** Drafts with their validation report, activation without a failed request, roll back, and the history of it. */
@BothDatabases
@WithMockUser(roles = "ADMIN")
@OneQualityManagerContext // not about governance (GovernedActivationTest): one quality manager activates
class RulesetLifecycleTest {

    /** A rule that changes nothing (no case has a negative quantity): a valid draft that changes rule code. */
    static final String HARMLESS_RULE = """
            package aftersales.policy;
            import com.example.aftersales.policy.facts.*;

            rule "Notice: never for a case of no products"
                @clause("P20")
            when
                CaseFacts( quantity < 0 )
            then
                insert( Decision.of( kcontext, "NOTICE_CIRCULATION", "REQUIRED", "never" ) );
            end
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    PolicyEngine engine;
    @Autowired
    RulesetStore store;

    private final String shipped = com.example.aftersales.policy.RuleFiles.load(Path.of(".")).version();

    @AfterEach
    void backToTheShippedRules() {
        store.activate(shipped, "test over", "test");
    }

    @Test
    void aDraftWithABrokenCellIsRefusedWithTheCellNamedAndCannotBeActivated() throws Exception {
        JsonNode draft = draft(new MockMultipartFile("files", "approval-authority.xlsx", "application/octet-stream",
                Workbooks.withCell("decision-tables/approval-authority.xlsx", 10, 2, "abc")));
        assertThat(draft.at("/validation/valid").asBoolean()).isFalse();
        JsonNode error = draft.at("/validation/errors/0");
        assertThat(error.get("file").asString()).isEqualTo("decision-tables/approval-authority.xlsx");
        assertThat(error.get("sheet").asString()).isEqualTo("Authority");
        assertThat(error.get("row").asInt()).isEqualTo(11);
        assertThat(error.get("column").asString()).isEqualTo("C");
        mvc.perform(post("/api/rulesets/" + draft.get("version").asString() + "/activate")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"try\"}"))
                .andExpect(status().isConflict());
        assertThat(engine.active().version()).isEqualTo(shipped);
    }

    @Test
    void notesAboveTheTableAreNeitherCodeNorAChange() throws Exception {
        JsonNode draft = draft(new MockMultipartFile("files", "validity-period.xlsx", "application/octet-stream",
                Workbooks.withCell("decision-tables/validity-period.xlsx", 1, 0, "productCategory != \"$param\"")));
        assertThat(draft.at("/validation/valid").asBoolean()).as(draft.toString()).isTrue();
        assertThat(draft.at("/validation/warnings")).as("a workbook is data: no code change").isEmpty();
    }

    @Test
    void aGapBetweenApprovalTiersIsAnErrorAtTheRowAfterIt() throws Exception {
        JsonNode draft = draft(new MockMultipartFile("files", "approval-authority.xlsx", "application/octet-stream",
                Workbooks.withCell("decision-tables/approval-authority.xlsx", 10, 2, 15000))); // row 11 up to 15,000; row 12 above 20,000
        assertThat(draft.at("/validation/valid").asBoolean()).isFalse();
        JsonNode error = draft.at("/validation/errors/0");
        assertThat(error.get("row").asInt()).isEqualTo(12);
        assertThat(error.get("column").asString()).isEqualTo("B");
        assertThat(error.get("message").asString()).contains("gap").contains("15000").contains("20000");
    }

    @Test
    void aDraftThatChangesWhatAScenarioPinsListsTheFailingScenario() throws Exception {
        JsonNode draft = draft(new MockMultipartFile("files", "major-incident.xlsx", "application/octet-stream",
                Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 10000)));
        assertThat(draft.at("/validation/valid").asBoolean()).isFalse();
        assertThat(draft.at("/validation/errors")).isEmpty();
        assertThat(draft.at("/validation/warnings")).as("a changed value is not a code change").isEmpty();
        List<String> failing = new ArrayList<>();
        draft.at("/validation/scenarioFailures").forEach(f -> failing.add(f.get("scenario").asString()));
        assertThat(failing).contains("scenarios/p15-no-major-incident-19999-99.yaml");
    }

    @Test
    void aValidDraftIsActivatedWithoutAFailedRequestAndRolledBack() throws Exception {
        JsonNode draft = draft(new MockMultipartFile("files", "notices.drl", "text/plain",
                HARMLESS_RULE.getBytes(StandardCharsets.UTF_8)));
        assertThat(draft.at("/validation/valid").asBoolean()).as(draft.toString()).isTrue();
        assertThat(draft.at("/validation/warnings").toString()).contains("rule code, not only data: rules/notices.drl");
        String version = draft.get("version").asString();
        String example = Files.readString(Path.of("docs/examples/case.json"));

        ExecutorService load = Executors.newFixedThreadPool(4);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(load.submit(() -> {
                int failed = 0;
                while (running.get()) {
                    int code = mvc.perform(post("/api/evaluate").contentType(MediaType.APPLICATION_JSON).content(example)
                                    .with(user("crm").roles("SYSTEM"))) // the test's own user lives on the test's thread only
                            .andReturn().getResponse().getStatus();
                    if (code != 200) failed++;
                }
                return failed;
            }));
        }
        for (int i = 0; i < 3; i++) {
            mvc.perform(post("/api/rulesets/" + version + "/activate").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"comment\": \"notices rule\"}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.toVersion").value(version));
            mvc.perform(post("/api/evaluate").contentType(MediaType.APPLICATION_JSON).content(example))
                    .andExpect(jsonPath("$.evaluation.rulesetVersion").value(version));
            mvc.perform(post("/api/rulesets/" + shipped + "/activate").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"comment\": \"roll back\"}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.fromVersion").value(version));
        }
        running.set(false);
        for (Future<Integer> client : clients) {
            assertThat(client.get()).as("failed requests during activations").isZero();
        }
        load.shutdown();

        assertThat(engine.active().version()).isEqualTo(shipped);
        mvc.perform(get("/api/rulesets/activations"))
                .andExpect(jsonPath("$[0].toVersion").value(shipped))
                .andExpect(jsonPath("$[0].comment").value("roll back"))
                .andExpect(jsonPath("$[1].toVersion").value(version));
        mvc.perform(get("/api/rulesets/" + version)).andExpect(jsonPath("$.origin").value("DRAFT"));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("the README's example: a quality manager alone lowers the P15 threshold to 10,000, accepts the scenario it changes, and activates it")
    void aQualityManagerAloneLowersTheMajorIncidentThreshold() throws Exception {
        var manager = user("li.na").roles("QUALITY_MANAGER");
        byte[] workbook = mvc.perform(get("/api/rulesets/" + shipped + "/files/decision-tables/major-incident.xlsx").with(manager))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        JsonNode draft = json.readTree(mvc.perform(multipart("/api/rulesets/drafts").with(manager)
                        .file(new MockMultipartFile("files", "major-incident.xlsx", "application/octet-stream",
                                Workbooks.withCell(workbook, 9, 2, 10000)))
                        .param("comment", "P15 at 10,000 CNY"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        assertThat(draft.at("/validation/valid").asBoolean()).isFalse();
        assertThat(draft.at("/validation/scenarioFailures/0/scenario").asString()).isEqualTo("scenarios/p15-no-major-incident-19999-99.yaml");
        assertThat(draft.at("/validation/scenarioFailures").size()).isEqualTo(1);

        JsonNode accepted = json.readTree(mvc.perform(post("/api/rulesets/" + draft.get("version").asString() + "/scenarios/accept")
                        .with(manager).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scenarios\": [\"scenarios/p15-no-major-incident-19999-99.yaml\"], \"comment\": \"QD decided on 10,000 CNY\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        String version = accepted.get("version").asString();
        assertThat(accepted.at("/validation/valid").asBoolean()).as(accepted.toString()).isTrue();
        String scenario = mvc.perform(get("/api/rulesets/" + version + "/files/scenarios/p15-no-major-incident-19999-99.yaml").with(manager))
                .andReturn().getResponse().getContentAsString();
        assertThat(scenario).contains("MAJOR_INCIDENT", "REPORT_TO_LEADERS", "by li.na: QD decided on 10,000 CNY");
        mvc.perform(post("/api/rulesets/" + version + "/impact").param("days", "30").with(manager)).andExpect(status().isAccepted());

        mvc.perform(post("/api/rulesets/" + version + "/activate").with(manager).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"comment\": \"approved by QD\"}"))
                .andExpect(status().isOk());
        String example = Files.readString(Path.of("docs/examples/case.json")).replace("\"directLossCny\": 25000", "\"directLossCny\": 15000");
        assertThat(example).contains("15000");
        mvc.perform(post("/api/evaluate").with(user("crm").roles("SYSTEM")).contentType(MediaType.APPLICATION_JSON).content(example))
                .andExpect(jsonPath("$.evaluation.rulesetVersion").value(version))
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'MAJOR_INCIDENT')].source")
                        .value("decision-tables/major-incident.xlsx!Threshold!10"));
    }

    @Test
    void identicalFilesUploadedAgainAnswerTheVersionAsStored() throws Exception {
        MockMultipartFile file = new MockMultipartFile("files", "major-incident.xlsx", "application/octet-stream",
                Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 19000));
        JsonNode first = draft(file);
        JsonNode again = draft(file);
        assertThat(again.get("version").asString()).isEqualTo(first.get("version").asString());
        assertThat(again.get("validation")).isEqualTo(first.get("validation"));
        assertThat(again.get("comment").asString()).isEqualTo("test draft");
    }

    @Test
    void reloadingTheUnchangedRulesFolderKeepsTheActiveVersion() throws Exception {
        mvc.perform(post("/api/rulesets/reload"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(shipped))
                .andExpect(jsonPath("$.validation.valid").value(true));
        assertThat(engine.active().version()).isEqualTo(shipped);
    }

    private JsonNode draft(MockMultipartFile file) throws Exception {
        String body = mvc.perform(multipart("/api/rulesets/drafts").file(file).param("comment", "test draft"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return json.readTree(body);
    }
}
