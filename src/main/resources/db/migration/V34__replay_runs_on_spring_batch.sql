-- Replay runs are Spring Batch jobs (replay/ReplayJob): the job repository (V33) keeps each run's executions and its
-- checkpoint (the last case of the last committed chunk, in the step's execution context), and a run whose instance
-- died is found by its execution no longer being updated. The hand-made lease and checkpoint columns go.
alter table replay_run drop column owner;
alter table replay_run drop column lease_until;
alter table replay_run drop column checkpoint_received_at;
alter table replay_run drop column checkpoint_case_id;
-- Restarts of a run whose job stopped with its instance: how many, the job execution last restarted (0: a job that never
-- started) and when that restart was claimed. Claiming is a compare-and-set on these, so that of several instances that
-- find the same execution interrupted, exactly one restarts it (and another may claim it again only if that restart
-- never got going within stale-after).
alter table replay_run add column restarts integer not null default 0;
alter table replay_run add column restarted_execution bigint;
alter table replay_run add column restart_claimed_at timestamp with time zone;
