package com.example.aftersales.rulesets;

import static com.example.aftersales.rulesets.ScenarioWorkbooks.FIRST;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.NAME;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.cell;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.edit;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Name;
import org.junit.jupiter.api.Test;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.internal.RulesetCompiler;
import com.example.aftersales.rulesets.Scenarios.Failure;

/** Scenario workbooks read as data: each row a scenario of its own, a bad cell named by row and column in words. */
class ScenarioWorkbookTest {

    private static final RuleFiles SHIPPED = RuleFiles.load(Path.of("."));
    private static final CompiledRuleset RULES = new RulesetCompiler(1000).compile(SHIPPED);

    @Test
    void aScenarioWorkbookIsAScenarioFileAndData() {
        assertThat(RuleFiles.nameFor("qd.scenarios.xlsx")).isEqualTo("scenarios/qd.scenarios.xlsx");
        assertThat(RuleFiles.nameFor("C:\\Users\\li\\QD.Scenarios.XLS")).isEqualTo("scenarios/QD.Scenarios.xls");
        assertThat(RuleFiles.nameFor("major-incident.xlsx")).isEqualTo("decision-tables/major-incident.xlsx");
        assertThat(RuleFiles.isScenario("scenarios/qd.scenarios.xlsx")).isTrue();
        assertThat(RuleFiles.isCode("scenarios/qd.scenarios.xlsx")).isFalse();
        assertThat(RuleFiles.isScenario("scenarios/qd.xlsx")).isFalse();
        RuleFiles xls = SHIPPED.with(Map.of("scenarios/quality-department.scenarios.xls", new byte[] {1}), List.of());
        assertThat(xls.files()).containsKey("scenarios/quality-department.scenarios.xls").doesNotContainKey(NAME);
    }

    @Test
    void eachRowIsAScenarioNamedByItsId() {
        Map<String, byte[]> scenarios = Scenarios.of(SHIPPED);
        assertThat(scenarios).containsKeys(NAME + "#QD-01", NAME + "#QD-02", NAME + "#QD-03", NAME + "#QD-04")
                .doesNotContainKey(NAME);
        assertThat(Scenarios.failures(scenarios, RULES)).isEmpty();
    }

    @Test
    void aBadCellFailsItsRowOnlyNamingRowAndColumnInWords() {
        byte[] edited = edit(shipped(), sheet -> {
            cell(sheet, FIRST + 1, "receivedAt").setCellValue("20.11.2026 9:30");
            cell(sheet, FIRST + 2, "expect").setCellValue("RECTIFICATION_ORDERS=RECURRING @ 重复性：同一产品同一问题 / Recurring: one product and problem");
            cell(sheet, FIRST + 3, "priorDefects").setCellValue("2026-09-02 EX-200 MISFIRE");
        });
        List<Failure> failures = failures(edited);
        assertThat(failures).extracting(Failure::scenario).containsExactly(NAME + "#QD-02", NAME + "#QD-03", NAME + "#QD-04");
        assertThat(failures.get(0).title()).contains("A detonator on its last valid day");
        assertThat(failures.get(0).problems()).containsExactly(NAME + ", sheet Scenarios, row 11, column D (receivedAt): "
                + "not a date-time with offset such as 2026-11-20T09:30:00+08:00");
        assertThat(failures.get(1).problems()).singleElement().asString()
                .startsWith(NAME + ", sheet Scenarios, row 12, column AD (expect): 'RECTIFICATION_ORDERS=RECURRING")
                .contains("'RECTIFICATION_ORDERS' is not a decision type");
        assertThat(failures.get(2).problems()).singleElement().asString()
                .startsWith(NAME + ", sheet Scenarios, row 13, column AC (priorDefects): defect 1 ('2026-09-02 EX-200 MISFIRE') is not");
    }

    @Test
    void aCaseCellIsCheckedAsTheImportChecksIt() {
        byte[] edited = edit(shipped(), sheet -> {
            cell(sheet, FIRST, "channel").setCellValue("PHONE");
            cell(sheet, FIRST, "quantity").setCellValue("many");
            cell(sheet, FIRST, "productionDate").setCellValue("2027-01-01");
        });
        assertThat(failures(edited)).singleElement().satisfies(f -> assertThat(f.problems()).containsExactly(
                NAME + ", sheet Scenarios, row 10, column E (channel): must be MARKETING_BRANCH or QUALITY_DEPARTMENT",
                NAME + ", sheet Scenarios, row 10, column O (productionDate): must not be after the date of receivedAt",
                NAME + ", sheet Scenarios, row 10, column Q (quantity): not a whole number"));
    }

