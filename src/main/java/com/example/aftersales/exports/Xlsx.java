package com.example.aftersales.exports;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A streamed workbook of typed cells: text (never a formula, {@link SpreadsheetText}), whole numbers, {@link Money}
 * with the CNY format, and times and dates as date cells in {@code zone} (China time). Each sheet's first row is its
 * bold, frozen heading; columns are as wide as what they hold.
 */
public final class Xlsx implements AutoCloseable {

    static final String MONEY_FORMAT = "\"¥\"#,##0.00";
    static final String DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm";
    static final String DATE_FORMAT = "yyyy-mm-dd";
    static final String MONTH_FORMAT = "yyyy-mm";

    private enum Kind { TEXT, INTEGER, NUMBER, MONEY, DATE_TIME, DATE, MONTH }

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(200);
    private final ZoneId zone;
    private final Map<Kind, CellStyle> plain = new EnumMap<>(Kind.class);
    private final Map<Kind, CellStyle> bold = new EnumMap<>(Kind.class);
    private final List<XlsxSheet> sheets = new ArrayList<>();

    public Xlsx(ZoneId zone) {
        this.zone = zone;
        Font boldFont = workbook.createFont();
        boldFont.setBold(true);
        for (Kind kind : Kind.values()) {
            plain.put(kind, style(kind, null));
            bold.put(kind, style(kind, boldFont));
        }
    }

    private CellStyle style(Kind kind, Font font) {
        CellStyle style = workbook.createCellStyle();
        String format = switch (kind) {
            case TEXT -> "@";
            case INTEGER -> "0";
            case NUMBER -> "General";
            case MONEY -> MONEY_FORMAT;
            case DATE_TIME -> DATE_TIME_FORMAT;
            case DATE -> DATE_FORMAT;
            case MONTH -> MONTH_FORMAT;
        };
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        if (font != null) {
            style.setFont(font);
        }
        return style;
    }

    /** A new sheet; its first row is its heading. */
    public XlsxSheet sheet(String name) {
        XlsxSheet sheet = new XlsxSheet(workbook.createSheet(name));
        sheets.add(sheet);
        return sheet;
    }

    public void write(OutputStream out) throws IOException {
        sheets.forEach(XlsxSheet::fitColumns);
        workbook.write(out);
    }

    @Override
    public void close() throws IOException {
        workbook.close();
    }

    /** One sheet, written a row at a time. */
    public final class XlsxSheet {

        private final SXSSFSheet sheet;
        private final List<Integer> widths = new ArrayList<>();
        private int next;

        private XlsxSheet(SXSSFSheet sheet) {
            this.sheet = sheet;
        }

        /** A bold row; the first row written is frozen, so that it stays in view. */
        public XlsxSheet heading(Object... values) {
            if (next == 0) {
                sheet.createFreezePane(0, 1);
            }
            write(values, true);
            return this;
        }

        public XlsxSheet row(Object... values) {
            write(values, false);
            return this;
        }

        public XlsxSheet blank() {
            next++;
            return this;
        }

        private void write(Object[] values, boolean isBold) {
            Row row = sheet.createRow(next++);
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    cell(row.createCell(i), values[i], isBold ? bold : plain, i);
                }
            }
        }

        private void cell(Cell cell, Object value, Map<Kind, CellStyle> styles, int column) {
            Kind kind;
            int width;
            if (value instanceof Integer || value instanceof Long) {
                kind = Kind.INTEGER;
                cell.setCellValue(((Number) value).longValue());
                width = value.toString().length();
            } else if (value instanceof Money m) {
                kind = Kind.MONEY;
                cell.setCellValue(m.cny().doubleValue());
                width = String.format("¥%,.2f", m.cny()).length();
            } else if (value instanceof Number n) {
                kind = Kind.NUMBER;
                cell.setCellValue(n.doubleValue());
                width = n.toString().length();
            } else if (value instanceof OffsetDateTime t) {
                kind = Kind.DATE_TIME;
                cell.setCellValue(t.atZoneSameInstant(zone).toLocalDateTime());
                width = DATE_TIME_FORMAT.length();
            } else if (value instanceof LocalDate d) {
                kind = Kind.DATE;
                cell.setCellValue(d);
                width = DATE_FORMAT.length();
            } else if (value instanceof YearMonth m) {
                kind = Kind.MONTH;
                cell.setCellValue(m.atDay(1));
                width = MONTH_FORMAT.length();
            } else {
                kind = Kind.TEXT;
                String text = SpreadsheetText.neutralise(value.toString());
                cell.setCellValue(text);
                width = displayWidth(text);
            }
            cell.setCellStyle(styles.get(kind));
            while (widths.size() <= column) {
                widths.add(0);
            }
            widths.set(column, Math.max(widths.get(column), width));
        }

        private void fitColumns() {
            for (int i = 0; i < widths.size(); i++) {
                sheet.setColumnWidth(i, Math.min(Math.max(widths.get(i) + 2, 8), 60) * 256);
            }
        }
    }

    /** Characters as wide as they show: a Chinese character takes two. */
    static int displayWidth(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            width += Character.isIdeographic(c) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x3000 && c <= 0x303F) ? 2 : 1;
            i += Character.charCount(c);
        }
        return width;
    }
}
