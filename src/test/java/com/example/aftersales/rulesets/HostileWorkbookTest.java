package com.example.aftersales.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import static com.example.aftersales.rulesets.HostileWorkbooks.MAJOR;
import static com.example.aftersales.rulesets.HostileWorkbooks.REMEDY;
import static com.example.aftersales.rulesets.HostileWorkbooks.VALIDITY;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.OneQualityManagerContext;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.rulesets.HostileWorkbooks.Canary;

/**
 * Workbooks made to run code: each attack is a quality manager's draft (API, and the console for the first ones), an
 * analyst's replay upload (API and console), and the activation and impact of whatever got stored. A canary file that
 * only code running on the server would write must never appear; every attack ends refused, or in a version that can
 * be neither activated nor replayed for impact.
 */
@OneQualityManagerContext // not about governance (GovernedActivationTest): one quality manager activates
class HostileWorkbookTest {

    private static final RequestPostProcessor MANAGER = user("manager").roles("QUALITY_MANAGER");
    private static final RequestPostProcessor ANALYST = user("analyst").roles("ANALYST");
    private static final RequestPostProcessor AUTHOR = user("author").roles("RULE_AUTHOR");
    private static final String REPLAY_REQUEST = "{\"from\": \"2020-01-01\", \"to\": \"2020-01-02\"}";

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    RulesetStore store;

    private final String shipped = RuleFiles.load(Path.of(".")).version();
    private Canary canary;

    @BeforeEach
    void newCanary() {
        canary = Canary.create();
    }

    @AfterEach
    void theCanaryNeverRan() {
        try {
            assertThat(canary.ran()).as("code from an upload ran on the server: " + canary.file()).isFalse();
        } finally {
            store.activate(shipped, "test over", "test");
        }
    }

    /** Where a refusal must point, and words it must say. */
    record At(String file, String sheet, Integer row, String column, String words) {
        boolean matches(JsonNode e) {
            return file.equals(text(e.get("file"))) && (sheet == null || sheet.equals(text(e.get("sheet"))))
                    && (row == null || e.get("row") != null && row == e.get("row").asInt())
                    && (column == null || column.equals(text(e.get("column"))))
                    && text(e.get("message")) != null && text(e.get("message")).contains(words);
        }
    }

    private static At at(String file, String sheet, Integer row, String column, String words) {
        return new At(file, sheet, row, column, words);
    }

    @Test
    @DisplayName("control: the canary notices code that runs (a rule author's DRL that writes it, run by the scenarios)")
    void theCanaryNoticesCodeThatRuns() throws Exception {
        JsonNode draft = draft(AUTHOR, file("pwned.drl", HostileWorkbooks.drl(canary.code())));
        assertThat(draft.at("/validation/valid").asBoolean()).as(draft.toString()).isTrue();
        assertThat(canary.ran()).isTrue();
        Files.delete(canary.file());
    }

    @Test
    @DisplayName("1. a second table in Drools' spreadsheet syntax with code, below or beside the table")
    void droolsSyntaxInASecondTable() throws Exception {
        refused("major-incident.xlsx", HostileWorkbooks.droolsTable(canary.code(), 11, 0),
                at(MAJOR, "Threshold", 12, "A", "Drools"), true);
        refused("major-incident.xlsx", HostileWorkbooks.droolsTable(canary.code(), 11, 5),
                at(MAJOR, "Threshold", 12, "F", "Drools"), true);

        // the stored draft named in a replay: refused at once (422 naming the cell), no run is started
        String version = draft(MANAGER, file("major-incident.xlsx", HostileWorkbooks.droolsTable(canary.code(), 11, 0)))
                .get("version").asString();
        JsonNode problem = body(mvc.perform(post("/api/replays").with(ANALYST).contentType(MediaType.APPLICATION_JSON)
                .content("{\"candidate\": {\"rulesetVersion\": \"" + version + "\"}, \"from\": \"2020-01-01\", \"to\": \"2020-01-02\"}"))
                .andExpect(status().isUnprocessableContent()));
        assertThat(problem.at("/errors/0/file").asString()).isEqualTo(MAJOR);
        assertThat(problem.at("/errors/0/row").asInt()).isEqualTo(12);
    }

