package com.example.aftersales.imports.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

import com.example.aftersales.text.Text;

/**
 * Reads the rows of a CSV file or of the first sheet of an XLSX workbook; row 1 names the columns. Rows are numbered
 * as a spreadsheet shows them (header = row 1; for CSV this is the record number, which is the line number unless a
 * quoted value spans lines). Blank rows are left out.
 * <p>
 * CSV: UTF-8 (with or without BOM), comma-separated (semicolon or tab when the header uses those), quoted as
 * RFC 4180 — parsed by Apache Commons CSV. XLSX: streamed with Apache POI's event API (the sheet is never held as a
 * workbook object, so 100,000 rows fit in little memory); POI's ZipSecureFile limits guard against zip bombs.
 * Real Excel date cells are kept as dates, numeric cells as plain decimal text.
 */
final class SheetReader {

    static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** One cell: its text (trimmed, null when empty) and, for a real Excel date cell, its date-time. */
    record Cell(String text, LocalDateTime excelDate) {
        static final Cell EMPTY = new Cell(null, null);

        static Cell of(String raw) {
            if (raw == null) {
                return EMPTY;
            }
            if (raw.startsWith(IsoFormatter.DATE_MARK)) {
                LocalDateTime date = LocalDateTime.parse(raw.substring(IsoFormatter.DATE_MARK.length()));
                return new Cell(date.toString(), date);
            }
            String text = raw.strip();
            return text.isEmpty() ? EMPTY : new Cell(text, null);
        }

        boolean isEmpty() {
            return text == null;
        }
    }

    /** A data row: its number as the user sees it and its cells by column index (may be shorter than the header). */
    record Row(int number, List<Cell> cells) {
        Cell cell(int column) {
            return column < cells.size() ? cells.get(column) : Cell.EMPTY;
        }
    }

    record Sheet(String format, List<String> header, List<Row> rows) {
    }

    private final int maxRows;

    SheetReader(int maxRows) {
        this.maxRows = maxRows;
    }

    /** Decides CSV or XLSX by the content's signature, then by file name and content type. */
    Sheet read(byte[] content, String filename, String contentType) {
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (startsWith(content, 0x50, 0x4B, 0x03, 0x04)) {
            return readXlsx(content);
        }
        if (startsWith(content, 0xD0, 0xCF, 0x11, 0xE0)) {
            throw ImportRefusedException.unreadable(Text.of("import.xls"));
        }
        if (name.endsWith(".xlsx") || type.startsWith(XLSX_TYPE)) {
            throw ImportRefusedException.unreadable(Text.of("import.notXlsx"));
        }
        if (name.endsWith(".csv") || name.endsWith(".txt") || type.startsWith("text/csv") || type.startsWith("text/plain")
                || (type.startsWith("application/vnd.ms-excel") && name.endsWith(".csv"))) {
            return readCsv(content);
        }
        throw ImportRefusedException.unreadable(Text.of("import.neither",
                filename == null || filename.isBlank() ? Text.same("") : new Text("“" + filename + "”", " '" + filename + "'"),
                contentType == null ? Text.same("") : new Text("（" + contentType + "）", " (" + contentType + ")")));
    }

