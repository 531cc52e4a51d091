package com.example.aftersales.imports.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import com.example.aftersales.imports.internal.SheetReader.Cell;
import com.example.aftersales.imports.internal.SheetReader.Row;
import com.example.aftersales.imports.internal.SheetReader.Sheet;

/** Reading CSV and XLSX into numbered rows, without Spring. */
class ImportSheetReaderTest {

    private final SheetReader reader = new SheetReader(3);

    @Test
    @DisplayName("CSV: BOM stripped, quoted commas, quotes and newlines kept, blank lines skipped but counted")
    void csvQuotingAndNumbering() {
        String csv = "\uFEFFa,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",z\r\n  padded  ,\r\n";
        Sheet sheet = reader.read(csv.getBytes(StandardCharsets.UTF_8), "f.csv", "text/csv");
        assertThat(sheet.header()).containsExactly("a", "b");
        assertThat(sheet.rows()).extracting(Row::number).containsExactly(2, 4, 5);
        assertThat(texts(sheet.rows().get(0))).containsExactly("x, y", "say \"hi\"");
        assertThat(texts(sheet.rows().get(1))).containsExactly("two\nlines", "z");
        assertThat(texts(sheet.rows().get(2))).containsExactly("padded", null);
    }

    @Test
    @DisplayName("CSV with semicolons (Excel in many locales) is read by the separator of its header")
    void semicolons() {
        Sheet sheet = reader.read("a;b\n1,5;2\n".getBytes(StandardCharsets.UTF_8), "f.csv", null);
        assertThat(texts(sheet.rows().get(0))).containsExactly("1,5", "2");
    }

    @Test
    @DisplayName("More data rows than the limit refuse the file with 413; blank rows do not count")
    void rowLimit() {
        assertThat(reader.read("a\n1\n\n2\n3\n".getBytes(StandardCharsets.UTF_8), "f.csv", null).rows()).hasSize(3);
        assertThatThrownBy(() -> reader.read("a\n1\n2\n3\n4\n".getBytes(StandardCharsets.UTF_8), "f.csv", null))
                .isInstanceOfSatisfying(ImportRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE.value());
                    assertThat(e.detail().inRequestLanguage()).isEqualTo("The file has more than 3 rows; split it into files of at most 3 rows.");
                });
    }

    @Test
    @DisplayName("CSV that is not UTF-8, or an unterminated quote, is refused with 400 naming the problem")
    void unreadableCsv() {
        assertThatThrownBy(() -> reader.read("a\n\u5e7f\u4e1c\n".getBytes(Charset.forName("GBK")), "f.csv", null))
                .isInstanceOfSatisfying(ImportRefusedException.class,
                        e -> assertThat(e.detail().inRequestLanguage()).contains("not UTF-8"));
        assertThatThrownBy(() -> reader.read("a,b\n1,\"open\n".getBytes(StandardCharsets.UTF_8), "f.csv", null))
                .isInstanceOfSatisfying(ImportRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST.value());
                    assertThat(e.detail().inRequestLanguage()).startsWith("The CSV file cannot be read after row 1");
                });
        assertThatThrownBy(() -> reader.read(new byte[0], "f.csv", null))
                .isInstanceOfSatisfying(ImportRefusedException.class,
                        e -> assertThat(e.detail().inRequestLanguage()).contains("empty"));
    }

    @Test
    @DisplayName("XLSX: first sheet only, date cells as dates, numbers as plain decimals, row numbers as Excel shows them")
    void xlsxCells() throws Exception {
        byte[] bytes;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy hh:mm"));
            CellStyle money = wb.createCellStyle();
            money.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("#,##0.00"));
            XSSFSheet first = wb.createSheet("First");
            first.createRow(0).createCell(0).setCellValue("when");
            first.getRow(0).createCell(1).setCellValue("amount");
            first.getRow(0).createCell(2).setCellValue("flag");
            var row = first.createRow(4); // Excel row 5; rows 2-4 absent
            row.createCell(0).setCellValue(LocalDateTime.of(2026, 5, 1, 9, 30));
            row.getCell(0).setCellStyle(date);
            row.createCell(1).setCellValue(25000.5);
            row.getCell(1).setCellStyle(money);
            row.createCell(2).setCellValue(true);
            wb.createSheet("Second").createRow(0).createCell(0).setCellValue("ignored");
            wb.write(out);
            bytes = out.toByteArray();
        }
        Sheet sheet = reader.read(bytes, "cases.xlsx", null);
        assertThat(sheet.header()).containsExactly("when", "amount", "flag");
        assertThat(sheet.rows()).singleElement().satisfies(r -> {
            assertThat(r.number()).isEqualTo(5);
            assertThat(r.cell(0).excelDate()).isEqualTo(LocalDateTime.of(2026, 5, 1, 9, 30));
            assertThat(r.cell(1)).isEqualTo(new Cell("25000.5", null));
            assertThat(r.cell(2).text()).isEqualTo("TRUE");
        });
    }

    private static List<String> texts(Row row) {
        return row.cells().stream().map(Cell::text).toList();
    }
}
