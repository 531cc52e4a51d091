package com.example.aftersales.policy.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.RuleCompilationException;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.internal.RulesetCompiler;
import com.example.aftersales.rulesets.Scenarios;

/**
 * The shipped workbooks as Excel-like programs save them (LibreOffice xlsx and xls, openpyxl, POI; formats, inserted
 * rows and columns, notes) are read as the shipped ones: same rows, same decisions. Fixtures and how they were made:
 * {@code src/test/resources/workbooks/README.md}.
 */
class WorkbookFidelityTest {

    private static final Path FIXTURES = Path.of("src/test/resources/workbooks");
    private static final List<String> TABLES = List.of("approval-authority", "major-incident", "rectification-triggers",
            "remedy-matrix", "response-time", "validity-period");

    private static final RuleFiles SHIPPED = RuleFiles.load(Path.of("."));
    private static final CompiledRuleset SHIPPED_RULES = new RulesetCompiler(1000).compile(SHIPPED);

    /** How a fixture differs from its shipped workbook, as far as reading it goes. */
    enum Change { NONE, ROW_INSERTED, COLUMN_INSERTED, NOTES }

    record Fixture(String path, String table, Change change) {
        @Override
        public String toString() {
            return path;
        }
    }

    static Stream<Fixture> fixtures() {
        List<Fixture> all = new ArrayList<>();
        for (String t : TABLES) {
            all.add(new Fixture("libreoffice/" + t + ".xlsx", t, Change.NONE));
            all.add(new Fixture("libreoffice-xls/" + t + ".xls", t, Change.NONE));
            all.add(new Fixture("poi/" + t + ".xlsx", t, Change.NONE));
        }
        all.add(new Fixture("libreoffice-edited/major-incident-thousands.xlsx", "major-incident", Change.NONE));
        all.add(new Fixture("libreoffice-edited/major-incident-yuan.xlsx", "major-incident", Change.NONE));
        all.add(new Fixture("libreoffice-edited/validity-period-months-decimal.xlsx", "validity-period", Change.NONE));
        all.add(new Fixture("libreoffice-edited/validity-period-row-inserted.xlsx", "validity-period", Change.ROW_INSERTED));
        all.add(new Fixture("libreoffice-edited/validity-period-column-inserted.xlsx", "validity-period", Change.COLUMN_INSERTED));
        all.add(new Fixture("libreoffice-edited/approval-authority-notes.xlsx", "approval-authority", Change.NOTES));
        all.add(new Fixture("openpyxl/remedy-matrix.xlsx", "remedy-matrix", Change.NONE));
        all.add(new Fixture("openpyxl/approval-authority.xlsx", "approval-authority", Change.NONE));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readAsTheShippedWorkbook(Fixture fixture) throws IOException {
        Path file = FIXTURES.resolve(fixture.path());
        assertThat(file).as("fixture (re-create with make-fixtures.sh)").isRegularFile();
        byte[] bytes = Files.readAllBytes(file);
        String name = RuleFiles.TABLE_FOLDER + "/" + fixture.table() + fixture.path().substring(fixture.path().lastIndexOf('.'));
        String definition = RuleFiles.DRL_FOLDER + "/" + fixture.table() + RuleFiles.TABLE_DEFINITION;

        RuleFiles files = SHIPPED.with(Map.of(name, bytes), List.of());
        assertThat(files.workbookFor(definition)).isEqualTo(name);
        assertThat(files.files()).hasSameSizeAs(SHIPPED.files());
        CompiledRuleset rules = new RulesetCompiler(1000).compile(files);

        assertThat(Scenarios.failures(Scenarios.of(files), rules)).isEmpty();

        WorkbookReader.Table shipped = table(SHIPPED, definition, SHIPPED.workbookFor(definition));
        WorkbookReader.Table table = table(files, definition, name);
        assertThat(table.sheet()).isEqualTo(shipped.sheet());
        assertThat(namesAndValues(table)).isEqualTo(namesAndValues(shipped));
        int shift = fixture.change() == Change.ROW_INSERTED ? 1 : 0;
        assertThat(table.headerRow()).isEqualTo(shipped.headerRow() + shift);
        assertThat(table.rows().stream().map(r -> r.row() - shift).toList())
                .isEqualTo(shipped.rows().stream().map(WorkbookReader.TableRow::row).toList());
        if (fixture.change() == Change.COLUMN_INSERTED) {
            assertThat(table.rows().get(0).cells().get("rule")).isEqualTo("B");
        }

        assertThat(decisions(rules)).isEqualTo(decisions(SHIPPED_RULES));
        if (fixture.change() == Change.NOTES) {
            assertThat(rules.warnings()).anySatisfy(w -> assertThat(w.en()).contains("sheet Notes").contains("ignored"))
                    .anySatisfy(w -> assertThat(w.en()).contains("'备注'").contains("ignored"));
        } else {
            assertThat(rules.warnings()).isEqualTo(SHIPPED_RULES.warnings());
        }
    }

    @Test
    void openDocumentIsRefusedByName() throws IOException {
        Path ods = FIXTURES.resolve("libreoffice-ods/major-incident.ods");
        assertThat(ods).isRegularFile();
        assertThat(firstEntry(Files.readAllBytes(ods))).isEqualTo("mimetype");
        assertThatThrownBy(() -> RuleFiles.nameFor(ods.getFileName().toString()))
                .isInstanceOf(RuleCompilationException.class)
                .hasMessageContaining("save it as Excel (.xlsx)");
    }

    @Test
    void openDocumentRenamedToXlsxIsAnErrorOfItsFile() throws IOException {
        byte[] ods = Files.readAllBytes(FIXTURES.resolve("libreoffice-ods/major-incident.ods"));
        RuleFiles files = SHIPPED.with(Map.of("decision-tables/major-incident.xlsx", ods), List.of());
        assertThatThrownBy(() -> new RulesetCompiler(1000).compile(files))
                .isInstanceOfSatisfying(RuleCompilationException.class, e -> assertThat(e.errors())
                        .extracting(RuleError::file).containsExactly("decision-tables/major-incident.xlsx"));
    }

    private static WorkbookReader.Table table(RuleFiles files, String definitionName, String workbook) {
        List<RuleError> errors = new ArrayList<>();
        TableDefinition definition = TableDefinition.read(definitionName, files.files().get(definitionName), errors);
        WorkbookReader.Table table = WorkbookReader.read(workbook, files.files().get(workbook), definition,
                WorkbookReader.Limits.DEFAULT, errors);
        assertThat(errors).isEmpty();
        assertThat(table.rows()).isNotEmpty();
        return table;
    }

    private static List<Map<String, Object>> namesAndValues(WorkbookReader.Table table) {
        return table.rows().stream().map(WorkbookReader.TableRow::values).toList();
    }

    /** Every scenario's decisions, but for where they were read from (file, sheet and row). */
    private static List<List<String>> decisions(CompiledRuleset rules) throws IOException {
        List<List<String>> all = new ArrayList<>();
        for (Map.Entry<String, byte[]> s : Scenarios.of(SHIPPED).entrySet()) {
            Scenarios.Scenario scenario = Scenarios.read(s.getValue());
            rules.evaluate(scenario.caseData().toFacts(), Scenarios.priors(scenario)).decisions().forEach(d ->
                    all.add(java.util.Arrays.asList(s.getKey(), d.type(), d.value(), d.rule(), d.clause(), d.reason())));
        }
        return all;
    }

    private static String firstEntry(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            return in.getNextEntry().getName();
        }
    }
}
