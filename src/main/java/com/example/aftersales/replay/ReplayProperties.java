package com.example.aftersales.replay;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threads   threads evaluating a replay's cases (the rest of the machine keeps serving live traffic)
 * @param chunkSize cases read, evaluated and checkpointed together; bounds the memory a run holds
 * @param zone      the time zone of the {@code from} / {@code to} dates of a replay's population
 * @param staleAfter how long a running replay's job execution may go without committing a chunk before it is taken
 *                  for dead (its instance stopped) and restarted from its last committed chunk by an instance that
 *                  finds it so (each looks every {@code aftersales.replay.restart-check-millis}, default 5 s). Longer
 *                  than the slowest chunk.
 * @param impactDays the default window of a draft's impact: the last this many days that hold recorded cases (ending on
 *                   the day of the latest case, not today, so a history that ended earlier is still replayed)
 * @param impactWholeHistoryCases up to this many recorded cases, the default impact window is the whole history
 * @param partitions the ranges of received-at time a run's population is split into; every instance sharing the
 *                   database works on them ({@link ReplayJob}). Kept by a run from its start to its end, restarts included
 * @param partitionsPerInstance the partitions of one run that one instance works on at once (each on {@code threads})
 * @param partitionPoll how often an instance looks for partitions no instance works on yet, and a run's job for how
 *                      its partitions stand
 */
@ConfigurationProperties("aftersales.replay")
public record ReplayProperties(@DefaultValue("2") int threads, @DefaultValue("2000") int chunkSize,
                               @DefaultValue("Asia/Shanghai") ZoneId zone, @DefaultValue("30s") Duration staleAfter,
                               @DefaultValue("90") int impactDays, @DefaultValue("100000") long impactWholeHistoryCases,
                               @DefaultValue("8") int partitions, @DefaultValue("1") int partitionsPerInstance,
                               @DefaultValue("500ms") Duration partitionPoll) {
}