    @Test
    @DisplayName("2. Functions and Queries rows with code (old Drools keywords in column A), above the table or in it")
    void functionsAndQueriesRows() throws Exception {
        refused("major-incident.xlsx", HostileWorkbooks.functionsAndQueriesAbove(canary.code()),
                at(MAJOR, "Threshold", 7, "A", "Drools"), true);
        refused("major-incident.xlsx", HostileWorkbooks.functionsRowInTable(canary.code()),
                at(MAJOR, "Threshold", 11, "A", "Drools"), true);
    }

    @Test
    @DisplayName("3. a label merged over the value cell C10")
    void labelMergedOverTheValue() throws Exception {
        refused("major-incident.xlsx", HostileWorkbooks.labelMergedOverValue(canary.code()),
                at(MAJOR, "Threshold", 10, "B", "B10:C10 are merged"), true);
    }

    @Test
    @DisplayName("4. a custom number format on C10 that reads as code, or hides the value; plain formats still do")
    void numberFormatOnTheValue() throws Exception {
        refused("major-incident.xlsx", HostileWorkbooks.numberFormatOnValue(canary.code()),
                at(MAJOR, "Threshold", 10, "C", "number format"), false);
        refused("major-incident.xlsx", HostileWorkbooks.withFormat(MAJOR, 9, 2, ";;;"),
                at(MAJOR, "Threshold", 10, "C", "number format"), false);
        for (String plain : List.of("#,##0.00", "[$¥-804]#,##0")) {
            JsonNode draft = draft(MANAGER, file("major-incident.xlsx", HostileWorkbooks.withFormat(MAJOR, 9, 2, plain)));
            assertThat(draft.at("/validation/valid").asBoolean()).as(plain + ": " + draft).isTrue();
        }
    }

    @Test
    @DisplayName("5. a code cell's formula naming a defined name whose text breaks out of a string")
    void definedNameInACodeCell() throws Exception {
        refused("remedy-matrix.xlsx", HostileWorkbooks.definedNameInCodeCell(canary.code()),
                at(REMEDY, "Remedy", 10, "E", "is not a code"), false);
    }

    @Test
    @DisplayName("6. the table on a hidden sheet; a second table or Drools code on a very hidden sheet; a hidden row or column")
    void hiddenSheets() throws Exception {
        refused("validity-period.xlsx", HostileWorkbooks.hiddenRow(), at(VALIDITY, "Validity", 15, "A", "hidden"), false);
        refused("major-incident.xlsx", HostileWorkbooks.hiddenColumn(), at(MAJOR, "Threshold", 9, "B", "hidden"), false);
        refused("major-incident.xlsx", HostileWorkbooks.tableOnHiddenSheet(),
                at(MAJOR, "Hidden", null, null, "hidden sheet"), false);
        refused("major-incident.xlsx", HostileWorkbooks.secondTableOnVeryHiddenSheet(),
                at(MAJOR, "VeryHidden", 9, "A", "a second table"), false);
        refused("major-incident.xlsx", HostileWorkbooks.droolsOnVeryHiddenSheet(canary.code()),
                at(MAJOR, "Rules", 1, "A", "Drools"), false);
    }

    @Test
    @DisplayName("7. a DRL file from a quality manager or an analyst: 403 before anything is read, nothing stored")
    void drlFromAManagerOrAnAnalyst() throws Exception {
        byte[] drl = HostileWorkbooks.drl(canary.code()).getBytes(StandardCharsets.UTF_8);
        forbidden(List.of(file("pwned.drl", drl)), "rules/pwned.drl");
        forbidden(List.of(file("pwned.DRL", drl)), "rules/pwned.DRL");
        forbidden(List.of(file("pwned.drl", drl), file("major-incident.xlsx", Files.readAllBytes(Path.of(MAJOR)))), "rules/pwned.drl");
        int versions = versionCount();
        mvc.perform(multipart("/api/rulesets/drafts").param("remove", "rules/remedy.drl").with(MANAGER))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(versionCount()).isEqualTo(versions);
    }

    @Test
    @DisplayName("8. a table definition (.table.yaml) from a quality manager or an analyst: 403, nothing stored")
    void tableDefinitionFromAManagerOrAnAnalyst() throws Exception {
        byte[] yaml = HostileWorkbooks.tableDefinition(canary.code()).getBytes(StandardCharsets.UTF_8);
        forbidden(List.of(file("major-incident.table.yaml", yaml)), "rules/major-incident.table.yaml");
    }

