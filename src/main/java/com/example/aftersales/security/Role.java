package com.example.aftersales.security;

/**
 * Who may do what. People get roles through their login, systems through their API key.
 * {@link #ADMIN} includes every other role.
 */
public enum Role {
    /** Integrating systems (CRM, intake tools): record and evaluate cases, read them back. */
    SYSTEM,
    /** Quality managers: upload drafts, see their impact, activate and roll back rulesets. */
    QUALITY_MANAGER,
    /** Rule authors: drafts that change rule code (DRL, the code rows of a decision table). */
    RULE_AUTHOR,
    /** Analysts: replays, imports and exports. */
    ANALYST,
    /** Auditors: read everything, change nothing. */
    AUDITOR,
    /** Monitoring: read the metrics. */
    MONITORING,
    /** Administrators: people and API keys, and everything the other roles may do. */
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
