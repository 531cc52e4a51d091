package com.example.aftersales.followup;

/** What can happen to a case after it is recorded, with the clause that asks for it. */
public enum EventType {
    /** Service staff arrived on site (P2: within the response deadline). */
    ON_SITE_ARRIVAL,
    /** The investigation's findings (P9, P10): the case is evaluated again with them. */
    FINDINGS_RECORDED,
    /** The result form signed (or not) by the customer, with what was returned, replaced or compensated (P14, P16). */
    RESULT_FORM_RECEIVED,
    /** The quality department called the customer: satisfied or not, and remarks (P18). */
    SATISFACTION_CALL,
    /** The confirmed defect's corrective action was opened (P17, four no-let-go). */
    CORRECTIVE_ACTION_OPENED,
    /** The quality department checked that the corrective action worked (P17, closed loop). */
    CORRECTIVE_ACTION_VERIFIED,
    /** The confirmed problem was circulated to all subsidiaries as a notice (P20). */
    NOTICE_CIRCULATED,
    /** A rectification order this case belongs to was issued (P20). */
    RECTIFICATION_ORDER_ISSUED,
    /** A rectification order this case belongs to was closed (P20). */
    RECTIFICATION_ORDER_CLOSED,
    /** The case is closed (P5): nothing but archiving may follow. */
    CASE_CLOSED,
    /** The closed case's file is archived in a year's records (P17, P19). */
    ARCHIVED;

    static final String PATTERN = "ON_SITE_ARRIVAL|FINDINGS_RECORDED|RESULT_FORM_RECEIVED|SATISFACTION_CALL"
            + "|CORRECTIVE_ACTION_OPENED|CORRECTIVE_ACTION_VERIFIED|NOTICE_CIRCULATED|RECTIFICATION_ORDER_ISSUED"
            + "|RECTIFICATION_ORDER_CLOSED|CASE_CLOSED|ARCHIVED";
}
