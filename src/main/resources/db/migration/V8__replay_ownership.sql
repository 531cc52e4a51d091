-- Several instances share one database: a running replay is worked on by one instance at a time, the one holding
-- its lease. A lease that is not renewed (the instance died) expires, and another instance adopts the run.
alter table replay_run add column owner varchar(200);
alter table replay_run add column lease_until timestamp with time zone;
