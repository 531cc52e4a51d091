package com.example.aftersales;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/** Edited copies of the shipped decision tables, as a quality manager would save them from Excel. */
public final class Workbooks {

    private Workbooks() {
    }

    /** A copy of a shipped workbook with one cell of its first sheet changed (row and column from 0). */
    public static byte[] withCell(String file, int row, int column, Object value) {
        try {
            return withCell(Files.readAllBytes(Path.of(file)), row, column, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a workbook with one cell of its first sheet changed (row and column from 0). */
    public static byte[] withCell(byte[] workbook, int row, int column, Object value) {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(workbook))) {
            var cell = wb.getSheetAt(0).getRow(row).getCell(column);
            if (value instanceof Number n) {
                cell.setCellValue(n.doubleValue());
            } else {
                cell.setCellValue(value.toString());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
