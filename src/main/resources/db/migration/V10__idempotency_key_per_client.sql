-- An Idempotency-Key is a client's own: it is stored with the name of the login or API key that sent it
-- ("<client> <key>"), so two clients choosing the same key do not collide.
alter table aftersales_case alter column idempotency_key set data type varchar(400);
