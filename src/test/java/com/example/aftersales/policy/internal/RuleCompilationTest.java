package com.example.aftersales.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.RuleCompilationException;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.RunawayRulesException;
import com.example.aftersales.policy.facts.CaseFacts;

/**
 * What a quality manager sees when a rule file is wrong: every error names its file and line, or its workbook,
 * sheet, row and column. Works on a copy of the shipped rules in a temporary folder; no Spring.
 */
class RuleCompilationTest {

    private static final String APPROVAL = "decision-tables/approval-authority.xlsx";
    private static final String HANDLING = "rules/handling.drl";

    @TempDir
    Path dir;

    @BeforeEach
    void copyShippedRules() throws IOException {
        for (String folder : List.of(RuleFiles.DRL_FOLDER, RuleFiles.TABLE_FOLDER)) {
            Path target = Files.createDirectories(dir.resolve(folder));
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
    }

    @Test
    void theUnchangedCopyCompiles() {
        CompiledRuleset ruleset = compile(1000);
        assertThat(ruleset.ruleCount()).isGreaterThan(0);
        assertThat(ruleset.sourceOf("审批：子（分）公司总经理 / Approval: subsidiary general manager"))
                .isEqualTo(APPROVAL + "!Authority!11");
    }

    @Test
    void textInANumberCellIsReportedAtItsCell() {
        editWorkbook(APPROVAL, wb -> wb.getSheet("Authority").getRow(10).getCell(2).setCellValue("abc")); // C11

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo(APPROVAL);
            assertThat(error.sheet()).isEqualTo("Authority");
            assertThat(error.row()).isEqualTo(11);
            assertThat(error.column()).isEqualTo("C");
            assertThat(error.message()).contains("abc");
            assertThat(error.toString()).contains("row 11, column C");
        });
        assertThat(e.getMessage()).contains(APPROVAL + ", sheet Authority, row 11, column C");
    }

    @Test
    void aBrokenRuleTemplateIsReportedAtTheTableRowsItBreaks() throws IOException {
        Path definition = dir.resolve("rules/validity-period.table.yaml");
        Files.writeString(definition, Files.readString(definition).replace("new ValidityPeriod(", "new NoSuchTerm("));
        String validity = "decision-tables/validity-period.xlsx";

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).allSatisfy(error -> {
            assertThat(error.file()).isEqualTo(validity);
            assertThat(error.sheet()).isEqualTo("Validity");
            assertThat(error.message()).contains("rules/validity-period.table.yaml").doesNotContain("NoSuchTerm");
            assertThat(error.messages().zh()).contains("rules/validity-period.table.yaml 的规则模板");
        });
        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.row()).isEqualTo(10);
            assertThat(error.detail()).as("Drools' own words, for the rule author").contains("NoSuchTerm");
        });
    }

    @Test
    void aCodeColumnTakesCodesOnly() {
        String validity = "decision-tables/validity-period.xlsx";
        editWorkbook(validity, wb -> wb.getSheet("Validity").getRow(9).getCell(1).setCellValue("emulsion explosive")); // B10

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.row()).isEqualTo(10);
            assertThat(error.column()).isEqualTo("B");
            assertThat(error.message()).contains("not a code");
        });
    }

    @Test
    void twoRowsWithTheSameConditionsAreAnError() {
        String validity = "decision-tables/validity-period.xlsx";
        editWorkbook(validity, wb -> wb.getSheet("Validity").getRow(10).getCell(1).setCellValue("EMULSION_EXPLOSIVE")); // B11 = B10

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo(validity);
            assertThat(error.row()).isEqualTo(11);
            assertThat(error.column()).isEqualTo("B");
            assertThat(error.message()).contains("row 10");
        });
    }

    @Test
    void codeSmuggledIntoACodeCellIsRefusedAtItsCell() {
        String injection = "\"); System.exit(1); //";
        editWorkbook(APPROVAL, wb -> wb.getSheet("Authority").getRow(9).getCell(3).setCellValue(injection)); // D10

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo(APPROVAL);
            assertThat(error.sheet()).isEqualTo("Authority");
            assertThat(error.row()).isEqualTo(10);
            assertThat(error.column()).isEqualTo("D");
            assertThat(error.message()).contains("not a code");
        });
    }

    @Test
    void aRuleNameIsDataShownAsWrittenAndNeverCode() {
        String name = "Approval\" salience when then System.exit(status); end rule \"x */ \\u0022 审批";
        editWorkbook(APPROVAL, wb -> wb.getSheet("Authority").getRow(9).getCell(0).setCellValue(name)); // A10

        CompiledRuleset ruleset = compile(1000);
        CaseFacts facts = new CaseFacts(OffsetDateTime.parse("2026-11-20T09:30:00+08:00"), "MARKETING_BRANCH", "Hunan", "SUB-01",
                "Hunan", "EX-200", "EMULSION_EXPLOSIVE", true, "B2026-0801-01", LocalDate.parse("2026-08-01"), "SITE-A",
                120, "MISFIRE", false, new CaseFacts.Findings("PRODUCT_DEFECT", false, true,
                java.math.BigDecimal.ZERO, false, new java.math.BigDecimal("3000"), 1, false));

        assertThat(ruleset.evaluate(facts, List.of()).decisions())
                .anySatisfy(d -> {
                    assertThat(d.type()).isEqualTo("APPROVAL");
                    assertThat(d.rule()).isEqualTo(name);
                    assertThat(d.source()).isEqualTo(APPROVAL + "!Authority!10");
                });
    }

    @Test
    void aRuleNameStatingAnotherFigureThanItsRowIsAnErrorAtTheName() {
        editWorkbook(APPROVAL, wb -> wb.getSheet("Authority").getRow(10).getCell(0)
                .setCellValue("审批：子（分）公司总经理 / Approval: subsidiary general manager up to 30,000 CNY")); // A11; its row says 5000 and 20000

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.row()).isEqualTo(11);
            assertThat(error.column()).isEqualTo("A");
            assertThat(error.message()).contains("30,000").contains("5000, 20000");
        });
    }

    @Test
    void aDrlSyntaxErrorIsReportedAtItsFileAndLine() throws IOException {
        Path handling = dir.resolve(HANDLING);
        List<String> lines = new ArrayList<>(Files.readAllLines(handling, StandardCharsets.UTF_8));
        int broken = lines.indexOf("    CaseFacts( !remoteReplyPossible )") + 1;
        assertThat(broken).as("the line to break in the shipped %s", HANDLING).isPositive();
        lines.set(broken - 1, "    CaseFacts( !remoteReplyPossible ) ) )");
        Files.write(handling, lines, StandardCharsets.UTF_8);

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo(HANDLING);
            assertThat(error.line()).isEqualTo(broken);
        });
        assertThat(e.errors()).allSatisfy(error -> assertThat(error.file()).isEqualTo(HANDLING));
    }

    @Test
    void aTableWithoutDataRowsIsAnError() {
        editWorkbook(APPROVAL, wb -> {
            Sheet sheet = wb.getSheet("Authority");
            for (int r = 9; r <= sheet.getLastRowNum(); r++) { // Excel rows 10 and below
                Row row = sheet.getRow(r);
                if (row != null) {
                    sheet.removeRow(row);
                }
            }
        });

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo(APPROVAL);
            assertThat(error.sheet()).isEqualTo("Authority");
            assertThat(error.message()).contains("no rows");
        });
    }

    @Test
    void anAddedNotesSheetIsIgnoredWithAWarningNamingIt() {
        editWorkbook(APPROVAL, wb -> wb.createSheet("Explanations").createRow(0).createCell(0)
                .setCellValue("The tiers were agreed with the general manager in 2026."));

        CompiledRuleset ruleset = compile(1000);

        assertThat(ruleset.warnings()).anySatisfy(w -> {
            assertThat(w.en()).contains(APPROVAL, "sheet Explanations", "ignored");
            assertThat(w.zh()).contains(APPROVAL, "工作表 Explanations", "已忽略");
        });
        assertThat(ruleset.sourceOf("审批：子（分）公司总经理 / Approval: subsidiary general manager")).isEqualTo(APPROVAL + "!Authority!11");
    }

    @Test
    void aRuleNameUsedInTwoDrlFilesIsAnError() throws IOException {
        Files.writeString(dir.resolve("rules/extra.drl"), """
                package aftersales.policy;

                import com.example.aftersales.policy.facts.*;

                rule "满意度回访：每个案件 / Satisfaction call: every case"
                    @clause("P18")
                when
                    CaseFacts()
                then
                end
                """);

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> {
            assertThat(error.file()).isIn("rules/extra.drl", "rules/follow-up.drl");
            assertThat(error.line()).isNotNull();
            assertThat(error.message()).contains("满意度回访：每个案件 / Satisfaction call: every case").contains("already used");
        });
    }

    @Test
    void aRuleNameUsedInADrlFileAndATableIsAnError() throws IOException {
        Files.writeString(dir.resolve("rules/extra.drl"), """
                package aftersales.policy;

                import com.example.aftersales.policy.facts.*;

                rule "审批：子（分）公司总经理 / Approval: subsidiary general manager"
                when
                    CaseFacts()
                then
                end
                """);

        RuleCompilationException e = compileFails();

        assertThat(e.errors()).anySatisfy(error -> assertThat(error.message())
                .contains("审批：子（分）公司总经理 / Approval: subsidiary general manager").contains("already used"));
    }

    @Test
    void aRuleThatKeepsTriggeringItselfStopsAtTheFiringLimit() throws IOException {
        Files.writeString(dir.resolve("rules/runaway.drl"), """
                package aftersales.policy;

                import com.example.aftersales.policy.facts.*;

                rule "Runaway: start counting"
                when
                    CaseFacts()
                then
                    insert( Integer.valueOf( 0 ) );
                end

                rule "Runaway: count on forever"
                when
                    CaseFacts()
                    $n : Integer()
                then
                    insert( Integer.valueOf( $n.intValue() + 1 ) );
                end
                """);
        CompiledRuleset ruleset = compile(50);

        assertThatThrownBy(() -> ruleset.evaluate(someCase(), List.of()))
                .isInstanceOf(RunawayRulesException.class)
                .hasMessageContaining("50")
                .satisfies(t -> assertThat(((RunawayRulesException) t).lastRules()).contains("Runaway: count on forever"));
    }

    @Test
    void theSameRuleCodeIsBuiltOnceAndAChangeIsBuiltAgain() throws IOException {
        CompiledRuleset first = compile(1000);
        long builds = RulesetCompiler.builds();
        CompiledRuleset again = compile(1000);
        assertThat(RulesetCompiler.builds()).as("the same rule code is not built twice").isEqualTo(builds);
        assertThat(again.evaluate(someCase(), List.of()).decisions())
                .isEqualTo(first.evaluate(someCase(), List.of()).decisions());

        // a sheet the rules do not read changes the file, not the rule code
        editWorkbook(APPROVAL, wb -> wb.createSheet("备注").createRow(0).createCell(0).setCellValue("说明"));
        assertThat(RuleFiles.load(dir).version()).isNotEqualTo(first.version());
        compile(1000);
        assertThat(RulesetCompiler.builds()).isEqualTo(builds);

        // a changed rule file is new rule code: built again
        Files.writeString(dir.resolve(HANDLING), Files.readString(dir.resolve(HANDLING)) + "\n// edited\n");
        CompiledRuleset edited = compile(1000);
        assertThat(RulesetCompiler.builds()).isEqualTo(builds + 1);
        assertThat(edited.version()).isNotEqualTo(first.version());
    }

    private CompiledRuleset compile(int maxFirings) {
        return new RulesetCompiler(maxFirings).compile(RuleFiles.load(dir));
    }

    private RuleCompilationException compileFails() {
        RuleCompilationException e = catchThrowableOfType(RuleCompilationException.class, () -> compile(1000));
        assertThat(e).as("the rules should not compile").isNotNull();
        assertThat(e.errors()).isNotEmpty();
        return e;
    }

    private void editWorkbook(String name, Consumer<Workbook> edit) {
        Path file = dir.resolve(name);
        try (InputStream in = Files.newInputStream(file); Workbook wb = WorkbookFactory.create(in)) {
            edit.accept(wb);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CaseFacts someCase() {
        return new CaseFacts(OffsetDateTime.parse("2026-11-20T09:30:00+08:00"), "MARKETING_BRANCH", "Hunan", "SUB-01",
                "Hunan", "EX-200", "EMULSION_EXPLOSIVE", true, "B2026-0801-01", LocalDate.parse("2026-08-01"), "SITE-A",
                120, "MISFIRE", false, null);
    }
}
