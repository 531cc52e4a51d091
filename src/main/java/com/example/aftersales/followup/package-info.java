/**
 * Closing the loop after the evaluation (P14, P16–P20): the events of each case (arrival, findings, result form,
 * satisfaction call, corrective action, rectification order, closing, archiving), the deadlines that follow from the
 * rules and settings and what is due or overdue, the quality rectification orders and notices the evaluations call
 * for, and the monthly summary. Uses the cases module through {@code CaseService} and learns of every recorded case
 * and evaluation from its event {@code EvaluationsRecorded}, keeping its own read model of them ({@link
 * com.example.aftersales.followup.FollowupCases}); learns of the files attached to its events from the evidence
 * module ({@link com.example.aftersales.followup.CaseEventFiles}). Its SQL names its own tables only.
 */
package com.example.aftersales.followup;