    @Test
    @DisplayName("9. an analyst's uploaded files become activatable only when valid; one failing a scenario is stored, refused at activation and impact")
    void anAnalystsReplayUploadIsActivatedOnlyWhenValid() throws Exception {
        byte[] valid = HostileWorkbooks.withRowAdded(VALIDITY, "Validity: seismic charge", "SEISMIC_CHARGE", 12, "P12");
        String version = replayUpload("validity-period.xlsx", valid);
        JsonNode stored = body(mvc.perform(get("/api/rulesets/" + version).with(MANAGER)).andExpect(status().isOk()));
        assertThat(stored.get("origin").asString()).isEqualTo("REPLAY_UPLOAD");
        assertThat(stored.get("valid").asBoolean()).isTrue();
        activate(version).andExpect(status().isOk());

        byte[] lower = HostileWorkbooks.edit(MAJOR, wb -> {
            HostileWorkbooks.cell(wb.getSheetAt(0), 9, 0).setCellValue("Major incident: direct loss of 10,000 CNY or more");
            HostileWorkbooks.cell(wb.getSheetAt(0), 9, 2).setCellValue(10000);
        });
        String failing = replayUpload("major-incident.xlsx", lower);
        stored = body(mvc.perform(get("/api/rulesets/" + failing).with(MANAGER)).andExpect(status().isOk()));
        assertThat(stored.get("origin").asString()).isEqualTo("REPLAY_UPLOAD");
        assertThat(stored.get("valid").asBoolean()).isFalse();
        neitherActivatedNorImpactRun(failing);
    }

