package com.example.aftersales.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.aftersales.cases.CaseDirectory;
import com.example.aftersales.cases.CaseNotFoundException;
import com.example.aftersales.followup.CaseEvent;
import com.example.aftersales.followup.CaseEventFiles;
import com.example.aftersales.followup.CaseEventService;
import com.example.aftersales.text.Text;

/**
 * Attaches, lists, serves, removes and purges the evidence of a case. An attachment is staged (whole, hashed, durable),
 * its type detected from the bytes and checked, its thumbnail made, and then — in one transaction that holds the case's
 * row locked, so that two uploads cannot both take the last place — the case's limits are checked, the bytes moved into
 * place and the row written. Nothing is ever updated: removal and purge are rows of {@code evidence_event}.
 */
@Service
public class EvidenceService {

    private static final Logger log = LoggerFactory.getLogger(EvidenceService.class);
    static final int MAX_DESCRIPTION = 2000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final EvidenceProperties settings;
    private final FileEvidenceStore store;
    private final CaseEventService events;
    private final CaseEventFiles eventFiles;
    private final CaseDirectory caseDirectory;

    EvidenceService(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, EvidenceProperties settings,
                    CaseEventService events, CaseEventFiles eventFiles, CaseDirectory caseDirectory) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.settings = settings;
        this.store = new FileEvidenceStore(settings.dir());
        this.events = events;
        this.eventFiles = eventFiles;
        this.caseDirectory = caseDirectory;
    }

    /** Staged uploads a killed process left behind are deleted once they are stale. */
    @EventListener(ApplicationReadyEvent.class)
    void sweep() {
        store.sweepIncoming();
    }

    /** The largest file, for the console's form. */
    public long maxFileSize() {
        return settings.maxFileSize().toBytes();
    }

    /**
     * Attaches {@code body} (read to its end, at most the size limit) to the case, or to one of its events. Every bad
     * field is named (400); a refused type is 415, a file over the limit 413, a full case 409; nothing is kept then.
     */
    public Evidence attach(long caseId, Long eventId, String description, String originalName, InputStream body,
                           String by) {
        requireCase(caseId);
        List<com.example.aftersales.contract.FieldProblem> errors = new ArrayList<>();
        String text = description == null ? "" : description.strip();
        if (text.isEmpty()) {
            errors.add(new com.example.aftersales.contract.FieldProblem("description", Text.of("evidence.description.required")));
        } else if (text.length() > MAX_DESCRIPTION || text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
            errors.add(new com.example.aftersales.contract.FieldProblem("description", Text.of("evidence.description.invalid", MAX_DESCRIPTION)));
        }
        if (eventId != null && events.list(caseId).stream().map(CaseEvent::id).noneMatch(eventId::equals)) {
            errors.add(new com.example.aftersales.contract.FieldProblem("eventId", Text.of("evidence.event", eventId, caseId)));
        }
        if (body == null) {
            errors.add(new com.example.aftersales.contract.FieldProblem("file", Text.of("evidence.file.required")));
        }
        if (!errors.isEmpty()) {
            throw new EvidenceExceptions.Invalid(errors);
        }
        long max = settings.maxFileSize().toBytes();
        EvidenceStore.Staged staged;
        try {
            staged = store.stage(body, max);
        } catch (EvidenceStore.TooLarge e) {
            throw new EvidenceExceptions.TooLarge(max);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean committed = false;
        String key = caseId + "/" + UUID.randomUUID();
        java.util.concurrent.atomic.AtomicBoolean moved = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            if (staged.size() == 0) {
                throw new EvidenceExceptions.Invalid(List.of(new com.example.aftersales.contract.FieldProblem("file", Text.of("evidence.file.empty"))));
            }
            String type = FileTypes.detect(staged.file());
            String name = FileTypes.name(originalName, type);
            byte[] thumbnail = FileTypes.THUMBNAILED.contains(type)
                    ? Thumbnails.of(staged.file(), settings.maxImagePixels(), settings.thumbnailSize()) : null;
            OffsetDateTime now = OffsetDateTime.now(clock);
            long id = transaction.execute(status -> {
                caseDirectory.hold(caseId);
                long[] held = jdbc.sql("select count(*), coalesce(sum(size_bytes), 0) from evidence where case_id = ?")
                        .param(caseId).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
                if (held[0] >= settings.maxFilesPerCase()) {
                    throw new EvidenceExceptions.CaseFull(Text.of("evidence.caseFull.count", caseId, settings.maxFilesPerCase()));
                }
                if (held[1] + staged.size() > settings.maxTotalPerCase().toBytes()) {
                    throw new EvidenceExceptions.CaseFull(Text.of("evidence.caseFull.total", caseId,
                            EvidenceExceptions.mb(settings.maxTotalPerCase().toBytes()), EvidenceExceptions.mb(held[1])));
                }
                try {
                    store.commit(staged, key); // the bytes are whole and durable before the row names them
                    moved.set(true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
                jdbc.sql("""
                        insert into evidence (case_id, event_id, file_name, media_type, size_bytes, sha256, storage_key,
                            description, attached_by, attached_at, thumbnail)
                        values (:caseId, :eventId, :name, :type, :size, :sha, :key, :description, :by, :at, :thumbnail)""")
                        .param("caseId", caseId).param("eventId", eventId).param("name", name).param("type", type)
                        .param("size", staged.size()).param("sha", staged.sha256()).param("key", key)
                        .param("description", text).param("by", by).param("at", now).param("thumbnail", thumbnail)
                        .update(keys, "id");
                long evidenceId = keys.getKey().longValue();
                if (eventId != null) {
                    eventFiles.attached(evidenceId, eventId, now); // the follow-up's record of the event's files
                }
                return evidenceId;
            });
            committed = true;
            log.info("Evidence {} attached to case {} by {}: {} ({}, {} bytes, sha256 {})", id, caseId, by, name, type,
                    staged.size(), staged.sha256());
            return find(caseId, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!committed) {
                store.discard(staged);
                if (moved.get()) {
                    // the row was not committed, so nothing names these bytes: delete them
                    try {
                        store.delete(key);
                    } catch (IOException e) {
                        log.warn("Could not delete the bytes of an attachment not recorded ({}): {}", key, e.toString());
                    }
                }
            }
        }
    }

    /** The files of a case, in the order they were attached. */
    public List<Evidence> list(long caseId) {
        requireCase(caseId);
        return query("where v.case_id = :caseId order by v.id", Map.of("caseId", caseId));
    }

    /** The evidence attached to one case's events: event id → files. */
    public Map<Long, List<Evidence>> byEvent(long caseId) {
        Map<Long, List<Evidence>> out = new HashMap<>();
        for (Evidence e : list(caseId)) {
            if (e.eventId() != null) out.computeIfAbsent(e.eventId(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    public Evidence find(long caseId, long evidenceId) {
        List<Evidence> found = query("where v.case_id = :caseId and v.id = :id", Map.of("caseId", caseId, "id", evidenceId));
        if (found.isEmpty()) {
            requireCase(caseId);
            throw new EvidenceExceptions.NotFound(caseId, evidenceId);
        }
        return found.get(0);
    }

    /** The bytes of a file, checked against the recorded size and SHA-256 first; purged is 410, damaged 500. */
    public InputStream open(Evidence evidence) {
        if (evidence.purged()) {
            throw new EvidenceExceptions.Purged(evidence.id(), evidence.purge().by(), evidence.purge().at(), evidence.purge().reason());
        }
        try {
            return store.openVerified(evidence.storageKey(), evidence.sha256(), evidence.size());
        } catch (EvidenceExceptions.Damaged e) {
            log.error("Evidence {} of case {} is damaged: {}", evidence.id(), evidence.caseId(), e.getMessage());
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The thumbnail PNG of a photo, or null. */
    public byte[] thumbnail(long caseId, long evidenceId) {
        find(caseId, evidenceId);
        return jdbc.sql("select thumbnail from evidence where id = ?").param(evidenceId).query(byte[].class).optional().orElse(null);
    }

    /** A quality manager takes a file out of the case, with a reason: recorded, bytes kept. Once. */
    public Evidence remove(long caseId, long evidenceId, String reason, String by) {
        Evidence evidence = find(caseId, evidenceId);
        String why = reason(reason);
        if (evidence.removed()) {
            throw new EvidenceExceptions.Conflict(Text.of("evidence.alreadyRemoved", evidenceId, evidence.removal().by(), evidence.removal().at()));
        }
        record(evidenceId, "REMOVED", why, by);
        log.info("Evidence {} of case {} removed by {}: {}", evidenceId, caseId, by, why);
        return find(caseId, evidenceId);
    }

    /**
     * An administrator deletes a file's bytes, with a reason (a file attached by mistake that must not be kept): the
     * record stays, with its checksum, who purged it, when and why. The row is written first, then the bytes deleted:
     * a crash in between leaves bytes that are no longer served, never a record without its reason.
     */
    public Evidence purge(long caseId, long evidenceId, String reason, String by) {
        Evidence evidence = find(caseId, evidenceId);
        String why = reason(reason);
        if (evidence.purged()) {
            throw new EvidenceExceptions.Conflict(Text.of("evidence.alreadyPurged", evidenceId, evidence.purge().by(), evidence.purge().at()));
        }
        record(evidenceId, "PURGED", why, by);
        try {
            store.delete(evidence.storageKey());
        } catch (IOException e) {
            log.error("Evidence {} of case {} purged, but its bytes could not be deleted: {}", evidenceId, caseId, e.toString());
        }
        log.warn("Evidence {} of case {} purged by {}: {}", evidenceId, caseId, by, why);
        return find(caseId, evidenceId);
    }

    /** A removal or purge, and (a removal) the follow-up's record of the event's files, in one transaction. */
    private void record(long evidenceId, String type, String reason, String by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.sql("insert into evidence_event (evidence_id, type, occurred_at, recorded_by, reason) values (?, ?, ?, ?, ?)")
                        .params(evidenceId, type, now, by, reason).update();
                if ("REMOVED".equals(type)) {
                    eventFiles.removed(evidenceId, now);
                }
            });
        } catch (DuplicateKeyException e) {
            throw new EvidenceExceptions.Conflict(Text.of("evidence.concurrent", evidenceId));
        }
    }

    private static String reason(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_DESCRIPTION || why.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new EvidenceExceptions.Invalid(List.of(new com.example.aftersales.contract.FieldProblem("reason",
                    Text.of("evidence.reason", MAX_DESCRIPTION))));
        }
        return why;
    }

    private void requireCase(long caseId) {
        if (!caseDirectory.exists(caseId)) {
            throw new CaseNotFoundException(caseId);
        }
    }

    private List<Evidence> query(String where, Map<String, ?> params) {
        return jdbc.sql("""
                select v.id, v.case_id, v.event_id, v.file_name, v.media_type, v.size_bytes, v.sha256, v.description,
                       v.attached_by, v.attached_at, v.thumbnail is not null as has_thumbnail, v.storage_key,
                       r.recorded_by, r.occurred_at, r.reason, p.recorded_by, p.occurred_at, p.reason
                from evidence v
                left join evidence_event r on r.evidence_id = v.id and r.type = 'REMOVED'
                left join evidence_event p on p.evidence_id = v.id and p.type = 'PURGED'
                """ + where).params(params).query((rs, n) -> {
                    Evidence.Change removal = rs.getString(13) == null ? null
                            : new Evidence.Change(rs.getString(13), rs.getObject(14, OffsetDateTime.class), rs.getString(15));
                    Evidence.Change purge = rs.getString(16) == null ? null
                            : new Evidence.Change(rs.getString(16), rs.getObject(17, OffsetDateTime.class), rs.getString(18));
                    long event = rs.getLong(3);
                    return new Evidence(rs.getLong(1), rs.getLong(2), rs.wasNull() ? null : event, rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getObject(10, OffsetDateTime.class), rs.getBoolean(11),
                            purge != null ? "PURGED" : removal != null ? "REMOVED" : "ATTACHED", removal, purge,
                            rs.getString(12));
                }).list();
    }
}
