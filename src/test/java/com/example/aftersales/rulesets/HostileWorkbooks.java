package com.example.aftersales.rulesets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Name;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Copies of the shipped decision tables edited by someone who wants rule code to run: the attacks of HostileWorkbookTest. */
public final class HostileWorkbooks {

    public static final String MAJOR = "decision-tables/major-incident.xlsx";
    static final String REMEDY = "decision-tables/remedy-matrix.xlsx";
    static final String VALIDITY = "decision-tables/validity-period.xlsx";

    private HostileWorkbooks() {
    }

    /** A file in the temporary folder that only code running on the server would write. */
    record Canary(Path file) {
        static Canary create() {
            return new Canary(Path.of(System.getProperty("java.io.tmpdir"), "pwned-" + UUID.randomUUID()));
        }

        /** Java that writes the file. */
        String code() {
            return "java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty(\"java.io.tmpdir\"), \""
                    + file.getFileName() + "\"), \"x\")";
        }

        boolean ran() {
            return Files.exists(file);
        }
    }

    /** A DRL file whose rule runs the code for every case. */
    static String drl(String code) {
        return """
                package aftersales.policy;
                import com.example.aftersales.policy.facts.*;

                rule "Pwned"
                    @clause("P20")
                when
                    CaseFacts()
                then
                    %s;
                end
                """.formatted(code);
    }

