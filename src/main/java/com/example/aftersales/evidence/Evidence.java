package com.example.aftersales.evidence;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One file of a case's file, as the API lists it. {@code status} is {@code ATTACHED}, {@code REMOVED} (no longer part
 * of the case, bytes kept for the audit) or {@code PURGED} (bytes deleted by an administrator); the removal and purge
 * say who, when and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(long id, long caseId, Long eventId, String fileName, String mediaType, long size, String sha256,
                       String description, String attachedBy, OffsetDateTime attachedAt, boolean thumbnail,
                       String status, Change removal, Change purge, @JsonIgnore String storageKey) {

    /** A removal or a purge: who, when and why. */
    public record Change(String by, OffsetDateTime at, String reason) {
    }

    public boolean removed() {
        return removal != null;
    }

    public boolean purged() {
        return purge != null;
    }

    public boolean image() {
        return mediaType.startsWith("image/");
    }
}
