package com.example.aftersales.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.HistoryRecorder;
import com.example.aftersales.demo.DemoHistory;
import com.example.aftersales.exports.ExportAssertions;
import com.example.aftersales.glossary.Glossary;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import com.example.aftersales.BothDatabases;

/**
 * The monthly summary of May 2022 over a generated history (late April to early June, no other test records cases
 * then) plus three cases sent with other offsets at the month's edges, and follow-up events through the API.
 * Every figure is checked against counts made here in plain Java from the generated cases, the evaluations the API
 * answers and the events this test sent. Run on H2 and on PostgreSQL ({@link BothDatabases}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@BothDatabases
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class MonthlySummaryTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final YearMonth MAY = YearMonth.of(2022, 5);
    static final OffsetDateTime AT = OffsetDateTime.parse("2022-06-01T00:00:00+08:00");

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired HistoryRecorder recorder;

    final List<CaseData> cases = new ArrayList<>();
    final Map<String, Long> ids = new HashMap<>();
    final Map<Long, JsonNode> latest = new HashMap<>();
    final Map<Long, OffsetDateTime> arrivals = new HashMap<>();
    final Map<Long, Boolean> calls = new HashMap<>();
    long issuedOrder = -1;

    @BeforeAll
    void history() throws Exception {
        // @WithMockUser does not reach @BeforeAll: the history is recorded as an administrator
        org.springframework.security.test.context.TestSecurityContextHolder.setAuthentication(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated("qd", null,
                        org.springframework.security.core.authority.AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
        new DemoHistory(2205, 300, LocalDate.of(2022, 4, 25), LocalDate.of(2022, 6, 5)).forEach(cases::add);
        recorder.record(cases.stream(), 100);
        for (String at : List.of("2022-04-30T20:30:00Z", "2022-05-31T15:30:00Z", "2022-05-31T16:30:00Z")) {
            ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
            data.put("externalRef", "EDGE-" + at);
            data.put("receivedAt", at);
            data.put("productionDate", "2022-04-01");
            String answer = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                    .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
            cases.add(json.readValue(data.toString(), CaseData.class));
            ids.put("EDGE-" + at, json.readTree(answer).get("caseId").asLong());
        }
        for (CaseData c : cases) {
            ids.computeIfAbsent(c.externalRef(), ref -> jdbc.sql("select id from aftersales_case where external_ref = ?")
                    .param(ref).query(Long.class).single());
        }
        int n = 0;
        for (CaseData c : may()) {
            long id = ids.get(c.externalRef());
            JsonNode history = json.readTree(mvc.perform(get("/api/cases/" + id)).andReturn().getResponse().getContentAsString());
            JsonNode evaluations = history.get("evaluations");
            latest.put(id, evaluations.get(evaluations.size() - 1));
            n++;
            if (deadline(id) != null) {
                OffsetDateTime arrival = n % 3 == 0 ? c.receivedAt().plusHours(10) : n % 3 == 1 ? c.receivedAt().plusHours(60) : null;
                if (arrival != null) {
                    event(id, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"" + arrival + "\",\"recordedBy\":\"staff\"}");
                    arrivals.put(id, arrival);
                }
            }
            if (n % 4 == 0 || n % 5 == 0) {
                boolean satisfied = n % 4 == 0;
                event(id, "{\"type\":\"SATISFACTION_CALL\",\"occurredAt\":\"" + c.receivedAt().plusHours(1)
                        + "\",\"recordedBy\":\"qd\",\"satisfied\":" + satisfied + "}");
                if (!c.receivedAt().plusHours(1).isAfter(AT)) calls.put(id, satisfied); // counted as of AT only
            }
        }
        issueOneOrder();
    }

    /** Issues an order one of May's cases belongs to, in May. */
    private void issueOneOrder() throws Exception {
        Set<Long> mayIds = latest.keySet();
        JsonNode open = json.readTree(mvc.perform(get("/api/rectification-orders").param("status", "OPEN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        for (JsonNode o : open) {
            JsonNode order = json.readTree(mvc.perform(get("/api/rectification-orders/" + o.get("id").asLong()))
                    .andReturn().getResponse().getContentAsString());
            for (JsonNode c : order.get("cases")) {
                long caseId = c.get("caseId").asLong();
                OffsetDateTime when = OffsetDateTime.parse(c.get("receivedAt").asString()).plusHours(2);
                if (mayIds.contains(caseId) && when.isBefore(AT)) {
                    event(caseId, "{\"type\":\"RECTIFICATION_ORDER_ISSUED\",\"occurredAt\":\"" + when
                            + "\",\"recordedBy\":\"qd\",\"orderId\":" + order.get("id").asLong() + "}");
                    issuedOrder = order.get("id").asLong();
                    return;
                }
            }
        }
    }

    @Test
    @DisplayName("Cases by product, problem, unit and province: May in Asia/Shanghai, the edge cases by their instant")
    void breakdowns() throws Exception {
        JsonNode s = summary();
        assertThat(may()).extracting(CaseData::externalRef)
                .contains("EDGE-2022-04-30T20:30:00Z", "EDGE-2022-05-31T15:30:00Z")
                .doesNotContain("EDGE-2022-05-31T16:30:00Z");
        assertThat(s.get("cases").asLong()).isEqualTo(may().size()).isGreaterThan(150);
        assertThat(counts(s.get("byProduct"))).isEqualTo(count(c -> c.product().code()));
        assertThat(counts(s.get("byProblem"))).isEqualTo(count(c -> c.problem().category()));
        assertThat(counts(s.get("byUnit"))).isEqualTo(count(c -> c.responsibleUnit().code()));
        assertThat(counts(s.get("byProvince"))).isEqualTo(count(c -> c.customer().province()));
    }

    @Test
    @DisplayName("Decisions, remedies and major incidents: the latest evaluation of each case")
    void decisions() throws Exception {
        JsonNode s = summary();
        Map<String, Long> expected = new TreeMap<>();
        Set<Long> major = new TreeSet<>();
        for (var e : latest.entrySet()) {
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode d : e.getValue().get("decisions")) {
                String type = d.get("type").asString();
                if (!type.equals("RESPONSE_DEADLINE")) seen.add(type + "=" + d.get("value").asString());
                if (type.equals("MAJOR_INCIDENT")) major.add(e.getKey());
            }
            seen.forEach(k -> expected.merge(k, 1L, Long::sum));
        }
        Map<String, Long> actual = new TreeMap<>();
        for (JsonNode d : s.get("decisions")) actual.put(d.get("type").asString() + "=" + d.get("value").asString(), d.get("cases").asLong());
        assertThat(actual).isEqualTo(expected);
        Map<String, Long> remedies = new TreeMap<>();
        expected.forEach((k, v) -> { if (k.startsWith("REMEDY=")) remedies.put(k.substring(7), v); });
        assertThat(counts(s.get("remedies"))).isEqualTo(remedies).isNotEmpty();
        List<Long> majorIds = new ArrayList<>();
        s.get("majorIncidents").get("caseIds").forEach(n -> majorIds.add(n.asLong()));
        assertThat(majorIds).containsExactlyElementsOf(major);
        assertThat(s.get("majorIncidents").get("count").asLong()).isEqualTo(major.size()).isPositive();
    }

    @Test
    @DisplayName("Response SLA (arrival against the deadline as of the moment), satisfaction and orders issued")
    void slaSatisfactionOrders() throws Exception {
        JsonNode s = summary();
        long onSite = 0, kept = 0, missed = 0, notArrived = 0, pending = 0;
        for (long id : latest.keySet()) {
            OffsetDateTime due = deadline(id);
            if (due == null) continue;
            onSite++;
            OffsetDateTime arrival = arrivals.get(id);
            if (arrival != null && !arrival.isAfter(AT)) {
                if (arrival.isAfter(due)) missed++; else kept++;
            } else if (due.isBefore(AT)) {
                missed++;
                notArrived++;
            } else {
                pending++;
            }
        }
        JsonNode sla = s.get("responseSla");
        assertThat(List.of(sla.get("onSite").asLong(), sla.get("kept").asLong(), sla.get("missed").asLong(),
                sla.get("missedNotArrived").asLong(), sla.get("pending").asLong()))
                .containsExactly(onSite, kept, missed, notArrived, pending);
        assertThat(kept).isPositive();
        assertThat(missed - notArrived).isPositive();
        long satisfied = calls.values().stream().filter(b -> b).count();
        JsonNode sat = s.get("satisfaction");
        assertThat(sat.get("required").asLong()).isEqualTo(latest.size());
        assertThat(sat.get("called").asLong()).isEqualTo(calls.size());
        assertThat(sat.get("satisfied").asLong()).isEqualTo(satisfied);
        assertThat(sat.get("notSatisfied").asLong()).isEqualTo(calls.size() - satisfied);
        assertThat(sat.get("notCalled").asLong()).isEqualTo(latest.size() - calls.size());
        assertThat(issuedOrder).as("an order to issue among May's cases").isPositive();
        assertThat(s.get("rectificationOrders").get("issued").asLong()).isEqualTo(1);
        assertThat(s.get("rectificationOrders").get("issuedOrderIds").get(0).asLong()).isEqualTo(issuedOrder);
    }

    @Test
    @DisplayName("The XLSX in Chinese holds the same figures, the month's cases with dates and amounts in CNY")
    void workbook() throws Exception {
        byte[] bytes = mvc.perform(get("/api/reports/monthly/2022-05.xlsx").param("at", AT.toString())
                        .header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .andExpect(header().string("Content-Language", "zh-CN"))
                .andReturn().getResponse().getContentAsByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            assertThat(ExportAssertions.sheetNames(wb)).containsExactly("汇总", "质量信息明细", "按产品", "按问题类别",
                    "按责任单位", "按用户省份", "处理决定", "较大以上质量事故");
            Sheet summarySheet = wb.getSheet("汇总");
            assertThat(ExportAssertions.heading(summarySheet)).containsExactly("月度质量信息反馈处理汇总");
            Map<String, Cell> summary = ExportAssertions.labelled(summarySheet);
            ExportAssertions.assertDate(summary.get("月度质量信息反馈处理汇总"), LocalDate.of(2022, 5, 1), "yyyy-mm");
            assertThat(new DataFormatter().formatCellValue(summary.get("月度质量信息反馈处理汇总"))).isEqualTo("2022-05");
            ExportAssertions.assertMoment(summary.get("受理时间自（Asia/Shanghai）"), OffsetDateTime.parse("2022-05-01T00:00:00+08:00"));
            ExportAssertions.assertMoment(summary.get("统计截至（Asia/Shanghai）"), AT);
            ExportAssertions.assertCount(summary.get("受理质量信息数"), may().size());
            ExportAssertions.assertCount(summary.get("已回访"), calls.size());
            assertThat(summary).containsKeys("较大以上质量事故（P15）", "新立质量整改令", "下发质量整改令", "关闭质量整改令");
            ExportAssertions.assertFits(summarySheet, 0);

            Sheet cases = wb.getSheet("质量信息明细");
            Map<String, Integer> column = ExportAssertions.columns(cases);
            assertThat(column.keySet()).containsExactly("案件编号", "外部编号", "受理时间（Asia/Shanghai）", "产品", "产品类别", "产品类别名称",
                    "问题类别", "问题类别名称", "责任单位", "责任单位名称", "用户省份", "用户省份名称", "有效期（P12）",
                    "有效期判定说明", "处理方式（P7）", "处理方式说明", "到场时限（P2）（Asia/Shanghai）", "首次到达现场（Asia/Shanghai）", "处理措施（P11）",
                    "处理措施说明", "权限范围内审批（P11）", "审批说明", "较大以上质量事故（P15）", "较大以上质量事故说明",
                    "四不放过（P17）", "四不放过说明", "质量整改令（P20）", "质量整改令说明", "直接质量损失（元）",
                    "退换或补偿金额（元）", "回访结果（P18）", "是否结案");
            assertThat(cases.getLastRowNum()).isEqualTo(may().size());
            Map<String, CaseData> byRef = new HashMap<>();
            may().forEach(c -> byRef.put(c.externalRef(), c));
            int amounts = 0;
            for (Row r : cases) {
                if (r.getRowNum() == 0) continue;
                CaseData c = byRef.get(r.getCell(column.get("外部编号")).getStringCellValue());
                long id = ids.get(c.externalRef());
                ExportAssertions.assertCount(r.getCell(column.get("案件编号")), id);
                ExportAssertions.assertMoment(r.getCell(column.get("受理时间（Asia/Shanghai）")), c.receivedAt());
                assertThat(r.getCell(column.get("产品")).getStringCellValue()).isEqualTo(c.product().code());
                assertThat(r.getCell(column.get("产品类别")).getStringCellValue()).isEqualTo(c.product().category());
                assertThat(r.getCell(column.get("产品类别名称")).getStringCellValue())
                        .isEqualTo(Glossary.label(Glossary.PRODUCT_CATEGORIES, c.product().category(), Locale.SIMPLIFIED_CHINESE));
                assertThat(r.getCell(column.get("问题类别")).getStringCellValue()).isEqualTo(c.problem().category());
                assertThat(r.getCell(column.get("问题类别名称")).getStringCellValue())
                        .isEqualTo(Glossary.label(Glossary.PROBLEM_CATEGORIES, c.problem().category(), Locale.SIMPLIFIED_CHINESE));
                assertThat(r.getCell(column.get("责任单位名称")).getStringCellValue())
                        .isEqualTo(Glossary.label(Glossary.UNITS, c.responsibleUnit().code(), Locale.SIMPLIFIED_CHINESE));
                assertThat(r.getCell(column.get("用户省份名称")).getStringCellValue())
                        .isEqualTo(Glossary.label(Glossary.PROVINCES, c.customer().province(), Locale.SIMPLIFIED_CHINESE));
                String handling = r.getCell(column.get("处理方式（P7）")).getStringCellValue();
                assertThat(r.getCell(column.get("处理方式说明")).getStringCellValue())
                        .isEqualTo(Glossary.decisionValue("HANDLING", handling, Locale.SIMPLIFIED_CHINESE)).containsPattern("\\p{IsHan}");
                BigDecimal loss = c.findings() == null ? null : c.findings().directLossCny();
                if (loss == null) {
                    assertThat(r.getCell(column.get("直接质量损失（元）"))).isNull();
                } else {
                    ExportAssertions.assertMoney(r.getCell(column.get("直接质量损失（元）")), loss);
                    amounts++;
                }
                OffsetDateTime due = deadline(id);
                if (due != null) ExportAssertions.assertMoment(r.getCell(column.get("到场时限（P2）（Asia/Shanghai）")), due);
                OffsetDateTime arrival = arrivals.get(id);
                if (arrival != null && !arrival.isAfter(AT)) ExportAssertions.assertMoment(r.getCell(column.get("首次到达现场（Asia/Shanghai）")), arrival);
                Boolean satisfied = calls.get(id);
                assertThat(r.getCell(column.get("回访结果（P18）")) == null ? null : r.getCell(column.get("回访结果（P18）")).getStringCellValue())
                        .isEqualTo(satisfied == null ? null : satisfied ? "满意" : "不满意");
                assertThat(r.getCell(column.get("是否结案")).getStringCellValue()).isEqualTo("否");
            }
            assertThat(amounts).isPositive();
            ExportAssertions.assertFits(cases, column.get("外部编号"));

            Sheet byProduct = wb.getSheet("按产品");
            assertThat(ExportAssertions.heading(byProduct)).containsExactly("产品", "案件数");
            Map<String, Long> products = new TreeMap<>();
            for (Row r : byProduct) {
                if (r.getRowNum() > 0) products.put(r.getCell(0).getStringCellValue(), (long) r.getCell(1).getNumericCellValue());
            }
            assertThat(products).isEqualTo(count(c -> c.product().code()));
            assertThat(ExportAssertions.heading(wb.getSheet("按问题类别"))).containsExactly("问题类别", "问题类别名称", "案件数");
            assertThat(ExportAssertions.heading(wb.getSheet("按责任单位"))).containsExactly("责任单位", "责任单位名称", "案件数");
            assertThat(ExportAssertions.heading(wb.getSheet("按用户省份"))).containsExactly("用户省份", "用户省份名称", "案件数");
            for (Row r : wb.getSheet("按用户省份")) {
                if (r.getRowNum() > 0) assertThat(r.getCell(1).getStringCellValue())
                        .isEqualTo(Glossary.label(Glossary.PROVINCES, r.getCell(0).getStringCellValue(), Locale.SIMPLIFIED_CHINESE));
            }
            assertThat(ExportAssertions.heading(wb.getSheet("处理决定"))).containsExactly("决策类型", "决策类型名称", "处理决定",
                    "处理决定说明", "案件数");
            assertThat(wb.getSheet("处理决定").getLastRowNum()).isPositive();
            for (Row r : wb.getSheet("处理决定")) {
                if (r.getRowNum() == 0) continue;
                String type = r.getCell(0).getStringCellValue();
                assertThat(r.getCell(1).getStringCellValue()).isEqualTo(Glossary.decisionType(type, Locale.SIMPLIFIED_CHINESE))
                        .containsPattern("\\p{IsHan}");
                assertThat(r.getCell(3).getStringCellValue())
                        .isEqualTo(Glossary.decisionValue(type, r.getCell(2).getStringCellValue(), Locale.SIMPLIFIED_CHINESE));
                assertThat(r.getCell(4).getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
            }

            Sheet major = wb.getSheet("较大以上质量事故");
            assertThat(ExportAssertions.heading(major)).containsExactly("案件编号", "受理时间（Asia/Shanghai）", "产品", "责任单位", "责任单位名称",
                    "直接质量损失（元）");
            assertThat(major.getLastRowNum()).isPositive();
            for (Row r : major) {
                if (r.getRowNum() == 0) continue;
                assertThat(r.getCell(4).getStringCellValue())
                        .isEqualTo(Glossary.label(Glossary.UNITS, r.getCell(3).getStringCellValue(), Locale.SIMPLIFIED_CHINESE));
                assertThat(r.getCell(5).getNumericCellValue()).isGreaterThanOrEqualTo(20000); // P15
                ExportAssertions.assertMoney(r.getCell(5), BigDecimal.valueOf(r.getCell(5).getNumericCellValue()));
                assertThat(DateUtil.isCellDateFormatted(r.getCell(1))).isTrue();
            }
            ExportAssertions.assertNoFormulas(wb);
        }
    }

    @Test
    @DisplayName("The XLSX in English, when Accept-Language or lang asks for it")
    void workbookInEnglish() throws Exception {
        for (var request : List.of(get("/api/reports/monthly/2022-05.xlsx").param("at", AT.toString()).header("Accept-Language", "en-US,en;q=0.8"),
                get("/api/reports/monthly/2022-05.xlsx").param("at", AT.toString()).param("lang", "en"))) {
            byte[] bytes = mvc.perform(request).andExpect(status().isOk())
                    .andExpect(header().string("Content-Language", "en")).andReturn().getResponse().getContentAsByteArray();
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
                assertThat(ExportAssertions.sheetNames(wb)).containsExactly("Summary", "Cases", "By product", "By problem",
                        "By unit", "By province", "Decisions", "Major incidents");
                Map<String, Cell> summary = ExportAssertions.labelled(wb.getSheet("Summary"));
                ExportAssertions.assertDate(summary.get("Monthly summary of quality feedback handling"), LocalDate.of(2022, 5, 1), "yyyy-mm");
                ExportAssertions.assertCount(summary.get("Cases"), may().size());
                ExportAssertions.assertCount(summary.get("Customers called"), calls.size());
                ExportAssertions.assertMoment(summary.get("As of (Asia/Shanghai)"), AT);
                List<String> heading = ExportAssertions.heading(wb.getSheet("Cases"));
                assertThat(heading).startsWith("Case", "Reference", "Received at (Asia/Shanghai)", "Product")
                        .contains("Validity period (P12)", "Direct quality loss (CNY)", "Closed");
                Row first = wb.getSheet("Cases").getRow(1);
                assertThat(DateUtil.isCellDateFormatted(first.getCell(heading.indexOf("Received at (Asia/Shanghai)")))).isTrue();
                assertThat(first.getCell(heading.indexOf("Closed")).getStringCellValue()).isEqualTo("No");
                assertThat(heading).containsSubsequence("Problem", "Problem (name)", "Responsible unit", "Responsible unit (name)",
                        "Customer province", "Customer province (name)", "Handling (P7)", "Handling (in words)");
                String province = first.getCell(heading.indexOf("Customer province")).getStringCellValue();
                assertThat(first.getCell(heading.indexOf("Customer province (name)")).getStringCellValue())
                        .isEqualTo(Glossary.label(Glossary.PROVINCES, province, Locale.ENGLISH));
                String handling = first.getCell(heading.indexOf("Handling (P7)")).getStringCellValue();
                assertThat(first.getCell(heading.indexOf("Handling (in words)")).getStringCellValue())
                        .isEqualTo(Glossary.decisionValue("HANDLING", handling, Locale.ENGLISH)).doesNotContainPattern("\\p{IsHan}");
                assertThat(ExportAssertions.heading(wb.getSheet("Decisions"))).containsExactly("Decision type",
                        "Decision type (name)", "Decision", "Decision (in words)", "Cases");
                Row decision = wb.getSheet("Decisions").getRow(1);
                assertThat(decision.getCell(1).getStringCellValue())
                        .isEqualTo(Glossary.decisionType(decision.getCell(0).getStringCellValue(), Locale.ENGLISH));
                Row major = wb.getSheet("Major incidents").getRow(1);
                assertThat(major.getCell(4).getStringCellValue())
                        .isEqualTo(Glossary.label(Glossary.UNITS, major.getCell(3).getStringCellValue(), Locale.ENGLISH));
                ExportAssertions.assertMoney(major.getCell(5), BigDecimal.valueOf(major.getCell(5).getNumericCellValue()));
            }
        }
        mvc.perform(get("/api/reports/monthly/2022-05.xlsx").param("lang", "de"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("lang"));
    }

    @Test
    @DisplayName("A month that is no month is refused naming the field")
    void badMonth() throws Exception {
        mvc.perform(get("/api/reports/monthly/2022-13"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("month"));
    }

    private JsonNode summary() throws Exception {
        return json.readTree(mvc.perform(get("/api/reports/monthly/2022-05").param("at", AT.toString()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.zone").value("Asia/Shanghai"))
                .andReturn().getResponse().getContentAsString());
    }

    private List<CaseData> may() {
        return cases.stream().filter(c -> YearMonth.from(c.receivedAt().atZoneSameInstant(SHANGHAI)).equals(MAY)).toList();
    }

    private Map<String, Long> count(Function<CaseData, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        for (CaseData c : may()) counts.merge(key.apply(c), 1L, Long::sum);
        return counts;
    }

    private static Map<String, Long> counts(JsonNode list) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode n : list) counts.put(n.get("key").asString(), n.get("cases").asLong());
        return counts;
    }

    private OffsetDateTime deadline(long id) {
        boolean onSite = false;
        OffsetDateTime deadline = null;
        for (JsonNode d : latest.get(id).get("decisions")) {
            if (d.get("type").asString().equals("HANDLING")) onSite = d.get("value").asString().equals("ON_SITE");
            if (d.get("type").asString().equals("RESPONSE_DEADLINE")) deadline = OffsetDateTime.parse(d.get("value").asString());
        }
        return onSite ? deadline : null;
    }

    private void event(long caseId, String body) throws Exception {
        mvc.perform(post("/api/cases/" + caseId + "/events").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
    }
}
