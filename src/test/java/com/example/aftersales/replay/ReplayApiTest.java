package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.Workbooks;
import com.example.aftersales.bench.HttpLoad;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.policy.PolicyEngine;

/**
 * Replays over a generated history of recorded cases: the recording rules give no change; a lowered threshold
 * changes exactly the cases it should; a longer window sees only the prior defects each evaluation recorded.
 */
@WithMockUser(roles = "ADMIN")
@SpringBootTest(properties = "aftersales.test.database=replays")
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayApiTest {

    static final int CASES = 400;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    CaseService cases;
    @Autowired
    PolicyEngine engine;

    @BeforeAll
    void history() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < CASES; i++) {
            cases.register(json.readValue(HttpLoad.randomCase(random, "REPLAY-" + i), CaseData.class), "test");
        }
    }

    @Test
    void replayingTheRecordingVersionChangesNothing() throws Exception {
        JsonNode run = replay(json("""
                {"candidate": {"rulesetVersion": "%s"}, "from": "2025-01-01", "to": "2027-12-31"}""".formatted(engine.active().version())));
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("total").asLong()).isEqualTo(CASES);
        assertThat(run.get("done").asLong()).isEqualTo(CASES);
        assertThat(run.get("summary").get("replayed").asLong()).isEqualTo(CASES);
        assertThat(run.get("summary").get("changed").asLong()).isZero();
        assertThat(run.get("summary").get("added")).isEmpty();
        for (JsonNode t : run.get("summary").get("transitions")) {
            assertThat(t.get("before")).as(t.toString()).isEqualTo(t.get("after"));
        }
    }

    @Test
    void aLowerMajorIncidentThresholdChangesExactlyTheCasesBetweenTheTwoFigures() throws Exception {
        Set<Long> expected = new HashSet<>();
        for (var row : jdbc.sql("select case_id, facts_json from evaluation").query().listOfRows()) {
            CaseData data = json.readValue((String) row.get("facts_json"), CaseData.class);
            BigDecimal loss = data.findings() == null ? null : data.findings().directLossCny();
            if (loss != null && loss.compareTo(new BigDecimal("10000")) >= 0 && loss.compareTo(new BigDecimal("20000")) < 0) {
                expected.add(((Number) row.get("case_id")).longValue());
            }
        }
        assertThat(expected).isNotEmpty();

        JsonNode run = replay(multipart("/api/replays")
                .file(new MockMultipartFile("files", "major-incident.xlsx", "application/octet-stream",
                        Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 10000)))
                .file(new MockMultipartFile("request", "", "application/json",
                        "{\"from\": \"2025-01-01\", \"to\": \"2027-12-31\"}".getBytes(StandardCharsets.UTF_8))));

        assertThat(run.get("summary").get("changed").asLong()).isEqualTo(expected.size());
        assertThat(transition(run, "MAJOR_INCIDENT", null, "REPORT_TO_LEADERS")).isEqualTo(expected.size());
        JsonNode changes = body(mvc.perform(get("/api/replays/" + run.get("id").asLong() + "/changes?size=500")));
        Set<Long> changed = new HashSet<>();
        for (JsonNode c : changes.get("changes")) {
            changed.add(c.get("caseId").asLong());
            assertThat(c.get("after").get("rulesFiredOnlyHere").toString()).contains("Major incident: report to the leaders at once");
        }
        assertThat(changed).isEqualTo(expected);

        long id = run.get("id").asLong();
        byte[] csv = mvc.perform(get("/api/replays/" + id + "/export.csv")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new InputStreamReader(new ByteArrayInputStream(csv), StandardCharsets.UTF_8)).getRecords();
        assertThat(records).hasSize(expected.size());
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("type")).isEqualTo("MAJOR_INCIDENT");
            assertThat(r.get("before")).isEmpty();
            assertThat(r.get("after")).isEqualTo("REPORT_TO_LEADERS");
            assertThat(r.get("afterSource")).isEqualTo("decision-tables/major-incident.xlsx!Threshold!10");
        });

        byte[] xlsx = mvc.perform(get("/api/replays/" + id + "/export.xlsx")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = workbook.getSheet("Changes");
            assertThat(sheet.getLastRowNum()).isEqualTo(expected.size());
            Set<Long> exported = new HashSet<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                exported.add((long) sheet.getRow(r).getCell(0).getNumericCellValue());
                assertThat(sheet.getRow(r).getCell(4).getStringCellValue()).isEqualTo("REPORT_TO_LEADERS");
            }
            assertThat(exported).isEqualTo(expected);
            assertThat(workbook.getSheet("Summary").getRow(7).getCell(1).getNumericCellValue()).isEqualTo(expected.size());
        }
    }

    @Test
    void aLongerWindowStillSeesOnlyThePriorDefectsEachEvaluationRecorded() throws Exception {
        // Recorded prior defects reach back 180 days; with a 365-day window a replay that looked at today's
        // history would find more of them. It must not: nothing changes.
        JsonNode run = replayWithWindowOf(365);
        assertThat(run.get("summary").get("replayed").asLong()).isEqualTo(CASES);
        assertThat(run.get("summary").get("changed").asLong()).isZero();
    }

    @Test
    void aShorterWindowRemovesRectificationOrdersAndAddsNone() throws Exception {
        JsonNode run = replayWithWindowOf(7);
        JsonNode summary = run.get("summary");
        assertThat(summary.get("changed").asLong()).isPositive();
        assertThat(summary.get("added")).isEmpty();
        for (JsonNode removed : summary.get("removed")) {
            assertThat(removed.get("type").asString()).isEqualTo("RECTIFICATION_ORDER");
        }
    }

    @Test
    void theImpactOfAVersionIsAReplayOfTheLastDaysLinkedFromIt() throws Exception {
        String version = engine.active().version();
        JsonNode started = body(mvc.perform(post("/api/rulesets/" + version + "/impact?days=3650")).andExpect(status().isAccepted()));
        long id = started.get("replayId").asLong();
        assertThat(started.get("summary").asString()).isEqualTo("/api/replays/" + id);
        await().pollInSameThread().atMost(Duration.ofSeconds(60)).until(() ->
                !body(mvc.perform(get("/api/replays/" + id))).get("status").asString().equals("RUNNING"));
        JsonNode run = body(mvc.perform(get("/api/replays/" + id)));
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("summary").get("changed").asLong()).isZero();
        assertThat(body(mvc.perform(get("/api/rulesets/" + version + "/impact"))).get("replayId").asLong()).isGreaterThanOrEqualTo(id);
    }

    @Test
    void filtersNarrowThePopulation() throws Exception {
        long recorded = jdbc.sql("select count(*) from aftersales_case where product_category = 'DETONATOR'").query(Long.class).single();
        JsonNode run = replay(json("""
                {"candidate": {"rulesetVersion": "%s"}, "baseline": {"rulesetVersion": "%s"}, "from": "2025-01-01",
                 "to": "2027-12-31", "filters": {"productCategory": "DETONATOR"}}""".formatted(engine.active().version(), engine.active().version())));
        assertThat(run.get("total").asLong()).isEqualTo(recorded);
        assertThat(run.get("summary").get("replayed").asLong()).isEqualTo(recorded);
        assertThat(run.get("summary").get("changed").asLong()).isZero();
    }

    @Test
    void badRequestsAreRefusedWithTheirField() throws Exception {
        mvc.perform(post("/api/replays").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"candidate\": {\"rulesetVersion\": \"abc\"}, \"from\": \"2026-02-01\", \"to\": \"2026-01-01\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", org.hamcrest.Matchers.containsInAnyOrder("candidate.rulesetVersion", "to")));
        mvc.perform(post("/api/replays").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"candidate\": {\"rulesetVersion\": \"" + "0".repeat(64) + "\"}, \"from\": \"2026-01-01\", \"to\": \"2026-02-01\"}"))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(get("/api/replays/987654")).andExpect(status().isNotFound());
        mvc.perform(multipart("/api/replays")
                        .file(new MockMultipartFile("files", "major-incident.xlsx", "application/octet-stream",
                                Workbooks.withCell(Files.readAllBytes(Path.of("decision-tables/major-incident.xlsx")), 9, 2, "lots")))
                        .file(new MockMultipartFile("request", "", "application/json",
                                "{\"from\": \"2025-01-01\", \"to\": \"2027-12-31\"}".getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].row").value(10))
                .andExpect(jsonPath("$.errors[0].column").value("C"));
    }

    /** Replays with every window of the rectification triggers set to this many days. */
    private JsonNode replayWithWindowOf(int days) throws Exception {
        byte[] triggers = Files.readAllBytes(Path.of("decision-tables/rectification-triggers.xlsx"));
        for (int row = 9; row <= 11; row++) {
            triggers = Workbooks.withCell(triggers, row, 2, days);
        }
        return replay(multipart("/api/replays")
                .file(new MockMultipartFile("files", "rectification-triggers.xlsx", "application/octet-stream", triggers))
                .file(new MockMultipartFile("request", "", "application/json",
                        "{\"from\": \"2025-01-01\", \"to\": \"2027-12-31\"}".getBytes(StandardCharsets.UTF_8))));
    }

    private long transition(JsonNode run, String type, String before, String after) {
        for (JsonNode t : run.get("summary").get("transitions")) {
            if (t.get("type").asString().equals(type) && nullable(t.get("before")) == null == (before == null)
                    && java.util.Objects.equals(nullable(t.get("before")), before)
                    && java.util.Objects.equals(nullable(t.get("after")), after)) {
                return t.get("count").asLong();
            }
        }
        return 0;
    }

    private static String nullable(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private org.springframework.test.web.servlet.RequestBuilder json(String body) {
        return post("/api/replays").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    /** Starts a replay, expects 202, waits for it to finish and answers the run. */
    JsonNode replay(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        JsonNode started = body(mvc.perform(request).andExpect(status().isAccepted()));
        long id = started.get("id").asLong();
        await().pollInSameThread().atMost(Duration.ofSeconds(60)).until(() ->
                !body(mvc.perform(get("/api/replays/" + id))).get("status").asString().equals("RUNNING"));
        JsonNode run = body(mvc.perform(get("/api/replays/" + id)));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private JsonNode body(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }
}
