package com.example.aftersales.rulesets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

import com.example.aftersales.policy.RuleError;

/**
 * Where a draft changes rule code rather than values: a DRL file, or a workbook's code rows (RuleSet, Import,
 * Functions, the CONDITION/ACTION headers and their code) — cell values are pasted into code, the code rows are code.
 */
final class CodeChanges {

    private CodeChanges() {
    }

    static List<RuleError> between(Map<String, byte[]> active, Map<String, byte[]> draft) {
        List<RuleError> changes = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : draft.entrySet()) {
            byte[] before = active.get(file.getKey());
            if (before != null && Arrays.equals(before, file.getValue())) {
                continue;
            }
            if (file.getKey().endsWith(".drl")) {
                changes.add(RuleError.inFile(file.getKey(), null, before == null ? "new rule code" : "rule code changed"));
            } else if (file.getKey().endsWith(".xlsx")) {
                changes.addAll(codeRows(file.getKey(), before, file.getValue()));
            }
        }
        return changes;
    }

    private static List<RuleError> codeRows(String name, byte[] before, byte[] after) {
        if (before == null) {
            return List.of(RuleError.inFile(name, null, "a new workbook: all of its code rows are new"));
        }
        List<RuleError> changes = new ArrayList<>();
        DataFormatter formatter = new DataFormatter();
        try (Workbook a = WorkbookFactory.create(new ByteArrayInputStream(before));
             Workbook b = WorkbookFactory.create(new ByteArrayInputStream(after))) {
            for (Sheet sheet : b) {
                Sheet old = a.getSheet(sheet.getSheetName());
                int last = codeRowsEnd(sheet);
                for (int r = 0; r <= last; r++) {
                    Row newRow = sheet.getRow(r);
                    Row oldRow = old == null ? null : old.getRow(r);
                    int cells = Math.max(newRow == null ? 0 : newRow.getLastCellNum(), oldRow == null ? 0 : oldRow.getLastCellNum());
                    for (int c = 0; c < cells; c++) {
                        String was = text(formatter, oldRow == null ? null : oldRow.getCell(c));
                        String is = text(formatter, newRow == null ? null : newRow.getCell(c));
                        if (!was.equals(is)) {
                            changes.add(RuleError.inCell(name, sheet.getSheetName(), r + 1, CellReference.convertNumToColString(c),
                                    "code changed from '" + was + "' to '" + is + "'"));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            changes.add(RuleError.inFile(name, null, "cannot be compared with the active version (" + e.getMessage() + ")"));
        }
        return changes;
    }

    /** The last code row: the label row under the RuleTable's CONDITION/ACTION code (4 rows below "RuleTable"). */
    private static int codeRowsEnd(Sheet sheet) {
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.toString().trim().startsWith("RuleTable")) {
                return row.getRowNum() + 3;
            }
        }
        return sheet.getLastRowNum();
    }

    private static String text(DataFormatter formatter, Cell cell) {
        return cell == null ? "" : formatter.formatCellValue(cell).trim();
    }
}
