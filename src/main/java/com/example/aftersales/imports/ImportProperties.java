package com.example.aftersales.imports;

import java.time.ZoneOffset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of {@code POST /api/cases/import}.
 *
 * @param maxFileSize larger files are refused (413)
 * @param maxRows     files with more data rows are refused (413)
 * @param excelOffset the offset given to a {@code receivedAt} that is a real Excel date cell (Excel dates carry none)
 */
@ConfigurationProperties("aftersales.import")
record ImportProperties(@DefaultValue("20MB") DataSize maxFileSize, @DefaultValue("100000") int maxRows,
                        @DefaultValue("+08:00") ZoneOffset excelOffset) {
}
