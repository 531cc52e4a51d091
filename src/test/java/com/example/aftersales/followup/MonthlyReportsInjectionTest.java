package com.example.aftersales.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.exports.ExportAssertions;
import com.example.aftersales.BothDatabases;

/**
 * A case recorded through the API with a product code, unit and province that read like formulas: the monthly
 * workbook (in Chinese) holds them prefixed with a quote, in its breakdowns and its list of cases (OWASP
 * CSV injection), and its counts still as numbers. April 2019 is this test's own month in the shared database; other
 * cases of that month would not disturb it.
 */
@BothDatabases
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class MonthlyReportsInjectionTest {

    static final String PRODUCT = "=HYPERLINK(\"http://x\")";
    static final String UNIT = "-5";
    static final String PROVINCE = "@Hunan";

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;

    @Test
    void theMonthlyWorkbookHoldsFormulaLikeTextAsTextAndCountsAsNumbers() throws Exception {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "INJ-" + UUID.randomUUID());
        data.put("receivedAt", "2019-04-16T09:30:00+08:00");
        data.put("productionDate", "2019-03-01");
        ((ObjectNode) data.get("product")).put("code", PRODUCT);
        ((ObjectNode) data.get("responsibleUnit")).put("code", UNIT).put("province", PROVINCE);
        ((ObjectNode) data.get("customer")).put("province", PROVINCE);
        ((ObjectNode) data.get("findings")).put("cause", "IMPROPER_OPERATION");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated());

        byte[] xlsx = mvc.perform(get("/api/reports/monthly/2019-04.xlsx").header("Accept-Language", "zh-CN")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            assertThat(count(workbook.getSheet("按产品"), "'" + PRODUCT)).isEqualTo(1);
            assertThat(count(workbook.getSheet("按责任单位"), "'" + UNIT)).isEqualTo(1);
            assertThat(count(workbook.getSheet("按用户省份"), "'" + PROVINCE)).isEqualTo(1);
            Row cases = workbook.getSheet("汇总").getRow(5);
            assertThat(cases.getCell(0).getStringCellValue()).isEqualTo("受理质量信息数");
            assertThat(cases.getCell(1).getCellType()).isEqualTo(CellType.NUMERIC);
            Row detail = null;
            for (Row row : workbook.getSheet("质量信息明细")) {
                if (row.getCell(3).getStringCellValue().equals("'" + PRODUCT)) detail = row;
            }
            assertThat(detail).as("the case, one per row").isNotNull();
            assertThat(detail.getCell(8).getStringCellValue()).isEqualTo("'" + UNIT);
            assertThat(detail.getCell(9).getStringCellValue()).as("an unknown unit is its own label").isEqualTo("'" + UNIT);
            assertThat(detail.getCell(10).getStringCellValue()).isEqualTo("'" + PROVINCE);
            assertThat(detail.getCell(11).getStringCellValue()).isEqualTo("'" + PROVINCE);
            ExportAssertions.assertNoFormulas(workbook);
        }
    }

    /** The cases counted for this key in a breakdown sheet (a number cell), or null when the key is not there. */
    private static Double count(Sheet sheet, String key) {
        for (Row row : sheet) {
            if (row.getRowNum() > 0 && row.getCell(0).getStringCellValue().equals(key)) {
                Cell cases = row.getCell(row.getLastCellNum() - 1); // after the key's label, when it has one
                assertThat(cases.getCellType()).isEqualTo(CellType.NUMERIC);
                return cases.getNumericCellValue();
            }
        }
        return null;
    }
}