    @Test
    @DisplayName("10. a sheet of 92 MB of XML in 2 MB, six at once; a chain of 10,000 formulas; nested entities; 300 sheets: refused by their bound, never a 5xx")
    void bounds() throws Exception {
        List<byte[]> bombs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bombs.add(HostileWorkbooks.inflatingSheet(92, i));
        }
        assertThat(bombs.get(0).length).as("small on the wire").isBetween(1 << 20, 3 << 20);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<MvcResult>> answers = new ArrayList<>();
        for (byte[] bomb : bombs) {
            answers.add(threads.submit(() -> mvc.perform(multipart("/api/rulesets/drafts")
                    .file(file("major-incident.xlsx", bomb)).with(user("manager").roles("QUALITY_MANAGER"))).andReturn()));
        }
        At part = at(MAJOR, null, null, null, "(xl/worksheets/sheet1.xml) inflates to more than 8 MB");
        for (Future<MvcResult> answer : answers) {
            MvcResult result = answer.get();
            int status = result.getResponse().getStatus();
            String body = result.getResponse().getContentAsString();
            if (status == 201) {
                JsonNode draft = json.readTree(body);
                assertThat(draft.at("/validation/valid").asBoolean()).as(body).isFalse();
                assertError(draft.at("/validation/errors"), part);
            } else {
                assertThat(status).as(body).isBetween(400, 499);
            }
        }
        threads.shutdown();
        refused("major-incident.xlsx", bombs.get(0), part, false);
        // the refused draft is stored: the console's pages showing its workbook keep to the same bounds
        String stored = draft(MANAGER, file("major-incident.xlsx", bombs.get(0))).get("version").asString();
        assertThat(mvc.perform(get("/console/rulesets/diff?left=" + shipped + "&right=" + stored).with(user("auditor").roles("AUDITOR")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).contains("inflates to more than 8 MB");
        mvc.perform(get("/console/rulesets/" + stored + "/view?source=" + MAJOR + "!Threshold!10").with(user("auditor").roles("AUDITOR")))
                .andExpect(status().isOk());

        refused("major-incident.xlsx", HostileWorkbooks.formulaChain(10_000), at(MAJOR, "Threshold", 10, "C", "formula"), false);
        refused("major-incident.xlsx", HostileWorkbooks.entityExpansion(), at(MAJOR, null, null, null, "cannot be read"), false);
        refused("major-incident.xlsx", HostileWorkbooks.sheets(300, false), at(MAJOR, null, null, null, "more than 20 sheets"), false);
        refused("major-incident.xls", HostileWorkbooks.sheets(300, true),
                at("decision-tables/major-incident.xls", null, null, null, "300 sheets; a decision-table workbook has at most 20"), false);
    }

    /** Control characters are written as Excel writes them in .xlsx (_x0007_); POI would write '?' for the character itself. */
    @Test
    @DisplayName("11. control characters and 3000 characters are refused at the cell; quotes, */ and \\u0022 decide, shown verbatim")
    void hostileText() throws Exception {
        refused("major-incident.xlsx", HostileWorkbooks.withText(MAJOR, 9, 0, "Major incident_x0007_: direct loss of 20,000 CNY or more"),
                at(MAJOR, "Threshold", 10, "A", "control character (U+0007)"), false);
        refused("remedy-matrix.xlsx", HostileWorkbooks.withText(REMEDY, 9, 6, "Repair it._x0000_\"); " + canary.code() + "; //"),
                at(REMEDY, "Remedy", 10, "G", "control character (U+0000)"), false);
        refused("major-incident.xlsx", HostileWorkbooks.withText(MAJOR, 9, 0, "Major incident " + "x".repeat(3000)),
                at(MAJOR, "Threshold", 10, "A", "longer than 2000 characters"), false);

        String name = "Validity: shock tube \"quoted\" */ \\u0022 end";
        JsonNode draft = draft(MANAGER, file("validity-period.xlsx",
                HostileWorkbooks.withRowAdded(VALIDITY, name, "SHOCK_TUBE", 12, "P12")));
        assertThat(draft.at("/validation/valid").asBoolean()).as(draft.toString()).isTrue();
        activate(draft.get("version").asString()).andExpect(status().isOk());
        String shockTube = Files.readString(Path.of("docs/examples/case.json")).replace("EMULSION_EXPLOSIVE", "SHOCK_TUBE");
        JsonNode evaluation = body(mvc.perform(post("/api/evaluate").with(user("crm").roles("SYSTEM"))
                .contentType(MediaType.APPLICATION_JSON).content(shockTube)).andExpect(status().isOk()));
        JsonNode warranty = null;
        for (JsonNode d : evaluation.at("/evaluation/decisions")) {
            if ("WARRANTY".equals(d.get("type").asString())) warranty = d;
        }
        assertThat(warranty).as(evaluation.toString()).isNotNull();
        assertThat(warranty.get("rule").asString()).isEqualTo(name);
        assertThat(warranty.get("source").asString()).isEqualTo(VALIDITY + "!Validity!15");
    }

    // ---- the paths of an attack

    /**
     * A quality manager's draft of the workbook is stored but not valid, with the error {@code at}, and can be neither
     * activated nor replayed for impact; an analyst's replay of it is refused (422, naming the cell) by the API and the
     * console, storing nothing; with {@code console}, a quality manager's draft in the console shows the same error.
     */
    private void refused(String upload, byte[] workbook, At at, boolean console) throws Exception {
        JsonNode draft = draft(MANAGER, file(upload, workbook));
        assertThat(draft.at("/validation/valid").asBoolean()).as(draft.toString()).isFalse();
        assertError(draft.at("/validation/errors"), at);
        String version = draft.get("version").asString();
        neitherActivatedNorImpactRun(version);

        int versions = versionCount();
        JsonNode problem = body(mvc.perform(replay(upload, workbook).with(ANALYST))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
        assertError(problem.get("errors"), at);

        String page = mvc.perform(consoleReplay(upload, workbook).with(ANALYST).with(csrf()))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"rule-errors\"", "<td>" + at.file() + "</td>", HtmlUtils.htmlEscape(at.words()));
        if (at.row() != null && at.column() != null) {
            assertThat(page).contains("<td>" + at.row() + "</td><td>" + at.column() + "</td>");
        }
        assertThat(versionCount()).as("an analyst's refused upload stores nothing").isEqualTo(versions);

        if (console) {
            String location = mvc.perform(multipart("/console/rulesets/drafts").file(file(upload, workbook))
                            .param("comment", "hostile").with(MANAGER).with(csrf()))
                    .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
            assertThat(location).isEqualTo("/console/rulesets/" + version);
            String draftPage = mvc.perform(get(location).with(MANAGER)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            assertThat(draftPage).contains("id=\"validation-invalid\"", at.file(), HtmlUtils.htmlEscape(at.words()));
            if (at.row() != null && at.column() != null) {
                assertThat(draftPage).contains(">" + at.column() + at.row() + "<");
            }
        }
    }

    /** Rule code from a quality manager (draft, API and console) and an analyst (replay, API and console): 403, nothing stored. */
    private void forbidden(List<MockMultipartFile> files, String named) throws Exception {
        int versions = versionCount();
        MockMultipartHttpServletRequestBuilder draft = multipart("/api/rulesets/drafts");
        MockMultipartHttpServletRequestBuilder replay = multipart("/api/replays");
        replay.file(new MockMultipartFile("request", "", "application/json", REPLAY_REQUEST.getBytes(StandardCharsets.UTF_8)));
        MockMultipartHttpServletRequestBuilder consoleDraft = multipart("/console/rulesets/drafts");
        MockMultipartHttpServletRequestBuilder consoleReplay = multipart("/console/replays");
        consoleReplay.param("from", "2020-01-01").param("to", "2020-01-02");
        for (MockMultipartFile f : files) {
            draft.file(f);
            replay.file(f);
            consoleDraft.file(f);
            consoleReplay.file(f);
        }
        for (var api : List.of(draft.with(MANAGER), replay.with(ANALYST))) {
            JsonNode problem = body(mvc.perform(api).andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
            assertThat(problem.get("files").toString()).contains(named);
        }
        for (var page : List.of(consoleDraft.with(MANAGER).with(csrf()), consoleReplay.with(ANALYST).with(csrf()))) {
            assertThat(mvc.perform(page).andExpect(status().isForbidden()).andReturn().getResponse().getContentAsString())
                    .contains(named);
        }
        assertThat(versionCount()).isEqualTo(versions);
    }

    private void neitherActivatedNorImpactRun(String version) throws Exception {
        JsonNode problem = body(activate(version).andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
        assertThat(problem.get("detail").asString()).contains(version);
        mvc.perform(post("/api/rulesets/" + version + "/impact?days=30").with(ANALYST))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/api/rulesets/" + version + "/impact?days=30").with(MANAGER)).andExpect(status().isConflict());
        assertThat(body(mvc.perform(get("/api/rulesets/" + version).with(MANAGER))).get("valid").asBoolean()).isFalse();
    }

    private org.springframework.test.web.servlet.ResultActions activate(String version) throws Exception {
        return mvc.perform(post("/api/rulesets/" + version + "/activate").with(MANAGER)
                .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"hostile\"}"));
    }

    /** An analyst's replay of uploaded files, accepted: the version it stored. */
    private String replayUpload(String upload, byte[] workbook) throws Exception {
        JsonNode run = body(mvc.perform(replay(upload, workbook).with(ANALYST)).andExpect(status().isAccepted()));
        JsonNode found = body(mvc.perform(get("/api/replays/" + run.get("id").asLong()).with(ANALYST)).andExpect(status().isOk()));
        return found.at("/candidate/rulesetVersion").asString();
    }

    private MockMultipartHttpServletRequestBuilder replay(String upload, byte[] workbook) {
        return multipart("/api/replays")
                .file(new MockMultipartFile("request", "", "application/json", REPLAY_REQUEST.getBytes(StandardCharsets.UTF_8)))
                .file(file(upload, workbook));
    }

    private MockMultipartHttpServletRequestBuilder consoleReplay(String upload, byte[] workbook) {
        MockMultipartHttpServletRequestBuilder request = multipart("/console/replays").file(file(upload, workbook));
        request.param("from", "2020-01-01").param("to", "2020-01-02").param("baseline", "RECORDED");
        return request;
    }

    private JsonNode draft(RequestPostProcessor who, MockMultipartFile file) throws Exception {
        return body(mvc.perform(multipart("/api/rulesets/drafts").file(file).param("comment", "hostile").with(who))
                .andExpect(status().isCreated()));
    }

    private int versionCount() throws Exception {
        return body(mvc.perform(get("/api/rulesets").with(ANALYST)).andExpect(status().isOk())).size();
    }

    private JsonNode body(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private static void assertError(JsonNode errors, At at) {
        List<JsonNode> all = new ArrayList<>();
        errors.forEach(all::add);
        assertThat(all).as("an error at %s", at).anyMatch(at::matches);
    }

    private static MockMultipartFile file(String name, byte[] bytes) {
        return new MockMultipartFile("files", name, "application/octet-stream", bytes);
    }

    private static MockMultipartFile file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asString();
    }
}
