-- A client's Idempotency-Key for POST /api/cases: a retry with the same key gets the case the first request recorded.
-- Unique in the database, so concurrent retries record one case (NULLs, requests without a key, do not collide).
alter table aftersales_case add column idempotency_key varchar(200);
alter table aftersales_case add constraint uq_case_idempotency_key unique (idempotency_key);
