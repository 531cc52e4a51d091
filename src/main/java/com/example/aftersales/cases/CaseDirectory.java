package com.example.aftersales.cases;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What other features may ask of the recorded cases without reading this feature's tables: whether a case is
 * recorded, and holding one case for the current transaction.
 */
@Component
public class CaseDirectory {

    private final JdbcClient jdbc;

    CaseDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether a case with this id is recorded. */
    public boolean exists(long caseId) {
        return jdbc.sql("select count(*) from aftersales_case where id = ?").param(caseId).query(Long.class).single() > 0;
    }

    /** Whether a case with this external reference is recorded. */
    public boolean recorded(String externalRef) {
        return jdbc.sql("select count(*) from aftersales_case where external_ref = ?").param(externalRef)
                .query(Long.class).single() > 0;
    }

    /**
     * Holds the case until the caller's transaction ends (a row lock), so that work on one case that must see what
     * came before it — a quota of attached files, say — is done one at a time. Must be called in a transaction.
     *
     * @throws CaseNotFoundException when there is no such case
     */
    public void hold(long caseId) {
        if (jdbc.sql("select id from aftersales_case where id = ? for update").param(caseId).query(Long.class).optional().isEmpty()) {
            throw new CaseNotFoundException(caseId);
        }
    }
}