    /** The shipped major-incident definition with the code in its template. */
    static String tableDefinition(String code) {
        try {
            return Files.readString(Path.of("rules/major-incident.table.yaml"))
                    .replace("  then\n", "  then\n      " + code + ";\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 1: Drools' spreadsheet syntax (RuleTable, CONDITION/ACTION, code rows) in a second table, below or beside the first. */
    static byte[] droolsTable(String code, int firstRow, int firstColumn) {
        return edit(MAJOR, wb -> {
            Sheet s = wb.getSheetAt(0);
            String[][] table = {
                    {"RuleTable Pwned", null},
                    {"CONDITION", "ACTION"},
                    {"c : CaseFacts", null},
                    {"quantity > $param", "insert( new Object() ); " + code + ";"},
                    {"Min quantity", "Pwn"},
                    {"0", "x"}};
            for (int r = 0; r < table.length; r++) {
                for (int c = 0; c < 2; c++) {
                    if (table[r][c] != null) cell(s, firstRow + r, firstColumn + c).setCellValue(table[r][c]);
                }
            }
        });
    }

    /** 2: the old RuleSet area's keywords (column A) with code: above the table's header, where Drools read them. */
    static byte[] functionsAndQueriesAbove(String code) {
        return edit(MAJOR, wb -> {
            Sheet s = wb.getSheetAt(0);
            cell(s, 3, 0).setCellValue("RuleSet");
            cell(s, 3, 1).setCellValue("aftersales.policy");
            cell(s, 6, 0).setCellValue("Functions");
            cell(s, 6, 1).setCellValue("function boolean pwn() { " + code + "; return true; }");
            cell(s, 7, 0).setCellValue("Queries");
            cell(s, 7, 1).setCellValue("query pwned() eval( pwn() ) end");
        });
    }

    /** 2: the same keywords in column A under the table, where rows are rules. */
    static byte[] functionsRowInTable(String code) {
        return edit(MAJOR, wb -> {
            Sheet s = wb.getSheetAt(0);
            cell(s, 10, 0).setCellValue("Functions");
            cell(s, 10, 1).setCellValue("function boolean pwn() { " + code + "; return true; }");
            cell(s, 11, 0).setCellValue("Queries");
            cell(s, 11, 1).setCellValue("query pwned() eval( pwn() ) end");
        });
    }

    /** 3: a label in B10 merged over the value cell C10, which still holds 20000. */
    static byte[] labelMergedOverValue(String code) {
        return edit(MAJOR, wb -> {
            Sheet s = wb.getSheetAt(0);
            cell(s, 9, 1).setCellValue("\"); " + code + "; //");
            s.addMergedRegion(new CellRangeAddress(9, 9, 1, 2));
        });
    }

    /** 4: a custom number format on C10 that reads as code. */
    static byte[] numberFormatOnValue(String code) {
        return withFormat(MAJOR, 9, 2, "0\"); " + code + " //\"");
    }

    /** A copy of a shipped workbook with one cell of its first sheet in another number format (row and column from 0). */
    static byte[] withFormat(String shipped, int row, int column, String format) {
        return edit(shipped, wb -> {
            Cell c = cell(wb.getSheetAt(0), row, column);
            CellStyle style = wb.createCellStyle();
            style.cloneStyleFrom(c.getCellStyle());
            style.setDataFormat(wb.createDataFormat().getFormat(format));
            c.setCellStyle(style);
        });
    }

    /** 5: in remedy-matrix, the remedy cell E10 a formula naming a defined name whose text breaks out of a string. */
    static byte[] definedNameInCodeCell(String code) {
        return edit(REMEDY, wb -> {
            String text = "\\\"); " + code + " //";
            Name name = wb.createName();
            name.setNameName("MyName");
            name.setRefersToFormula('"' + text.replace("\"", "\"\"") + '"');
            cell(wb.getSheetAt(0), 9, 4).setCellFormula("MyName");
        });
    }

    /** 6: the table moved to a hidden sheet; the visible sheet keeps its title only. */
    static byte[] tableOnHiddenSheet() {
        return edit(MAJOR, wb -> {
            wb.cloneSheet(0);
            wb.setSheetName(1, "Hidden");
            cell(wb.getSheetAt(1), 9, 2).setCellValue(10000);
            wb.setSheetVisibility(1, SheetVisibility.HIDDEN);
            Sheet visible = wb.getSheetAt(0);
            visible.removeRow(visible.getRow(8));
            visible.removeRow(visible.getRow(9));
        });
    }

    /** 6: a second copy of the table, with another threshold, on a very hidden sheet. */
    static byte[] secondTableOnVeryHiddenSheet() {
        return edit(MAJOR, wb -> {
            wb.cloneSheet(0);
            wb.setSheetName(1, "VeryHidden");
            cell(wb.getSheetAt(1), 9, 2).setCellValue(10000);
            wb.setSheetVisibility(1, SheetVisibility.VERY_HIDDEN);
        });
    }

    /** 6: Drools' spreadsheet syntax with the code on a very hidden sheet; the visible table as shipped. */
    static byte[] droolsOnVeryHiddenSheet(String code) {
        return edit(MAJOR, wb -> {
            Sheet s = wb.createSheet("Rules");
            cell(s, 0, 0).setCellValue("RuleSet");
            cell(s, 0, 1).setCellValue("aftersales.policy");
            cell(s, 1, 0).setCellValue("Functions");
            cell(s, 1, 1).setCellValue("function boolean pwn() { " + code + "; return true; }");
            cell(s, 3, 0).setCellValue("RuleTable Pwned");
            cell(s, 4, 0).setCellValue("CONDITION");
            cell(s, 4, 1).setCellValue("ACTION");
            cell(s, 5, 0).setCellValue("c : CaseFacts");
            cell(s, 6, 0).setCellValue("eval( pwn() )");
            cell(s, 6, 1).setCellValue("insert( new Object() );");
            wb.setSheetVisibility(wb.getSheetIndex(s), SheetVisibility.VERY_HIDDEN);
        });
    }

    /** 6: validity-period with a row for another category, hidden (zero height). */
    static byte[] hiddenRow() {
        return edit(VALIDITY, wb -> {
            Sheet s = wb.getSheetAt(0);
            int r = s.getLastRowNum() + 1;
            Object[] cells = {"Validity: seismic charge", "SEISMIC_CHARGE", 1, "P12"};
            for (int c = 0; c < cells.length; c++) {
                if (cells[c] instanceof Number n) cell(s, r, c).setCellValue(n.doubleValue());
                else cell(s, r, c).setCellValue(cells[c].toString());
            }
            s.getRow(r).setZeroHeight(true);
        });
    }

    /** 6: major-incident with the product category column (B) hidden, holding a category: the row looks like "all". */
    static byte[] hiddenColumn() {
        return edit(MAJOR, wb -> {
            cell(wb.getSheetAt(0), 9, 1).setCellValue("DETONATOR");
            wb.getSheetAt(0).setColumnHidden(1, true);
        });
    }

    /**
     * 10: major-incident with its sheet padded to about {@code megabytes} MB of XML, which deflates about 46 to 1; the salt
     * makes each copy differ.
     */
    static byte[] inflatingSheet(int megabytes, int salt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Path.of(MAJOR)));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int at = xml.indexOf("</sheetData>");
                    zip.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] padding = " ".repeat(450).getBytes(StandardCharsets.US_ASCII);
                    SplittableRandom random = new SplittableRandom(salt);
                    long written = 0;
                    for (int r = 100; written < (long) megabytes << 20; r++) {
                        byte[] row = ("<row r=\"" + r + "\"><c r=\"E" + r + "\"><v>" + random.nextInt(1000) + "</v></c></row>")
                                .getBytes(StandardCharsets.US_ASCII);
                        zip.write(row);
                        zip.write(padding);
                        written += row.length + padding.length;
                    }
                    zip.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
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

    /** 10: major-incident with C10 a formula reaching through a chain of {@code depth} formulas in column Z. */
    static byte[] formulaChain(int depth) {
        return edit(MAJOR, wb -> {
            Sheet s = wb.getSheetAt(0);
            for (int r = 0; r < depth; r++) {
                cell(s, r, 25).setCellFormula(r + 1 < depth ? "Z" + (r + 2) + "+1" : "1");
            }
            cell(s, 9, 2).setCellFormula("Z1");
        });
    }

    /** 10: major-incident with nested entities in its shared strings (a billion laughs). */
    static byte[] entityExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE sst [<!ENTITY e0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY e").append(i).append(" \"").append(("&e" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        return replacePart(MAJOR, "xl/sharedStrings.xml", xml -> xml.replaceFirst("\\?>", "?>" + dtd)
                .replace("<t>P15</t>", "<t>&e9;</t>"));
    }

    /**
     * XXE: a copy of the workbook whose part (xl/sharedStrings.xml, say) declares an external entity — a file on the
     * server or an address — and uses it as its first text. A parser that resolved it would read the file or open
     * the connection.
     */
    public static byte[] externalEntity(byte[] xlsx, String part, String systemId) {
        String dtd = "<!DOCTYPE sst [<!ENTITY xxe SYSTEM \"" + systemId + "\">]>";
        return replacePart(xlsx, part, xml -> (xml.startsWith("<?xml") ? xml.replaceFirst("\\?>", "?>" + dtd) : dtd + xml)
                .replaceFirst("<t>([^<]*)</t>", "<t>&xxe;</t>").replaceFirst("<t xml:space=\"preserve\">([^<]*)</t>", "<t>&xxe;</t>"));
    }

    /** The shipped decision table's bytes. */
    public static byte[] shipped(String shipped) {
        try {
            return Files.readAllBytes(Path.of(shipped));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] replacePart(String shipped, String part, java.util.function.UnaryOperator<String> change) {
        return replacePart(shipped(shipped), part, change);
    }

    private static byte[] replacePart(byte[] xlsx, String part, java.util.function.UnaryOperator<String> change) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(entry.getName().equals(part)
                        ? change.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** 10: major-incident with {@code count - 1} more (empty) sheets, as .xlsx or .xls. */
    static byte[] sheets(int count, boolean xls) {
        if (!xls) {
            return edit(MAJOR, wb -> {
                for (int i = 1; i < count; i++) wb.createSheet("S" + i);
            });
        }
        try (HSSFWorkbook wb = new HSSFWorkbook()) {
            Sheet first = wb.createSheet("Threshold");
            try (Workbook shipped = new XSSFWorkbook(Files.newInputStream(Path.of(MAJOR)))) {
                for (Row row : shipped.getSheetAt(0)) {
                    for (Cell c : row) {
                        switch (c.getCellType()) {
                            case NUMERIC -> cell(first, row.getRowNum(), c.getColumnIndex()).setCellValue(c.getNumericCellValue());
                            case STRING -> cell(first, row.getRowNum(), c.getColumnIndex()).setCellValue(c.getStringCellValue());
                            default -> { }
                        }
                    }
                }
            }
            for (int i = 1; i < count; i++) wb.createSheet("S" + i);
            return bytes(wb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a shipped workbook with a row added under its table (cells from column A). */
    static byte[] withRowAdded(String shipped, Object... cells) {
        return edit(shipped, wb -> {
            Sheet s = wb.getSheetAt(0);
            int r = s.getLastRowNum() + 1;
            for (int c = 0; c < cells.length; c++) {
                if (cells[c] instanceof Number n) cell(s, r, c).setCellValue(n.doubleValue());
                else if (cells[c] != null) cell(s, r, c).setCellValue(cells[c].toString());
            }
        });
    }

    /** A copy of a shipped workbook with one cell of its first sheet set to a text (row and column from 0). */
    static byte[] withText(String shipped, int row, int column, String text) {
        return edit(shipped, wb -> cell(wb.getSheetAt(0), row, column).setCellValue(text));
    }

    static byte[] edit(String shipped, Consumer<XSSFWorkbook> change) {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(Files.readAllBytes(Path.of(shipped))))) {
            change.accept(wb);
            return bytes(wb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Cell cell(Sheet sheet, int row, int column) {
        Row r = sheet.getRow(row) == null ? sheet.createRow(row) : sheet.getRow(row);
        return r.getCell(column) == null ? r.createCell(column) : r.getCell(column);
    }

    private static byte[] bytes(Workbook wb) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wb.write(out);
        return out.toByteArray();
    }
}
