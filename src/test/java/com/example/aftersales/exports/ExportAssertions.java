package com.example.aftersales.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/** Reading an export back: headings, labelled figures, and cells that are dates, amounts in CNY and counts. */
public final class ExportAssertions {

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    public static final String CNY = Xlsx.MONEY_FORMAT;

    private ExportAssertions() {
    }

    public static List<String> sheetNames(Workbook workbook) {
        List<String> names = new ArrayList<>();
        workbook.forEach(s -> names.add(s.getSheetName()));
        return names;
    }

    /** The first row's texts, after checking that it is bold and frozen. */
    public static List<String> heading(Sheet sheet) {
        assertThat(sheet.getPaneInformation()).as(sheet.getSheetName() + " frozen").isNotNull();
        assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
        assertThat(sheet.getPaneInformation().getHorizontalSplitTopRow()).isEqualTo((short) 1);
        List<String> texts = new ArrayList<>();
        for (Cell cell : sheet.getRow(0)) {
            assertThat(sheet.getWorkbook().getFontAt(cell.getCellStyle().getFontIndex()).getBold())
                    .as(sheet.getSheetName() + "!" + cell.getAddress() + " bold").isTrue();
            if (cell.getCellType() == CellType.STRING) texts.add(cell.getStringCellValue());
        }
        return texts;
    }

    /** The column is at least as wide as its widest text (a Chinese character counting two). */
    public static void assertFits(Sheet sheet, int column) {
        int widest = 0;
        for (Row row : sheet) {
            Cell cell = row.getCell(column);
            if (cell != null && cell.getCellType() == CellType.STRING) {
                widest = Math.max(widest, Xlsx.displayWidth(cell.getStringCellValue()));
            }
        }
        assertThat(sheet.getColumnWidth(column)).as(sheet.getSheetName() + " column " + column)
                .isGreaterThanOrEqualTo(Math.min(widest, 60) * 256);
    }

    /** A sheet of label and value rows: the value cell under each label. */
    public static Map<String, Cell> labelled(Sheet sheet) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Row row : sheet) {
            if (row.getCell(0) != null && row.getCell(0).getCellType() == CellType.STRING) {
                cells.put(row.getCell(0).getStringCellValue(), row.getCell(1));
            }
        }
        return cells;
    }

    /** The column of each heading text. */
    public static Map<String, Integer> columns(Sheet sheet) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> heading = heading(sheet);
        for (int i = 0; i < heading.size(); i++) columns.put(heading.get(i), i);
        return columns;
    }

    public static void assertCount(Cell cell, long count) {
        assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(cell.getNumericCellValue()).isEqualTo(count);
        assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo("0");
    }

    public static void assertMoney(Cell cell, BigDecimal cny) {
        assertThat(cell).as("an amount").isNotNull();
        assertThat(cell.getCellType()).as(cell.getAddress() + " numeric").isEqualTo(CellType.NUMERIC);
        assertThat(BigDecimal.valueOf(cell.getNumericCellValue())).isEqualByComparingTo(cny);
        assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo(CNY);
    }

    /** A date cell holding the moment in China time, to the second. */
    public static void assertMoment(Cell cell, OffsetDateTime moment) {
        assertThat(cell.getCellType()).as(cell.getAddress() + " numeric").isEqualTo(CellType.NUMERIC);
        assertThat(DateUtil.isCellDateFormatted(cell)).as(cell.getAddress() + " a date").isTrue();
        assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo(Xlsx.DATE_TIME_FORMAT);
        assertThat(cell.getLocalDateTimeCellValue()).isEqualTo(moment.atZoneSameInstant(CHINA).toLocalDateTime());
    }

    public static void assertDate(Cell cell, LocalDate date, String format) {
        assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(DateUtil.isCellDateFormatted(cell)).as(cell.getAddress() + " a date").isTrue();
        assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo(format);
        assertThat(cell.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(date);
    }

    /** Every text cell of every sheet, headings too, is inert: none starts a formula. */
    public static void assertNoFormulas(Workbook workbook) {
        for (Sheet sheet : workbook) {
            for (Row row : sheet) {
                row.forEach(cell -> {
                    assertThat(cell.getCellType()).isIn(CellType.NUMERIC, CellType.STRING);
                    if (cell.getCellType() == CellType.STRING) {
                        assertThat(cell.getStringCellValue()).as(sheet.getSheetName() + "!" + cell.getAddress())
                                .doesNotStartWith("=").doesNotStartWith("@").doesNotStartWith("+").doesNotStartWith("-");
                    }
                });
            }
        }
    }
}
