-- The follow-up's own read model of the recorded cases (package followup, FollowupCases): what its lists, orders,
-- notices and monthly summary need of each case, evaluation and decision, written by its listener of
-- cases.EvaluationsRecorded in the transaction that records them (so it is never behind), instead of reading the
-- cases module's tables. And of the case file (package evidence), which files are attached to which event and when
-- they were removed, told by the evidence module in the transaction that attaches or removes them (CaseEventFiles).
-- Filled for what was recorded before by V36. One schema for H2 (MODE=PostgreSQL) and PostgreSQL.

-- A recorded case as it was received (none of these change).
create table followup_case (
    case_id           bigint       primary key references aftersales_case (id),
    external_ref      varchar(100),
    received_at       timestamp with time zone not null,
    product_code      varchar(100) not null,
    product_category  varchar(100) not null,
    problem_category  varchar(100) not null,
    batch_number      varchar(100) not null,
    production_site   varchar(100) not null,
    customer_province varchar(100) not null,
    unit_code         varchar(100) not null
);

-- The monthly summary reads the cases received in a month.
create index ix_followup_case_received on followup_case (received_at, case_id);

-- Each evaluation of a case: its place in the case's history, when it was recorded (when one appended without an
-- event took effect), its decisions, the reason of its notice, and the amounts of its findings (the monthly
-- workbook's columns). One row per evaluation, so that a recording writes two rows here in all (the case's and its
-- evaluation's): the decisions as TYPE=VALUE in the order the rules gave them, joined by '|' (as
-- evaluation.decision_summary), read in Java (FollowupCases.decisions); the reason only of the first
-- NOTICE_CIRCULATION (the notice list shows it), the other reasons being the cases module's to show.
create table followup_evaluation (
    evaluation_id    bigint        primary key,
    case_id          bigint        not null references followup_case (case_id),
    seq              integer       not null,
    evaluated_at     timestamp with time zone not null,
    decisions        varchar       not null,
    notice_reason    varchar(2000),
    direct_loss_cny  numeric(15, 2),
    remedy_value_cny numeric(15, 2),
    constraint uq_followup_evaluation_case_seq unique (case_id, seq)
);

-- The files of the case file attached to a case event (a result form's scan, a site visit's photos): when attached,
-- and when a quality manager removed one (null: not removed).
create table case_event_file (
    evidence_id bigint primary key,
    event_id    bigint not null references case_event (id),
    attached_at timestamp with time zone not null,
    removed_at  timestamp with time zone
);

create index ix_case_event_file_event on case_event_file (event_id);
