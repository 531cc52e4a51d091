package com.example.aftersales.replay;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A replay run as stored: what it replays, how far it got, and what it found so far. */
public record ReplayRun(long id, String status, String candidateVersion, String baselineVersion, LocalDate from,
                 LocalDate to, ReplayRequest.Filters filters, long total, long done, long changed,
                 ReplaySummary.View summary, String error,
                 long elapsedMillis, OffsetDateTime createdAt, OffsetDateTime finishedAt, String requestedBy) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";
}
