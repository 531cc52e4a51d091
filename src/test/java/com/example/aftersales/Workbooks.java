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

    /** The workbook with its first sheet padded by {@code megabytes} MB of spaces, which deflate to a small fraction of that. */
    public static byte[] zipBomb(byte[] workbook, int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(workbook));
             java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.setLevel(9);
            for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(content, java.nio.charset.StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData");
                    zip.write(xml.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1024 * 1024];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < megabytes; i++) {
                        zip.write(spaces);
                    }
                    zip.write(xml.substring(at).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    zip.write(content);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
