package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
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
import com.example.aftersales.bench.RandomCases;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.exports.ExportAssertions;
import com.example.aftersales.exports.ExportLanguage;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.BothDatabases;

/**
 * Replays over a generated history of recorded cases: the recording rules give no change; a lowered threshold
 * changes exactly the cases it should, and its exports read back in Chinese and English; a longer
 * window sees only the prior defects each evaluation recorded.
 */
@BothDatabases
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
    @Value("${aftersales.i18n.default-locale}")
    String defaultLocale;

    /** The cases whose recorded loss is from 10,000 up to 20,000 CNY, by id. */
    private final Map<Long, CaseData> between = new HashMap<>();
    private JsonNode loweredThresholdRun;

    @BeforeAll
    void history() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < CASES; i++) {
            cases.register(json.readValue(RandomCases.randomCase(random, "REPLAY-" + i), CaseData.class), "test");
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
        JsonNode run = loweredThreshold();
        assertThat(run.get("summary").get("changed").asLong()).isEqualTo(between.size());
        assertThat(transition(run, "MAJOR_INCIDENT", null, "REPORT_TO_LEADERS")).isEqualTo(between.size());
        JsonNode changes = body(mvc.perform(get("/api/replays/" + run.get("id").asLong() + "/changes?size=500")));
        Set<Long> changed = new HashSet<>();
        for (JsonNode c : changes.get("changes")) {
            changed.add(c.get("caseId").asLong());
            assertThat(c.get("after").get("rulesFiredOnlyHere").toString()).contains("较大以上质量事故：立即报告领导 / Major incident: report to the leaders at once");
            assertThat(c.get("after").get("findings").get("directLossCny").decimalValue())
                    .isEqualByComparingTo(between.get(c.get("caseId").asLong()).findings().directLossCny());
        }
        assertThat(changed).isEqualTo(between.keySet());
    }

    @Test
    void twoRunsComparedGiveBothRunsAndHowTheirFiguresDiffer() throws Exception {
        JsonNode same = replay(json("""
                {"candidate": {"rulesetVersion": "%s"}, "from": "2025-01-01", "to": "2027-12-31"}""".formatted(engine.active().version())));
        JsonNode lowered = loweredThreshold();
        JsonNode compared = body(mvc.perform(get("/api/replays/compare").param("a", same.get("id").asString())
                .param("b", lowered.get("id").asString())).andExpect(status().isOk()));
        assertThat(compared.at("/a/id").asLong()).isEqualTo(same.get("id").asLong());
        assertThat(compared.at("/b/id").asLong()).isEqualTo(lowered.get("id").asLong());
        assertThat(compared.at("/b/summary/changed").asLong()).isEqualTo(between.size());
        JsonNode difference = compared.get("difference");
        assertThat(difference.get("changed").asLong()).isEqualTo(between.size());
        assertThat(difference.get("majorIncidents").asLong()).isEqualTo(between.size());
        assertThat(difference.get("majorLossCny").decimalValue()).isEqualByComparingTo(between.values().stream()
                .map(c -> c.findings().directLossCny()).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(difference.propertyNames()).containsExactly("changed", "majorIncidents", "majorLossCny", "compensations",
                "compensationCny", "approvals", "approvalValueCny");
        // the other way round, the same figures negated
        JsonNode reversed = body(mvc.perform(get("/api/replays/compare").param("a", lowered.get("id").asString())
                .param("b", same.get("id").asString())).andExpect(status().isOk()));
        assertThat(reversed.at("/difference/majorIncidents").asLong()).isEqualTo(-between.size());
    }

    @Test
    void theCsvInChineseHasIsoTimesAndPlainAmounts() throws Exception {
        byte[] csv = mvc.perform(get("/api/replays/" + loweredThreshold().get("id").asLong() + "/export.csv")
                        .header("Accept-Language", "zh-CN,zh;q=0.9"))
                .andExpect(status().isOk()).andExpect(header().string("Content-Language", "zh-CN"))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(Arrays.copyOf(csv, 3)).as("UTF-8 byte order mark").containsExactly(0xEF, 0xBB, 0xBF);
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(csv, StandardCharsets.UTF_8).substring(1)));
        assertThat(parser.getHeaderNames()).containsExactly("案件编号", "受理时间（Asia/Shanghai）", "决策类型", "决策类型名称", "原决策",
                "原决策说明", "新决策", "新决策说明", "新决策依据规则", "规则出处", "新决策理由", "直接质量损失（元）", "退换或补偿金额（元）");
        List<CSVRecord> records = parser.getRecords();
        assertThat(records).hasSize(between.size());
        assertThat(records).allSatisfy(r -> {
            CaseData data = between.get(Long.parseLong(r.get("案件编号")));
            assertThat(r.get("决策类型")).isEqualTo("MAJOR_INCIDENT");
            assertThat(r.get("原决策")).isEmpty();
            assertThat(r.get("新决策")).isEqualTo("REPORT_TO_LEADERS");
            assertThat(r.get("决策类型名称")).isEqualTo("较大以上质量事故");
            assertThat(r.get("原决策说明")).isEmpty();
            assertThat(r.get("新决策说明")).isEqualTo("立即报告领导");
            assertThat(r.get("规则出处")).isEqualTo("decision-tables/major-incident.xlsx!Threshold!10");
            assertThat(r.get("受理时间（Asia/Shanghai）")).isEqualTo(data.receivedAt().atZoneSameInstant(ExportAssertions.CHINA)
                    .toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).endsWith("+08:00");
            assertThat(r.get("直接质量损失（元）")).isEqualTo(data.findings().directLossCny().toPlainString())
                    .doesNotContain(",", "¥");
        });
    }

    @Test
    void theWorkbookInChineseHasDateCellsAndAmountsInCny() throws Exception {
        long id = loweredThreshold().get("id").asLong();
        byte[] xlsx = mvc.perform(get("/api/replays/" + id + "/export.xlsx").header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "zh-CN"))
                .andReturn().getResponse().getContentAsByteArray();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            assertThat(ExportAssertions.sheetNames(workbook)).containsExactly("汇总", "决策变化明细");
            Sheet summary = workbook.getSheet("汇总");
            assertThat(ExportAssertions.heading(summary)).containsExactly("回放编号");
            Map<String, Cell> figures = ExportAssertions.labelled(summary);
            ExportAssertions.assertCount(figures.get("回放编号"), id);
            ExportAssertions.assertCount(figures.get("决策变化案件数"), between.size());
            ExportAssertions.assertCount(figures.get("回放案件数"), CASES);
            assertThat(figures.get("比较基准").getStringCellValue()).isEqualTo("已记录的决策");
            ExportAssertions.assertDate(figures.get("受理日期自"), LocalDate.of(2025, 1, 1), "yyyy-mm-dd");
            assertThat(DateUtil.isCellDateFormatted(figures.get("开始时间（Asia/Shanghai）"))).isTrue();
            assertThat(figures).containsKeys("决策类型"); // the transitions' heading

            Sheet sheet = workbook.getSheet("决策变化明细");
            Map<String, Integer> columns = ExportAssertions.columns(sheet);
            assertThat(columns.keySet()).containsExactly("案件编号", "受理时间（Asia/Shanghai）", "决策类型", "决策类型名称", "原决策",
                    "原决策说明", "新决策", "新决策说明", "新决策依据规则", "规则出处", "新决策理由", "直接质量损失（元）", "退换或补偿金额（元）");
            assertThat(sheet.getLastRowNum()).isEqualTo(between.size());
            Set<Long> exported = new HashSet<>();
            Map<Long, JsonNode> decisions = majorIncident(id); // the run's changes, read once for all the rows
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                long caseId = (long) row.getCell(0).getNumericCellValue();
                exported.add(caseId);
                assertThat(row.getCell(columns.get("新决策")).getStringCellValue()).isEqualTo("REPORT_TO_LEADERS");
                assertThat(row.getCell(columns.get("新决策说明")).getStringCellValue()).isEqualTo("立即报告领导");
                assertThat(row.getCell(columns.get("决策类型名称")).getStringCellValue()).isEqualTo("较大以上质量事故");
                ExportAssertions.assertMoment(row.getCell(columns.get("受理时间（Asia/Shanghai）")), between.get(caseId).receivedAt());
                ExportAssertions.assertMoney(row.getCell(columns.get("直接质量损失（元）")),
                        between.get(caseId).findings().directLossCny());
                assertThat(row.getCell(columns.get("新决策理由")).getStringCellValue())
                        .isEqualTo(decisions.get(caseId).get("reasons").get("zh").asString()).isNotBlank();
            }
            assertThat(exported).isEqualTo(between.keySet());
            ExportAssertions.assertFits(sheet, columns.get("新决策依据规则"));
            ExportAssertions.assertNoFormulas(workbook);
        }
    }

    @Test
    void theExportsAreInEnglishWhenAskedByHeaderOrParameter() throws Exception {
        long id = loweredThreshold().get("id").asLong();
        for (var request : List.of(get("/api/replays/" + id + "/export.xlsx").header("Accept-Language", "en-GB,en;q=0.9,zh-CN;q=0.8"),
                get("/api/replays/" + id + "/export.xlsx").header("Accept-Language", "fr-FR, en;q=0.5, zh;q=0.3"),
                get("/api/replays/" + id + "/export.xlsx").param("lang", "en").header("Accept-Language", "zh-CN"))) {
            byte[] xlsx = mvc.perform(request).andExpect(status().isOk()).andExpect(header().string("Content-Language", "en"))
                    .andReturn().getResponse().getContentAsByteArray();
            try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
                assertThat(ExportAssertions.sheetNames(workbook)).containsExactly("Summary", "Changes");
                Map<String, Cell> figures = ExportAssertions.labelled(workbook.getSheet("Summary"));
                ExportAssertions.assertCount(figures.get("Cases decided differently"), between.size());
                assertThat(figures.get("Compared with").getStringCellValue()).isEqualTo("The decisions as recorded");
                ExportAssertions.assertDate(figures.get("Received to"), LocalDate.of(2027, 12, 31), "yyyy-mm-dd");
                Sheet changes = workbook.getSheet("Changes");
                assertThat(ExportAssertions.heading(changes)).containsExactly("Case", "Received at (Asia/Shanghai)", "Decision type",
                        "Decision type (name)", "Before", "Before (in words)", "After", "After (in words)", "Rule (after)",
                        "Source (after)", "Reason (after)", "Direct quality loss (CNY)",
                        "Value returned, replaced or compensated (CNY)");
                Row first = changes.getRow(1);
                CaseData data = between.get((long) first.getCell(0).getNumericCellValue());
                ExportAssertions.assertMoment(first.getCell(1), data.receivedAt());
                assertThat(first.getCell(2).getStringCellValue()).isEqualTo("MAJOR_INCIDENT");
                assertThat(first.getCell(3).getStringCellValue()).isEqualTo("Major quality incident");
                assertThat(first.getCell(6).getStringCellValue()).isEqualTo("REPORT_TO_LEADERS");
                assertThat(first.getCell(7).getStringCellValue()).isEqualTo("Report to the leaders at once");
                ExportAssertions.assertMoney(first.getCell(11), data.findings().directLossCny());
                assertThat(first.getCell(10).getStringCellValue()).as("the reason in English")
                        .isEqualTo(majorIncident(id).get((long) first.getCell(0).getNumericCellValue()).get("reasons").get("en").asString())
                        .isNotBlank();
            }
        }
        String csv = mvc.perform(get("/api/replays/" + id + "/export.csv").header("Accept-Language", "en-US"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFCase,Received at (Asia/Shanghai),Decision type,Decision type (name),Before,Before (in words),After,")
                .contains(",MAJOR_INCIDENT,Major quality incident,,,REPORT_TO_LEADERS,Report to the leaders at once,");
        // the parameter wins over the header; without a language there is an export in, the configured default (zh-CN
        // shipped, en in the test profiles); another lang is refused
        byte[] zh = mvc.perform(get("/api/replays/" + id + "/export.xlsx").param("lang", "zh-CN").header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(zh))) {
            assertThat(ExportAssertions.sheetNames(workbook)).containsExactly("汇总", "决策变化明细");
        }
        String fallback = ExportLanguage.parse(defaultLocale).tag();
        mvc.perform(get("/api/replays/" + id + "/export.csv").header("Accept-Language", "fr-FR"))
                .andExpect(status().isOk()).andExpect(header().string("Content-Language", fallback));
        mvc.perform(get("/api/replays/" + id + "/export.csv"))
                .andExpect(status().isOk()).andExpect(header().string("Content-Language", fallback));
        mvc.perform(get("/api/replays/" + id + "/export.csv").param("lang", "fr"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("lang"));
    }

    @Test
    void theOpenApiDocumentShowsTheDownloadsLanguageParameter() throws Exception {
        JsonNode paths = body(mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())).get("paths");
        for (String path : List.of("/api/replays/{id}/export.csv", "/api/replays/{id}/export.xlsx",
                "/api/reports/monthly/{month}.xlsx")) {
            JsonNode lang = null;
            for (JsonNode p : paths.get(path).get("get").get("parameters")) {
                if (p.get("name").asString().equals("lang")) lang = p;
            }
            assertThat(lang).as(path).isNotNull();
            assertThat(lang.get("in").asString()).isEqualTo("query");
            assertThat(lang.get("required").asBoolean(false)).isFalse();
            assertThat(lang.get("schema").get("enum").toString()).isEqualTo("[\"zh-CN\",\"en\"]");
            assertThat(lang.get("description").asString()).contains("Accept-Language");
        }
    }

    /** The MAJOR_INCIDENT decision each changed case has after, as /changes shows it. */
    private Map<Long, JsonNode> majorIncident(long replayId) throws Exception {
        Map<Long, JsonNode> decisions = new HashMap<>();
        for (JsonNode c : body(mvc.perform(get("/api/replays/" + replayId + "/changes?size=500"))).get("changes")) {
            for (JsonNode d : c.get("after").get("decisions")) {
                if (d.get("type").asString().equals("MAJOR_INCIDENT")) decisions.put(c.get("caseId").asLong(), d);
            }
        }
        return decisions;
    }

    /** A replay with the major incident threshold lowered to 10,000 CNY, run once for the tests that read it. */
    private synchronized JsonNode loweredThreshold() throws Exception {
        if (loweredThresholdRun != null) {
            return loweredThresholdRun;
        }
        for (var row : jdbc.sql("select case_id, facts_json from evaluation").query().listOfRows()) {
            CaseData data = json.readValue((String) row.get("facts_json"), CaseData.class);
            BigDecimal loss = data.findings() == null ? null : data.findings().directLossCny();
            if (loss != null && loss.compareTo(new BigDecimal("10000")) >= 0 && loss.compareTo(new BigDecimal("20000")) < 0) {
                between.put(((Number) row.get("case_id")).longValue(), data);
            }
        }
        assertThat(between).isNotEmpty();
        loweredThresholdRun = replay(multipart("/api/replays")
                .file(new MockMultipartFile("files", "major-incident.xlsx", "application/octet-stream",
                        Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 10000)))
                .file(new MockMultipartFile("request", "", "application/json",
                        "{\"from\": \"2025-01-01\", \"to\": \"2027-12-31\"}".getBytes(StandardCharsets.UTF_8))));
        return loweredThresholdRun;
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
