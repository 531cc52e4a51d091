-- The follow-up list soonest first reads each kind's open obligations in base order from (kind, base, …) (V27) and
-- stops at the page. That index lacked external_ref, which the list reads, while V39's indexes by unit and by
-- reference hold every column: H2 then read (kind, unit_code, …) for a statement with parameters and sorted each
-- kind's whole range (2–7 s at 100,000 open cases on a loaded machine, against 50–110 ms with this index). The same
-- index, now holding every column the list reads.
drop index ix_case_obligation_kind_base;
create index ix_case_obligation_kind_base on case_obligation (kind, base, case_id, valid_until, valid_from, unit_code, external_ref);
