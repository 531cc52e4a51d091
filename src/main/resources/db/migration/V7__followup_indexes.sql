-- Follow-up read paths (package followup). One schema for H2 (MODE=PostgreSQL) and PostgreSQL.

-- The evaluation in effect at a moment (Deadlines.evaluationAsOf): an evaluation appended by a FINDINGS_RECORDED
-- event takes effect when that event occurred, looked up by the evaluation. PostgreSQL does not index a foreign key
-- by itself.
create index ix_case_event_evaluation on case_event (evaluation_id);