    @Test
    void anIdIsNeededAndUnique() {
        byte[] edited = edit(shipped(), sheet -> {
            cell(sheet, FIRST + 1, "id").setCellValue("QD-01");
            cell(sheet, FIRST + 2, "id").setBlank();
        });
        List<Failure> failures = failures(edited);
        assertThat(failures).extracting(Failure::scenario).containsExactly(NAME + "#<row 11>", NAME + "#<row 12>");
        assertThat(failures.get(0).problems()).containsExactly(NAME + ", sheet Scenarios, row 11, column A (id): 'QD-01' is the id of row 10 already");
        assertThat(failures.get(1).problems()).containsExactly(NAME + ", sheet Scenarios, row 12, column A (id): empty: every scenario needs an id, unique in the workbook");
    }

    @Test
    void aWorkbookThatCannotBeReadFailsAsAWhole() {
        assertThat(failures("not a workbook".getBytes(StandardCharsets.UTF_8))).singleElement().satisfies(f -> {
            assertThat(f.scenario()).isEqualTo(NAME);
            assertThat(f.problems()).singleElement().asString().contains("not a readable .xlsx file");
        });
        byte[] misspelt = edit(shipped(), sheet -> sheet.getRow(ScenarioWorkbooks.HEADER).getCell(31).setCellValue("Anmerkungen"));
        assertThat(failures(misspelt)).singleElement().satisfies(f -> assertThat(f.problems()).singleElement().asString()
                .startsWith(NAME + ", sheet Scenarios, row 9: the header row: column AF ('Anmerkungen') is not a column of a scenario workbook"));
        byte[] noExpect = edit(shipped(), sheet -> sheet.getRow(ScenarioWorkbooks.HEADER).getCell(29).setCellValue("expected"));
        assertThat(failures(noExpect)).singleElement().satisfies(f -> assertThat(f.problems()).singleElement().asString()
                .contains("no scenarios: no sheet has a row naming the columns id, clause, title, expect"));
    }

    @Test
    void formulasAreComputedAndCodeInACellIsText() {
        byte[] edited = edit(shipped(), sheet -> {
            cell(sheet, FIRST, "expect").setCellFormula("\"MAJOR_INCIDENT=\"&\"REPORT_TO_LEADERS\"");
            cell(sheet, FIRST, "title").setCellValue("\"); System.exit(1); //");
            cell(sheet, FIRST, "regulated").setCellFormula("TRUE()");
            cell(sheet, FIRST + 1, "quantity").setCellFormula("1/0");
        });
        List<Failure> failures = failures(edited);
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.scenario()).isEqualTo(NAME + "#QD-02");
            assertThat(f.problems()).containsExactly(NAME + ", sheet Scenarios, row 11, column Q (quantity): "
                    + "the formula =1/0 cannot be computed: type its value instead");
        });
    }

    @Test
    void aWorkbookIsReadOnceForTheSameBytesAndWhatIsKeptCannotBeChanged() {
        Map<String, byte[]> first = Scenarios.ofWorkbook(NAME, shipped());
        assertThat(Scenarios.ofWorkbook(NAME, shipped())).as("the same bytes: the scenarios read before").isSameAs(first);
        byte[] edited = edit(shipped(), sheet -> sheet.getRow(sheet.getLastRowNum()).getCell(1).setCellValue("another title"));
        assertThat(Scenarios.ofWorkbook(NAME, edited)).isNotSameAs(first);
        assertThatThrownBy(() -> first.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void definedNamesAreIgnored() {
        byte[] edited = edit(shipped(), sheet -> {
            Name name = sheet.getWorkbook().createName();
            name.setNameName("expect");
            name.setRefersToFormula("Scenarios!$A$1");
            Name other = sheet.getWorkbook().createName();
            other.setNameName("Auto_Open");
            other.setRefersToFormula("Scenarios!$A$2");
        });
        assertThat(texts(Scenarios.ofWorkbook(NAME, edited))).isEqualTo(texts(Scenarios.ofWorkbook(NAME, shipped())));
    }

    @Test
    void aHugeWorkbookIsRefused() throws Exception {
        assertThat(failures(com.example.aftersales.Workbooks.zipBomb(shipped(), 40))).singleElement().satisfies(f -> {
            assertThat(f.scenario()).isEqualTo(NAME);
            assertThat(f.problems()).singleElement().asString().contains("scenario workbook").containsIgnoringCase("zip bomb");
        });
        byte[] many = edit(shipped(), sheet -> {
            for (int r = FIRST + 4; r <= FIRST + 2_000; r++) {
                ScenarioWorkbooks.copyRow(sheet, FIRST, r);
                cell(sheet, r, "id").setCellValue("ROW-" + r);
            }
        });
        assertThat(failures(many)).singleElement().satisfies(f -> assertThat(f.problems()).singleElement().asString()
                .contains("more than 2000 scenarios"));
    }

    private static Map<String, String> texts(Map<String, byte[]> scenarios) {
        Map<String, String> texts = new java.util.TreeMap<>();
        scenarios.forEach((name, yaml) -> texts.put(name, new String(yaml, StandardCharsets.UTF_8)));
        return texts;
    }

    private static List<Failure> failures(byte[] workbook) {
        return Scenarios.failures(Scenarios.of(SHIPPED.with(Map.of(NAME, workbook), List.of())), RULES);
    }
}
