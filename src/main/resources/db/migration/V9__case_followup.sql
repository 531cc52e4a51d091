-- Follow-up state per case (package followup): what the due and overdue lists need of a case's events, kept in the
-- same transaction as each event (CaseFollowupState), so that the lists need not read every case's events. Times,
-- not flags: the lists are asked "as of a moment", and a time says whether the event had occurred by then.
-- A case without events has no row. Derived from case_event and rebuildable from it (CaseFollowupState.REBUILD is
-- this file's insert). One schema for H2 (MODE=PostgreSQL) and PostgreSQL.
create table case_followup (
    case_id                bigint primary key references aftersales_case (id),
    -- the first ON_SITE_ARRIVAL, RESULT_FORM_RECEIVED, SATISFACTION_CALL, CORRECTIVE_ACTION_OPENED (occurred_at)
    first_arrival_at       timestamp with time zone,
    first_result_form_at   timestamp with time zone,
    first_call_at          timestamp with time zone,
    first_action_opened_at timestamp with time zone,
    -- the first and the latest FINDINGS_RECORDED
    first_findings_at      timestamp with time zone,
    last_findings_at       timestamp with time zone,
    -- the latest (by seq) corrective action event: when it is CORRECTIVE_ACTION_VERIFIED, when that occurred (no
    -- action was unverified from then on); when it is CORRECTIVE_ACTION_OPENED, 9999-12-31 (one is open); no action: null
    action_settled_at      timestamp with time zone,
    -- the first CASE_CLOSED or ARCHIVED: the case owes nothing from then on
    closed_at              timestamp with time zone
);

-- Cases with a corrective action open at a moment are among those whose actions settled after it.
create index ix_case_followup_action on case_followup (action_settled_at);

-- The evaluation in effect at a moment is the first one unless a later one took effect by then: the later ones (few)
-- are read in a range of this index rather than case by case.
create index ix_evaluation_later on evaluation (seq, case_id);

-- The decision of one type of an evaluation, looked up directly (the primary key orders by position).
create index ix_decision_evaluation_type on decision (evaluation_id, type);

insert into case_followup (case_id, first_arrival_at, first_result_form_at, first_call_at, first_action_opened_at,
                           first_findings_at, last_findings_at, action_settled_at, closed_at)
select e.case_id,
       min(case when e.type = 'ON_SITE_ARRIVAL' then e.occurred_at end),
       min(case when e.type = 'RESULT_FORM_RECEIVED' then e.occurred_at end),
       min(case when e.type = 'SATISFACTION_CALL' then e.occurred_at end),
       min(case when e.type = 'CORRECTIVE_ACTION_OPENED' then e.occurred_at end),
       min(case when e.type = 'FINDINGS_RECORDED' then e.occurred_at end),
       max(case when e.type = 'FINDINGS_RECORDED' then e.occurred_at end),
       max(case when a.type = 'CORRECTIVE_ACTION_VERIFIED' then a.occurred_at
                when a.type = 'CORRECTIVE_ACTION_OPENED' then timestamp with time zone '9999-12-31 00:00:00+00' end),
       min(case when e.type in ('CASE_CLOSED', 'ARCHIVED') then e.occurred_at end)
from case_event e
left join case_event a on a.id = e.id
     and a.seq = (select max(x.seq) from case_event x where x.case_id = e.case_id
                  and x.type in ('CORRECTIVE_ACTION_OPENED', 'CORRECTIVE_ACTION_VERIFIED'))
group by e.case_id;
