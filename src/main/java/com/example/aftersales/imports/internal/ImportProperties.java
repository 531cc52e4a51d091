package com.example.aftersales.imports.internal;

import java.time.Duration;
import java.time.ZoneOffset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the case import ({@code POST /api/cases/import}, {@code POST /api/imports}).
 *
 * @param maxFileSize larger files are refused (413)
 * @param maxRows     files with more data rows are refused (413)
 * @param excelOffset the offset given to a {@code receivedAt} that is a real Excel date cell (Excel dates carry none)
 * @param syncMaxRows {@code POST /api/cases/import} answers the report itself for files of up to this many rows, and
 *                    202 with the job's Location for larger ones
 * @param threads     import jobs running at once in this instance; more wait their turn
 * @param lease       a running job's instance renews it this often; a job not renewed (its instance stopped) is
 *                    reported INTERRUPTED
 * @param chunkSize   rows recorded together, in one transaction (a job's progress and cancelling go a chunk at a time)
 */
@ConfigurationProperties("aftersales.import")
record ImportProperties(@DefaultValue("20MB") DataSize maxFileSize, @DefaultValue("100000") int maxRows,
                        @DefaultValue("+08:00") ZoneOffset excelOffset, @DefaultValue("1000") int syncMaxRows,
                        @DefaultValue("1") int threads, @DefaultValue("30s") Duration lease,
                        @DefaultValue("100") int chunkSize) {

    ImportProperties {
        if (chunkSize < 1) throw new IllegalArgumentException("aftersales.import.chunk-size must be at least 1");
    }
}
