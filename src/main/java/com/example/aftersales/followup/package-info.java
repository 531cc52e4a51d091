/**
 * Closing the loop after the evaluation (P14, P16–P20): the events of each case (arrival, findings, result form,
 * satisfaction call, corrective action, rectification order, closing, archiving), the deadlines that follow from the
 * rules and settings and what is due or overdue, the quality rectification orders and notices the evaluations call
 * for, and the monthly summary. Uses the cases module through {@code CaseService}; reads the recorded cases,
 * evaluations and decisions (tables {@code aftersales_case}, {@code evaluation}, {@code decision}) read-only in SQL,
 * as a reporting model, and never writes them.
 */
package com.example.aftersales.followup;
