package com.example.aftersales.exports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV export: UTF-8 with a byte order mark (so that Excel in China reads it as UTF-8), text never a formula
 * ({@link SpreadsheetText}), numbers and {@link Money} as plain numbers, times ISO 8601 in {@code zone}.
 */
public final class Csv implements AutoCloseable {

    private final CSVPrinter printer;
    private final ZoneId zone;

    public Csv(OutputStream out, ZoneId zone, List<String> headers) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        this.printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                .setHeader(headers.stream().map(SpreadsheetText::neutralise).toArray(String[]::new)).get());
        this.zone = zone;
    }

    public void row(Object... values) throws IOException {
        printer.printRecord(Arrays.stream(values).map(this::value).toList());
    }

    private Object value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Money m) {
            return m.cny().toPlainString();
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof OffsetDateTime t) {
            return t.atZoneSameInstant(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        return SpreadsheetText.neutralise(value.toString());
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
