-- The follow-up list's branches select the reference too (a page shows it; V39's indexes hold it). V27's (kind, base)
-- index did not, so H2 took V39's (kind, unit, base, ..., external_ref) index for the default sort (deadline) — it
-- holds every selected column — and sorted each kind's whole range (74,725 + 25,277 + 43,195 rows, 3.8 s at 100,000
-- open cases). The same index with the reference as its last column: read in order, 26 rows a kind (22 ms).
drop index ix_case_obligation_kind_base;
create index ix_case_obligation_kind_base on case_obligation (kind, base, case_id, valid_until, valid_from, unit_code,
    external_ref);
