package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.Workbooks;
import com.example.aftersales.exports.ExportAssertions;
import com.example.aftersales.BothDatabases;

/**
 * A candidate remedy matrix whose changed row is named and reasoned like a formula: the replay's CSV and XLSX
 * downloads (in Chinese) hold that text prefixed with a quote (OWASP CSV injection), and numbers, dates
 * and amounts still as numbers. Its case is
 * its own (product and March 2019), so the shared database's other cases do not enter the replay.
 */
@BothDatabases
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayExportsInjectionTest {

    static final String NAME = "=cmd|' /C calc'!A0";
    static final String REASON = "@SUM(1+1)";

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;

    final String product = "INJ-" + UUID.randomUUID().toString().substring(0, 8);
    long caseId;
    long replayId;

    @Test
    void theCsvHoldsFormulaLikeTextAsText() throws Exception {
        byte[] csv = mvc.perform(get("/api/replays/" + replay() + "/export.csv").header("Accept-Language", "zh-CN")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        String text = new String(csv, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
        CSVRecord remedy = records.stream().filter(r -> r.get("决策类型").equals("REMEDY")).findFirst().orElseThrow();
        assertThat(remedy.get("案件编号")).isEqualTo(String.valueOf(caseId));
        assertThat(remedy.get("原决策")).isEqualTo("NONE");
        assertThat(remedy.get("新决策")).isEqualTo("ASSIST_ONLY");
        assertThat(remedy.get("新决策依据规则")).isEqualTo("'" + NAME);
        assertThat(remedy.get("新决策理由")).isEqualTo("'" + REASON);
        assertThat(remedy.get("规则出处")).isEqualTo("decision-tables/remedy-matrix.xlsx!Remedy!13");
        assertThat(remedy.get("受理时间（Asia/Shanghai）")).isEqualTo("2019-03-12T09:30:00+08:00");
        assertThat(remedy.get("直接质量损失（元）")).isEqualTo("25000");
        assertThat(remedy.get("退换或补偿金额（元）")).isEqualTo("8000");
        for (String start : List.of("=", "@", "+", "-")) {
            assertThat(text).doesNotContain("," + start, ",\"" + start, "\n" + start, "\n\"" + start);
        }
    }

    @Test
    void theWorkbookHoldsFormulaLikeTextAsTextAndNumbersAsNumbers() throws Exception {
        long id = replay();
        byte[] xlsx = mvc.perform(get("/api/replays/" + id + "/export.xlsx").header("Accept-Language", "zh-CN")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            Sheet changes = workbook.getSheet("决策变化明细");
            Row remedy = null;
            for (int r = 1; r <= changes.getLastRowNum(); r++) {
                if (changes.getRow(r).getCell(2).getStringCellValue().equals("REMEDY")) remedy = changes.getRow(r);
            }
            assertThat(remedy).isNotNull();
            assertThat(remedy.getCell(0).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat((long) remedy.getCell(0).getNumericCellValue()).isEqualTo(caseId);
            assertThat(remedy.getCell(8).getStringCellValue()).isEqualTo("'" + NAME);
            assertThat(remedy.getCell(10).getStringCellValue()).isEqualTo("'" + REASON);
            ExportAssertions.assertMoment(remedy.getCell(1), OffsetDateTime.parse("2019-03-12T09:30:00+08:00"));
            ExportAssertions.assertMoney(remedy.getCell(11), new BigDecimal("25000"));
            ExportAssertions.assertMoney(remedy.getCell(12), new BigDecimal("8000"));
            Row replayRow = workbook.getSheet("汇总").getRow(0);
            assertThat(replayRow.getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat((long) replayRow.getCell(1).getNumericCellValue()).isEqualTo(id);
            ExportAssertions.assertNoFormulas(workbook);
        }
    }

    /** Records the case (improper operation: no remedy) and replays it once with the hostile candidate row. */
    private synchronized long replay() throws Exception {
        if (replayId != 0) {
            return replayId;
        }
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "INJ-" + UUID.randomUUID());
        data.put("receivedAt", "2019-03-12T09:30:00+08:00");
        data.put("productionDate", "2019-02-01");
        ((ObjectNode) data.get("product")).put("code", product);
        ((ObjectNode) data.get("findings")).put("cause", "IMPROPER_OPERATION");
        String answer = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        caseId = json.readTree(answer).get("caseId").asLong();

        // row 13: improper operation, NONE; now ASSIST_ONLY, so the case's remedy changes and names this row
        byte[] remedies = Workbooks.withCell("decision-tables/remedy-matrix.xlsx", 12, 0, NAME);
        remedies = Workbooks.withCell(remedies, 12, 4, "ASSIST_ONLY");
        remedies = Workbooks.withCell(remedies, 12, 6, REASON);
        String request = """
                {"from": "2019-03-01", "to": "2019-03-31", "filters": {"productCode": "%s"}}""".formatted(product);
        JsonNode started = body(mvc.perform(multipart("/api/replays")
                        .file(new MockMultipartFile("files", "remedy-matrix.xlsx", "application/octet-stream", remedies))
                        .file(new MockMultipartFile("request", "", "application/json", request.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString());
        long id = started.get("id").asLong();
        await().pollInSameThread().atMost(Duration.ofSeconds(60)).until(() ->
                !body(mvc.perform(get("/api/replays/" + id)).andReturn().getResponse().getContentAsString())
                        .get("status").asString().equals("RUNNING"));
        JsonNode run = body(mvc.perform(get("/api/replays/" + id)).andReturn().getResponse().getContentAsString());
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("summary").get("changed").asLong()).isEqualTo(1);
        replayId = id;
        return id;
    }

    private JsonNode body(String content) {
        return json.readTree(content);
    }
}
