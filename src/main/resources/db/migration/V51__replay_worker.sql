-- The instances that work on replay partitions, each telling when it was last heard from (while it works on some,
-- every aftersales.replay.partition-poll). A partition is taken for dead when its instance has not been heard from for
-- stale-after — not when a chunk of it is slow — and is then offered again to the other instances (replay/ReplayJob).
create table replay_worker (
    name     varchar(200) primary key,
    heard_at timestamp with time zone not null
);
