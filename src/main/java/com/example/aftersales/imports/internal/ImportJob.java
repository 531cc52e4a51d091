package com.example.aftersales.imports.internal;

import java.time.OffsetDateTime;

/**
 * An import job as recorded ({@code import_job}): where it stands, and its report once it ended.
 *
 * @param error for FAILED, the reference of the logged error
 */
record ImportJob(long id, String status, String requestedBy, String filename, int total, int done, int imported,
                 int skipped, int rejected, String reportJson, String error, OffsetDateTime createdAt,
                 OffsetDateTime finishedAt) {

    static final String RUNNING = "RUNNING";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";
    static final String CANCELLED = "CANCELLED";
    static final String INTERRUPTED = "INTERRUPTED";
}
