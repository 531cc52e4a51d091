package com.example.aftersales.rulesets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/** The shipped scenario workbook, edited as a quality manager would in Excel. */
final class ScenarioWorkbooks {

    static final String NAME = "scenarios/quality-department.scenarios.xlsx";
    /** The header row (from 0), and the first scenario's row. */
    static final int HEADER = 8;
    static final int FIRST = 9;

    private ScenarioWorkbooks() {
    }

    static byte[] shipped() {
        try {
            return Files.readAllBytes(Path.of(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the workbook with its first sheet changed. */
    static byte[] edit(byte[] workbook, Consumer<Sheet> change) {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(workbook))) {
            change.accept(wb.getSheetAt(0));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The column (from 0) whose header ends in "/ name". */
    static int column(Sheet sheet, String name) {
        for (Cell cell : sheet.getRow(HEADER)) {
            if (cell.getStringCellValue().endsWith("/ " + name)) return cell.getColumnIndex();
        }
        throw new IllegalArgumentException("no column " + name);
    }

    static Cell cell(Sheet sheet, int row, String column) {
        Row r = sheet.getRow(row) == null ? sheet.createRow(row) : sheet.getRow(row);
        return r.getCell(column(sheet, column), Row.MissingCellPolicy.CREATE_NULL_AS_BLANK);
    }

    /** Copies a row's cells (values and styles) to another row. */
    static void copyRow(Sheet sheet, int from, int to) {
        Row source = sheet.getRow(from);
        Row target = sheet.getRow(to) == null ? sheet.createRow(to) : sheet.getRow(to);
        for (Cell cell : source) {
            Cell copy = target.createCell(cell.getColumnIndex());
            copy.setCellStyle(cell.getCellStyle());
            switch (cell.getCellType()) {
                case NUMERIC -> copy.setCellValue(cell.getNumericCellValue());
                case BOOLEAN -> copy.setCellValue(cell.getBooleanCellValue());
                case STRING -> copy.setCellValue(cell.getStringCellValue());
                default -> { }
            }
        }
    }

    /** Every cell's shown text, by reference ("AD13"), for comparing two workbooks. */
    static java.util.Map<String, String> cells(byte[] workbook) {
        java.util.Map<String, String> cells = new java.util.TreeMap<>();
        DataFormatter formatter = new DataFormatter();
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(workbook))) {
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        cells.put(sheet.getSheetName() + "!" + cell.getAddress(), formatter.formatCellValue(cell));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cells;
    }
}
