package com.example.aftersales.followup;

import java.time.OffsetDateTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The files of the case file attached to case events, as the follow-up needs them (the monthly summary counts the
 * result forms received with their scan attached): which file is on which event, when it was attached and when it was
 * removed ({@code case_event_file}, migration V35). The evidence module, which attaches files to this module's events
 * and so already depends on it, tells it here in the transaction that attaches or removes a file; the follow-up does
 * not read the evidence module's tables, nor call it (that would make the two modules depend on each other).
 */
@Component
public class CaseEventFiles {

    private final JdbcClient jdbc;

    CaseEventFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** File {@code evidenceId} was attached to event {@code eventId} at {@code at} (in the attaching transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attached(long evidenceId, long eventId, OffsetDateTime at) {
        jdbc.sql("insert into case_event_file (evidence_id, event_id, attached_at) values (?, ?, ?)")
                .params(evidenceId, eventId, at).update();
    }

    /** File {@code evidenceId} was removed from its case at {@code at}: nothing, if it is on no event. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void removed(long evidenceId, OffsetDateTime at) {
        jdbc.sql("update case_event_file set removed_at = ? where evidence_id = ? and removed_at is null")
                .params(at, evidenceId).update();
    }
}