    private Sheet readCsv(byte[] content) {
        int start = startsWith(content, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        for (int i = start; i < content.length; i++) {
            if (content[i] == 0) {
                throw ImportRefusedException.unreadable(Text.of("import.binary", i + 1));
            }
        }
        Reader reader = new InputStreamReader(new ByteArrayInputStream(content, start, content.length - start),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(content, start))
                .setIgnoreEmptyLines(false).get();
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            for (CSVRecord record : parser) {
                List<Cell> cells = new ArrayList<>(record.size());
                for (String value : record) {
                    cells.add(Cell.of(value));
                }
                int number = Math.toIntExact(record.getRecordNumber());
                if (number == 1) {
                    header = texts(cells);
                } else {
                    add(rows, new Row(number, cells));
                }
            }
        } catch (UncheckedIOException | IOException | IllegalStateException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            while (cause != null && !(cause instanceof CharacterCodingException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof CharacterCodingException) {
                throw ImportRefusedException.unreadable(Text.of("import.notUtf8"), e);
            }
            throw ImportRefusedException.unreadable(Text.of("import.csvUnreadable", rows.isEmpty()
                    ? 1 : rows.get(rows.size() - 1).number(), com.example.aftersales.text.Unreadable.why(cause)), e);
        }
        if (header == null || header.stream().allMatch(h -> h == null)) {
            throw ImportRefusedException.unreadable(Text.of("import.csvEmpty"));
        }
        return new Sheet("CSV", header, rows);
    }

    /** The separator the header line uses most: comma (default), semicolon or tab. */
    private static char delimiter(byte[] content, int start) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = start; i < content.length && (quoted || (content[i] != '\n' && content[i] != '\r')); i++) {
            switch (content[i]) {
                case '"' -> quoted = !quoted;
                case ',' -> commas += quoted ? 0 : 1;
                case ';' -> semicolons += quoted ? 0 : 1;
                case '\t' -> tabs += quoted ? 0 : 1;
                default -> { }
            }
        }
        if (semicolons > commas && semicolons >= tabs) return ';';
        if (tabs > commas && tabs > semicolons) return '\t';
        return ',';
    }

    private Sheet readXlsx(byte[] content) {
        OPCPackage pkg = null;
        try {
            pkg = OPCPackage.open(new ByteArrayInputStream(content));
            XSSFReader reader = new XSSFReader(pkg);
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            if (!sheets.hasNext()) {
                throw ImportRefusedException.unreadable(Text.of("import.noSheet"));
            }
            Rows collector = new Rows();
            try (InputStream sheet = sheets.next()) {
                XMLReader xml = XMLHelper.newXMLReader();
                xml.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null,
                        reader.getSharedStringsTable(), collector, new IsoFormatter(), false));
                xml.parse(new InputSource(sheet));
            }
            if (collector.header == null || collector.header.stream().allMatch(h -> h == null)) {
                throw ImportRefusedException.unreadable(Text.of("import.noHeader"));
            }
            return new Sheet("XLSX", collector.header, collector.rows);
        } catch (ImportRefusedException e) {
            throw e;
        } catch (Exception e) {
            throw ImportRefusedException.unreadable(Text.of("import.xlsxUnreadable", com.example.aftersales.text.Unreadable.why(e)), e);
        } finally {
            if (pkg != null) {
                pkg.revert(); // close without saving anything back
            }
        }
    }

    /** Collects the rows of the first sheet as POI streams them. */
    private final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        List<String> header;
        final List<Row> rows = new ArrayList<>();
        private List<Cell> cells;

        @Override
        public void startRow(int rowNum) {
            cells = new ArrayList<>();
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = new CellReference(reference).getCol();
            while (cells.size() <= column) {
                cells.add(Cell.EMPTY);
            }
            cells.set(column, Cell.of(value));
        }

        @Override
        public void endRow(int rowNum) {
            int number = rowNum + 1;
            if (number == 1) {
                header = texts(cells);
            } else if (header == null) {
                if (cells.stream().anyMatch(c -> !c.isEmpty())) {
                    throw ImportRefusedException.unreadable(Text.of("import.headerEmpty"));
                }
            } else {
                add(rows, new Row(number, cells));
            }
        }
    }

    private void add(List<Row> rows, Row row) {
        if (row.cells().stream().allMatch(Cell::isEmpty)) {
            return;
        }
        if (rows.size() >= maxRows) {
            throw ImportRefusedException.tooLarge(Text.of("import.tooManyRows", maxRows));
        }
        rows.add(row);
    }

    private static List<String> texts(List<Cell> cells) {
        return cells.stream().map(Cell::text).toList();
    }

    private static boolean startsWith(byte[] content, int... signature) {
        if (content.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((content[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Formats numeric cells for conversion rather than display: date-formatted cells as a marked ISO date-time,
     * other numbers as plain decimals ({@code 25000}, not {@code 25,000.00} or {@code 2.5E4}).
     */
    static final class IsoFormatter extends DataFormatter {
        static final String DATE_MARK = "\u0000date:";

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                return DATE_MARK + DateUtil.getLocalDateTime(value, false, true);
            }
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }
}
