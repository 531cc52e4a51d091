package com.example.aftersales.imports.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import com.example.aftersales.BothDatabases;

/**
 * {@code POST /api/cases/import} on H2: per-row report, idempotent re-import, CSV and XLSX alike, refused files.
 * Each test uses its own external references and product codes, so tests do not see each other's cases.
 */
@BothDatabases
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ImportApiTest {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final List<String> HEADER = List.of("externalRef", "receivedAt", "channel", "customerName", "customerProvince",
            "customerContact", "unitCode", "unitProvince", "productCode", "productName", "productCategory", "productSpec",
            "regulated", "batchNumber", "productionDate", "productionSite", "quantity", "problemCategory",
            "problemDescription", "remoteReplyPossible", "cause", "repairable", "problemProductOnSite", "directLossCny",
            "compensationClaimed", "remedyValueCny", "staffDispatched", "representative");

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private final String product = "IMP-" + run;

    @Test
    @DisplayName("Good rows are recorded in receivedAt order; bad rows are reported by row number with every error by column")
    void goodAndBadRows() throws Exception {
        String csv = mixedCsv();
        MvcResult result = importCsv(csv)
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.total").value(9))
                .andExpect(jsonPath("$.imported").value(3))
                .andExpect(jsonPath("$.skippedDuplicates").value(1))
                .andExpect(jsonPath("$.rejected[*].row", contains(3, 5, 6, 7, 8)))
                .andExpect(jsonPath("$.rejected[0].errors", contains("quantity: must be greater than 0")))
                .andExpect(jsonPath("$.rejected[1].errors", contains("channel: must be MARKETING_BRANCH or QUALITY_DEPARTMENT")))
                .andExpect(jsonPath("$.rejected[2].errors", contains("productionDate: must not be after the date of receivedAt")))
                .andExpect(jsonPath("$.rejected[3].errors", contains(
                        "receivedAt: not a date-time with offset such as 2026-11-20T09:30:00+08:00",
                        "quantity: must be greater than 0")))
                .andExpect(jsonPath("$.rejected[4].errors", hasSize(1)))
                .andExpect(jsonPath("$.rejected[4].errors[0]", startsWith("externalRef: required for import")))
                .andExpect(jsonPath("$.importedCases[*].row", contains(2, 4, 9)))
                .andExpect(jsonPath("$.skipped[0].row").value(10))
                .andExpect(jsonPath("$.skipped[0].reason").value("same externalRef as row 2"))
                .andReturn();
        assertThat(recorded(ref("A"), ref("B"), ref("C"), ref("BAD1"), ref("BAD2"), ref("BAD3"), ref("BAD4"))).isEqualTo(3);

        // Row 2 (received 3 May) was recorded after rows 4 (1 May) and 9 (2 May): they are its prior defects.
        long caseA = caseIdOfRow(result, 2);
        mvc.perform(get("/api/cases/" + caseA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.case.externalRef").value(ref("A")))
                .andExpect(jsonPath("$.case.customer.contact").value("Li Wei, 0731-5550123"))
                .andExpect(jsonPath("$.case.problem.description").value("Misfire,\nsecond line"))
                .andExpect(jsonPath("$.evaluations[0].priorDefects", hasSize(2)))
                .andExpect(jsonPath("$.evaluations[0].decisions[?(@.type == 'RECTIFICATION_ORDER')].value", hasItem("RECURRING")));
        mvc.perform(get("/api/cases/" + caseIdOfRow(result, 4)))
                .andExpect(jsonPath("$.evaluations[0].priorDefects", hasSize(0)));
    }

    @Test
    @DisplayName("The report's errors and a refused file are said in the language asked for: Chinese, English")
    void inTheLanguageAsked() throws Exception {
        String csv = mixedCsv();
        importCsv(csv, "zh-CN,zh;q=0.9")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rejected[*].row", contains(3, 5, 6, 7, 8)))
                .andExpect(jsonPath("$.rejected[0].errors", contains("quantity：必须是正数")))
                .andExpect(jsonPath("$.rejected[1].errors", contains("channel：必须是 MARKETING_BRANCH（营销分公司）或 QUALITY_DEPARTMENT（质量部）")))
                .andExpect(jsonPath("$.rejected[2].errors", contains("productionDate：不能晚于受理日期（receivedAt）")))
                .andExpect(jsonPath("$.rejected[3].errors", contains(
                        "receivedAt：不是带时区偏移的日期时间，例如 2026-11-20T09:30:00+08:00", "quantity：必须是正数")))
                .andExpect(jsonPath("$.rejected[4].errors", contains("externalRef：导入时必须填写（重复导入同一文件时，靠它避免重复记录）")))
                .andExpect(jsonPath("$.skipped[0].reason").value("与第 2 行的 externalRef 相同"));
        importCsv(csv, "en")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rejected[0].errors", contains("quantity: must be greater than 0")))
                .andExpect(jsonPath("$.rejected[1].errors", contains("channel: must be MARKETING_BRANCH or QUALITY_DEPARTMENT")))
                .andExpect(jsonPath("$.rejected[4].errors", contains(
                        "externalRef: required for import (it is what makes importing the same file twice safe)")))
                .andExpect(jsonPath("$.skipped[*].reason", contains("already recorded", "already recorded",
                        "already recorded", "same externalRef as row 2")));
        importCsv(csv, "zh-CN")
                .andExpect(jsonPath("$.skipped[*].reason", contains("已记录过", "已记录过", "已记录过", "与第 2 行的 externalRef 相同")));

        String unknown = mixedCsv().replace("quantity,", "quantiy,");
        importCsv(unknown, "zh-CN")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("导入文件的列不正确"))
                .andExpect(jsonPath("$.detail").value("第 1 行应列出案件导入的各列；有 2 列不正确。未导入任何内容。"))
                .andExpect(jsonPath("$.errors[*].field", contains("quantiy", "quantity")))
                .andExpect(jsonPath("$.errors[0].message", startsWith("未知的列（Q1）；可用的列为 externalRef、receivedAt、channel、")))
                .andExpect(jsonPath("$.errors[1].message").value("缺少必需的列"));
        importCsv(unknown, "en")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid import columns"))
                .andExpect(jsonPath("$.detail").value("Row 1 must name the columns of the case import; 2 columns are wrong. Nothing was imported."))
                .andExpect(jsonPath("$.errors[0].message", startsWith("unknown column (Q1); the columns are externalRef, receivedAt, channel, ")))
                .andExpect(jsonPath("$.errors[1].message").value("required column is missing"));
        mvc.perform(multipart("/api/cases/import").header("Accept-Language", "zh-CN")
                        .file(new MockMultipartFile("file", "report.pdf", "application/pdf", "%PDF-1.4".getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("无法读取导入文件"))
                .andExpect(jsonPath("$.detail").value("文件“report.pdf”（application/pdf）既不是 CSV 也不是 XLSX：请上传 .csv（UTF-8）或 .xlsx 文件。"));
    }

    @Test
    @DisplayName("Importing the same file twice records nothing the second time: every good row is a skipped duplicate")
    void sameFileTwice() throws Exception {
        String csv = mixedCsv();
        importCsv(csv).andExpect(status().isOk()).andExpect(jsonPath("$.imported").value(3));
        Map<String, Long> before = counts();
        importCsv(csv)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(9))
                .andExpect(jsonPath("$.imported").value(0))
                .andExpect(jsonPath("$.skippedDuplicates").value(4))
                .andExpect(jsonPath("$.skipped[*].reason", contains("already recorded", "already recorded",
                        "already recorded", "same externalRef as row 2")))
                .andExpect(jsonPath("$.rejected[*].row", contains(3, 5, 6, 7, 8)));
        assertThat(counts()).isEqualTo(before);
        assertThat(recorded(ref("A"), ref("B"), ref("C"))).isEqualTo(3);
    }

    @Test
    @DisplayName("An XLSX workbook with real date cells, numeric and boolean cells imports like CSV")
    void xlsxWithTypedCells() throws Exception {
        byte[] workbook;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle dateTime = wb.createCellStyle();
            dateTime.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle money = wb.createCellStyle();
            money.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("#,##0.00"));
            XSSFSheet sheet = wb.createSheet("Cases");
            XSSFRow header = sheet.createRow(0);
            for (int i = 0; i < HEADER.size(); i++) {
                // header names are case-insensitive
                header.createCell(i).setCellValue(i % 2 == 0 ? HEADER.get(i).toUpperCase() : HEADER.get(i));
            }
            for (int r = 1; r <= 3; r++) {
                Map<String, String> values = good(ref("X" + r), "2026-05-0" + r + "T09:30:00+08:00", "B1");
                XSSFRow row = sheet.createRow(r);
                for (int i = 0; i < HEADER.size(); i++) {
                    String column = HEADER.get(i);
                    String value = values.get(column);
                    if (value == null || value.isEmpty()) {
                        continue;
                    }
                    var cell = row.createCell(i);
                    switch (column) {
                        case "receivedAt" -> {
                            if (r == 3) {
                                cell.setCellValue(value); // text with its offset
                            } else {
                                cell.setCellValue(LocalDateTime.of(2026, 5, r, 9, 30));
                                cell.setCellStyle(dateTime);
                            }
                        }
                        case "productionDate" -> {
                            cell.setCellValue(LocalDate.parse(value));
                            cell.setCellStyle(date);
                        }
                        case "quantity", "staffDispatched" -> cell.setCellValue(r == 2 && column.equals("quantity") ? -3 : Double.parseDouble(value));
                        case "directLossCny", "remedyValueCny" -> {
                            cell.setCellValue(Double.parseDouble(value) + 0.5);
                            cell.setCellStyle(money);
                        }
                        case "regulated", "remoteReplyPossible", "repairable", "problemProductOnSite",
                             "compensationClaimed", "representative" -> cell.setCellValue(Boolean.parseBoolean(value));
                        default -> cell.setCellValue(value);
                    }
                }
            }
            wb.write(out);
            workbook = out.toByteArray();
        }
        MvcResult result = mvc.perform(multipart("/api/cases/import").header("Accept-Language", "en")
                        .file(new MockMultipartFile("file", "cases.xlsx", XLSX, workbook)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.imported").value(2))
                .andExpect(jsonPath("$.rejected[*].row", contains(3)))
                .andExpect(jsonPath("$.rejected[0].errors", contains("quantity: must be greater than 0")))
                .andReturn();
        assertThat(recorded(ref("X1"), ref("X2"), ref("X3"))).isEqualTo(2);
        mvc.perform(get("/api/cases/" + caseIdOfRow(result, 2)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.case.receivedAt").value("2026-05-01T09:30:00+08:00"))
                .andExpect(jsonPath("$.case.productionDate").value("2026-02-01"))
                .andExpect(jsonPath("$.case.quantity").value(120))
                .andExpect(jsonPath("$.case.product.regulated").value(true))
                .andExpect(jsonPath("$.case.findings.directLossCny").value(25000.5))
                .andExpect(jsonPath("$.case.findings.staffDispatched").value(2))
                .andExpect(jsonPath("$.evaluations[0].decisions[?(@.type == 'MAJOR_INCIDENT')].value").value("REPORT_TO_LEADERS"))
                .andExpect(jsonPath("$.evaluations[0].decisions[?(@.type == 'TEMPORARY_LEAD')].value").value("REQUIRED"));
        mvc.perform(get("/api/cases/" + caseIdOfRow(result, 4)))
                .andExpect(jsonPath("$.case.receivedAt").value("2026-05-03T09:30:00+08:00"))
                .andExpect(jsonPath("$.evaluations[0].priorDefects", hasSize(1)));
    }

    @Test
    @DisplayName("An unknown or missing column refuses the file with 400 naming the columns; nothing is recorded")
    void unknownColumn() throws Exception {
        Map<String, Long> before = counts();
        List<String> header = new ArrayList<>(HEADER);
        header.add("colour");
        String csv = String.join(",", header) + "\n" + csvLine(good(ref("U1"), "2026-05-01T09:30:00+08:00", "B1")) + ",red\n";
        importCsv(csv)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field", contains("colour")))
                .andExpect(jsonPath("$.errors[0].message", startsWith("unknown column (AC1)")));
        String withoutQuantity = mixedCsv().replace("quantity,", "quantiy,");
        importCsv(withoutQuantity)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", contains("quantiy", "quantity")))
                .andExpect(jsonPath("$.errors[1].message").value("required column is missing"));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @DisplayName("A file that is neither CSV nor XLSX, a broken workbook or binary 'CSV' answers 400 naming the problem")
    void notASpreadsheet() throws Exception {
        Map<String, Long> before = counts();
        byte[] pdf = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >> endobj".getBytes(StandardCharsets.ISO_8859_1);
        mvc.perform(multipart("/api/cases/import").file(new MockMultipartFile("file", "report.pdf", "application/pdf", pdf)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(startsWith("The file 'report.pdf' (application/pdf) is neither CSV nor XLSX")));
        byte[] brokenZip = Arrays.copyOf(new byte[] {0x50, 0x4B, 0x03, 0x04, 1, 2, 3}, 200);
        mvc.perform(multipart("/api/cases/import").file(new MockMultipartFile("file", "cases.xlsx", XLSX, brokenZip)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(startsWith("The XLSX workbook cannot be read")));
        mvc.perform(multipart("/api/cases/import").file(new MockMultipartFile("file", "cases.xlsx", XLSX, "just text".getBytes())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(startsWith("The file is named or typed as an XLSX workbook but is not one")));
        mvc.perform(multipart("/api/cases/import").file(new MockMultipartFile("file", "cases.csv", "text/csv", pdf)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The CSV file is not UTF-8 text. Save it as \"CSV UTF-8\"."));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @DisplayName("A file over 20 MB answers 413 problem+json")
    void tooLarge() throws Exception {
        byte[] big = new byte[20 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        mvc.perform(multipart("/api/cases/import").file(new MockMultipartFile("file", "big.csv", "text/csv", big)))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("The file is larger than 20 MB; split it into smaller files."));
    }

    @Test
    @DisplayName("A raw text/csv body imports too, and the shipped template imports without errors")
    void rawCsvBodyAndTemplate() throws Exception {
        String csv = String.join(",", HEADER) + "\r\n" + csvLine(good(ref("R1"), "2026-05-01T09:30:00+08:00", "B1")) + "\r\n";
        mvc.perform(post("/api/cases/import").contentType("text/csv").content(csv))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(1));
        assertThat(recorded(ref("R1"))).isEqualTo(1);

        byte[] template = Files.readAllBytes(Path.of("docs/examples/cases-import.csv"));
        mvc.perform(multipart("/api/cases/import").file(new MockMultipartFile("file", "cases-import.csv", "text/csv", template)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(4))
                .andExpect(jsonPath("$.rejected", hasSize(0)));
        assertThat(recorded("CRM-2026-000101", "CRM-2026-000117", "CRM-2026-000124", "CRM-2026-000131")).isEqualTo(4);
    }

    // --- helpers ---

    /**
     * Rows 2, 4, 9 good (received 3, 1 and 2 May: product defects of one product and problem); row 3 negative
     * quantity; 5 unknown channel; 6 production after receipt; 7 malformed receivedAt and zero quantity; 8 no
     * externalRef; 10 repeats row 2's externalRef.
     */
    private String mixedCsv() {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(good(ref("A"), "2026-05-03T10:00:00+08:00", "B1"));                          // 2
        rows.get(0).put("customerContact", "Li Wei, 0731-5550123");
        rows.get(0).put("problemDescription", "Misfire,\nsecond line");
        rows.add(with(good(ref("BAD1"), "2026-05-04T10:00:00+08:00", "B1"), "quantity", "-5"));   // 3
        rows.add(good(ref("B"), "2026-05-01T10:00:00+08:00", "B1"));                          // 4
        rows.add(with(good(ref("BAD2"), "2026-05-04T10:00:00+08:00", "B1"), "channel", "FAX"));   // 5
        rows.add(with(good(ref("BAD3"), "2026-05-04T10:00:00+08:00", "B1"), "productionDate", "2026-06-01")); // 6
        Map<String, String> malformed = with(good(ref("BAD4"), "2026-05-04T10:00:00+08:00", "B1"), "receivedAt", "2026-05-04 10:00");
        rows.add(with(malformed, "quantity", "0"));                                            // 7
        rows.add(with(good("", "2026-05-04T10:00:00+08:00", "B1"), "externalRef", ""));         // 8
        rows.add(good(ref("C"), "2026-05-02T10:00:00+08:00", "B1"));                          // 9
        rows.add(good(ref("A"), "2026-05-03T10:00:00+08:00", "B1"));                          // 10
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
        rows.forEach(r -> csv.append(csvLine(r)).append('\n'));
        return csv.toString();
    }

    /** A product-defect case of this test's product, with findings. */
    private Map<String, String> good(String externalRef, String receivedAt, String batch) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("externalRef", externalRef);
        row.put("receivedAt", receivedAt);
        row.put("channel", "MARKETING_BRANCH");
        row.put("customerName", "Xiangtan Mining Co.");
        row.put("customerProvince", "Hunan");
        row.put("customerContact", "");
        row.put("unitCode", "SUB-01");
        row.put("unitProvince", "Hunan");
        row.put("productCode", product);
        row.put("productName", "Rock emulsion explosive");
        row.put("productCategory", "EMULSION_EXPLOSIVE");
        row.put("productSpec", "Φ32 mm, 200 g");
        row.put("regulated", "true");
        row.put("batchNumber", batch);
        row.put("productionDate", "2026-02-01");
        row.put("productionSite", "SITE-A");
        row.put("quantity", "120");
        row.put("problemCategory", "P" + product.replace("-", "_"));
        row.put("problemDescription", "Three holes misfired");
        row.put("remoteReplyPossible", "false");
        row.put("cause", "PRODUCT_DEFECT");
        row.put("repairable", "false");
        row.put("problemProductOnSite", "true");
        row.put("directLossCny", "25000");
        row.put("compensationClaimed", "true");
        row.put("remedyValueCny", "8000");
        row.put("staffDispatched", "2");
        row.put("representative", "false");
        return row;
    }

    private static Map<String, String> with(Map<String, String> row, String column, String value) {
        row.put(column, value);
        return row;
    }

    private static String csvLine(Map<String, String> row) {
        List<String> cells = new ArrayList<>();
        for (String column : HEADER) {
            String value = row.getOrDefault(column, "");
            cells.add(value.matches(".*[,\"\n\r].*") || value.contains("\n")
                    ? '"' + value.replace("\"", "\"\"") + '"' : value);
        }
        return String.join(",", cells);
    }

    private String ref(String name) {
        return "IMPORT-" + run + "-" + name;
    }

    private ResultActions importCsv(String csv) throws Exception {
        return importCsv(csv, "en"); // the messages' English wording
    }

    private ResultActions importCsv(String csv, String language) throws Exception {
        return mvc.perform(multipart("/api/cases/import").header("Accept-Language", language)
                .file(new MockMultipartFile("file", "cases.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
    }

    private long caseIdOfRow(MvcResult result, int row) throws Exception {
        for (JsonNode imported : json.readTree(result.getResponse().getContentAsString()).get("importedCases")) {
            if (imported.get("row").asInt() == row) {
                return imported.get("caseId").asLong();
            }
        }
        throw new AssertionError("row " + row + " was not imported");
    }

    private long recorded(String... externalRefs) {
        return jdbc.sql("select count(*) from aftersales_case where external_ref in (:refs)")
                .param("refs", List.of(externalRefs)).query(Long.class).single();
    }

    private Map<String, Long> counts() {
        return Map.of(
                "cases", jdbc.sql("select count(*) from aftersales_case").query(Long.class).single(),
                "evaluations", jdbc.sql("select count(*) from evaluation").query(Long.class).single(),
                "decisions", jdbc.sql("select count(*) from decision").query(Long.class).single());
    }
}
