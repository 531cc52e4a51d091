-- A replay's population is split into partitions (ranges of received-at time) that every instance sharing the database
-- works on (replay/ReplayJob). Each partition's chunks add their counts to the run's row under its row lock; the time
-- a run worked (elapsed_millis, its cases/s) is counted from its last committed chunk, whichever partition committed it.
alter table replay_run add column progress_at timestamp with time zone;
