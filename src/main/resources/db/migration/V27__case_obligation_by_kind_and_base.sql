-- The follow-up lists ask, per kind, for the open obligations whose base lies in a range (their deadline is the base
-- plus the kind's days) and count them: this index answers both from its own entries (kind, base, then the case, the
-- span and the unit they are filtered on), in the order of the soonest deadline, instead of a deadline computed and
-- sorted for every open obligation on each request (0.8-3 s on H2 at 100,000 open cases).
create index ix_case_obligation_kind_base on case_obligation (kind, base, case_id, valid_until, valid_from, unit_code);
