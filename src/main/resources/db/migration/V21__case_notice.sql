-- The notices to circulate (package followup, Notices): the cases whose latest evaluation decides NOTICE_CIRCULATION,
-- kept when each evaluation and NOTICE_CIRCULATED event is written, so that the list counts and pages one narrow
-- table instead of every case's latest evaluation and events. Reference and unit are copied from the case (neither
-- changes) for the list's sorts. Derived from evaluation, decision and case_event (Notices.REBUILD is this insert).
create table case_notice (
    case_id       bigint primary key references aftersales_case (id),
    received_at   timestamp with time zone not null,
    external_ref  varchar(100),
    unit_code     varchar(100) not null,
    -- the first NOTICE_CIRCULATED event's occurred_at; null: pending
    circulated_at timestamp with time zone
);

create index ix_case_notice_received on case_notice (received_at);

insert into case_notice (case_id, received_at, external_ref, unit_code, circulated_at)
select k.id, k.received_at, k.external_ref, k.unit_code,
       (select min(c.occurred_at) from case_event c where c.case_id = k.id and c.type = 'NOTICE_CIRCULATED')
from aftersales_case k
join evaluation e on e.case_id = k.id and e.seq = (select max(x.seq) from evaluation x where x.case_id = k.id)
where exists (select 1 from decision d where d.evaluation_id = e.id and d.type = 'NOTICE_CIRCULATION');
