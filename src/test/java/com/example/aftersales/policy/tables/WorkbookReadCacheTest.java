package com.example.aftersales.policy.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.aftersales.Workbooks;
import com.example.aftersales.policy.RuleError;

/** A workbook read once is not opened again for the same bytes; other bytes are read afresh; what is kept is unmodifiable. */
class WorkbookReadCacheTest {

    private static final String WORKBOOK = "decision-tables/major-incident.xlsx";

    @Test
    void theSameBytesGiveTheTableReadBeforeOtherBytesAreReadAgain() throws Exception {
        List<RuleError> errors = new ArrayList<>();
        TableDefinition definition = TableDefinition.read("rules/major-incident.table.yaml",
                Files.readAllBytes(Path.of("rules/major-incident.table.yaml")), errors);
        byte[] shipped = Files.readAllBytes(Path.of(WORKBOOK));

        WorkbookReader.Table first = WorkbookReader.read(WORKBOOK, shipped, definition, WorkbookReader.Limits.DEFAULT, errors);
        WorkbookReader.Table again = WorkbookReader.read(WORKBOOK, shipped.clone(), definition, WorkbookReader.Limits.DEFAULT, errors);
        assertThat(errors).isEmpty();
        assertThat(again).as("the same bytes: the table read before").isSameAs(first);

        byte[] changed = Workbooks.withCell(WORKBOOK, 9, 2, 10000);
        WorkbookReader.Table other = WorkbookReader.read(WORKBOOK, changed, definition, WorkbookReader.Limits.DEFAULT, errors);
        assertThat(other).isNotSameAs(first);
        assertThat(other.rows()).anySatisfy(row -> assertThat(row.values()).containsValue(new BigDecimal("10000")));
        assertThat(first.rows()).noneSatisfy(row -> assertThat(row.values()).containsValue(new BigDecimal("10000")));

        assertThatThrownBy(() -> first.rows().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> first.rows().get(0).values().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aWorkbookWithAnErrorIsReadAgainEachTime() throws Exception {
        List<RuleError> errors = new ArrayList<>();
        TableDefinition definition = TableDefinition.read("rules/major-incident.table.yaml",
                Files.readAllBytes(Path.of("rules/major-incident.table.yaml")), errors);
        byte[] bad = Workbooks.withCell(WORKBOOK, 9, 2, "twenty thousand");
        assertThat(WorkbookReader.read(WORKBOOK, bad, definition, WorkbookReader.Limits.DEFAULT, errors)).isNull();
        int once = errors.size();
        assertThat(once).isPositive();
        assertThat(WorkbookReader.read(WORKBOOK, bad, definition, WorkbookReader.Limits.DEFAULT, errors)).isNull();
        assertThat(errors).as("the same errors again, in words").hasSize(2 * once);
    }
}
