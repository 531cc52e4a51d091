-- The prior-defect look-up (cases.ConfirmedDefects.before) reads the newest defects of a problem category, newest
-- first, a page at a time, and every defect of one product and problem: both in the order of an index, so that neither
-- reads the rest of the 180-day window (which grows with the history). Replaces the index on (problem, received).
drop index ix_confirmed_defect_problem;
create index ix_confirmed_defect_problem on confirmed_defect (problem_category, received_at desc, case_id desc);
create index ix_confirmed_defect_product on confirmed_defect (problem_category, product_code, received_at desc, case_id desc);
