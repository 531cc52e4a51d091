package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
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

/**
 * A replay's exports write their times in the console's zone ({@code aftersales.followup.zone}), whatever it is, and
 * name it: here New York (−04:00 on 12 March 2019), so the case received at 09:30 in Shanghai is 21:30 the day before,
 * in the CSV with its offset under "受理时间（America/New_York）" and in the workbook as that local time with the zone
 * named in the heading and in the summary's time-zone row.
 */
@WithMockUser(roles = "ADMIN")
@SpringBootTest(properties = {"aftersales.followup.zone=America/New_York", "aftersales.test.database=h14z_export_zone"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ReplayExportsZoneTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;

    @Test
    void timesAreInTheConfiguredZoneAndTheZoneIsNamed() throws Exception {
        long id = replay();
        byte[] csv = mvc.perform(get("/api/replays/" + id + "/export.csv").header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(csv, StandardCharsets.UTF_8).replace("\uFEFF", ""))).getRecords();
        assertThat(records).isNotEmpty().allSatisfy(r ->
                assertThat(r.get("受理时间（America/New_York）")).isEqualTo("2019-03-11T21:30:00-04:00"));

        byte[] xlsx = mvc.perform(get("/api/replays/" + id + "/export.xlsx").header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            Sheet changes = workbook.getSheet("Changes");
            assertThat(ExportAssertions.heading(changes).get(1)).isEqualTo("Received at (America/New_York)");
            Row first = changes.getRow(1);
            assertThat(first.getCell(1).getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.parse("2019-03-11T21:30:00"));
            Map<String, org.apache.poi.ss.usermodel.Cell> summary = ExportAssertions.labelled(workbook.getSheet("Summary"));
            assertThat(summary.get("Time zone").getStringCellValue()).isEqualTo("America/New_York");
            assertThat(summary).containsKey("Started at (America/New_York)");
        }
    }

    /** One case of its own product, received 2019-03-12 09:30 in Shanghai, replayed with a changed remedy row. */
    private long replay() throws Exception {
        String product = "ZONE-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "ZONE-" + UUID.randomUUID());
        data.put("receivedAt", "2019-03-12T09:30:00+08:00");
        data.put("productionDate", "2019-02-01");
        ((ObjectNode) data.get("product")).put("code", product);
        ((ObjectNode) data.get("findings")).put("cause", "IMPROPER_OPERATION");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated());
        byte[] remedies = Workbooks.withCell("decision-tables/remedy-matrix.xlsx", 12, 4, "ASSIST_ONLY");
        String request = """
                {"from": "2019-03-01", "to": "2019-03-31", "filters": {"productCode": "%s"}}""".formatted(product);
        long id = json.readTree(mvc.perform(multipart("/api/replays")
                        .file(new MockMultipartFile("files", "remedy-matrix.xlsx", "application/octet-stream", remedies))
                        .file(new MockMultipartFile("request", "", "application/json", request.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString()).get("id").asLong();
        await().pollInSameThread().atMost(Duration.ofSeconds(60)).until(() -> !runStatus(id).equals("RUNNING"));
        assertThat(runStatus(id)).isEqualTo("SUCCEEDED");
        return id;
    }

    private String runStatus(long id) throws Exception {
        JsonNode run = json.readTree(mvc.perform(get("/api/replays/" + id)).andReturn().getResponse().getContentAsString());
        return run.get("status").asString();
    }
}
