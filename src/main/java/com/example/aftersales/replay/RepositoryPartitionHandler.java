package com.example.aftersales.replay;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The partition handler of a run's step, on the instance that runs its job: the partitions' step executions are in the
 * job repository that all instances share, and any instance works on them ({@link ReplayPartitionWorkers}); this
 * handler waits for them there — as Spring Batch's remote partitioning does when it polls the repository for results,
 * without the message broker that sends it requests: an instance asks the repository for partitions instead.
 *
 * <p>While it waits it tells the job repository that the run's job is alive (its step's last update), and it keeps
 * the partitions going: a partition stopped with its instance, or whose instance died (not heard from for
 * {@code stale-after}, {@link ReplayPartitionWorkers}), is offered again as a new execution of the same partition, with its last committed context,
 * so another instance restarts it from there. When the run is cancelled or its job stopped, partitions no instance has
 * taken are marked stopped; the others stop at their next chunk. It ends when every partition has.
 */
final class RepositoryPartitionHandler extends AbstractPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RepositoryPartitionHandler.class);

    private final long runId;
    private final JobRepository jobs;
    private final ReplayRuns runs;
    private final ReplayPartitionWorkers workers;
    private final ReplayProperties properties;

    RepositoryPartitionHandler(long runId, JobRepository jobs, ReplayRuns runs, ReplayPartitionWorkers workers,
                               ReplayProperties properties) {
        this.runId = runId;
        this.jobs = jobs;
        this.runs = runs;
        this.workers = workers;
        this.properties = properties;
        setGridSize(Math.max(1, properties.partitions()));
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        // the current execution of each partition, by its name
        Map<String, Long> current = new LinkedHashMap<>();
        partitions.forEach(p -> current.put(p.getStepName(), p.getId()));
        workers.waiting(); // this instance takes its share at once (the others at their next look), paused or not
        try {
            return waitFor(manager, current);
        } finally {
            workers.waited();
        }
    }

    private Set<StepExecution> waitFor(StepExecution manager, Map<String, Long> current) throws Exception {
        long poll = Math.max(10, properties.partitionPoll().toMillis());
        while (true) {
            // alive: the step's last update says so (and marks it to terminate when its job is being stopped)
            jobs.update(manager);
            boolean stopping = manager.isTerminateOnly() || !runs.running(runId);
            if (stopping) {
                manager.setTerminateOnly();
            }
            JobExecution job = jobs.getJobExecution(manager.getJobExecutionId());
            Map<Long, StepExecution> byId = new LinkedHashMap<>();
            job.getStepExecutions().forEach(s -> byId.put(s.getId(), s));
            LocalDateTime staleBefore = LocalDateTime.now().minus(properties.staleAfter());
            java.time.OffsetDateTime heardSince = java.time.OffsetDateTime.now().minus(properties.staleAfter());
            Set<StepExecution> ended = new HashSet<>();
            for (Map.Entry<String, Long> entry : current.entrySet()) {
                StepExecution partition = byId.get(entry.getValue());
                BatchStatus status = partition.getStatus();
                if (status == BatchStatus.STARTING) {
                    if (stopping && mark(partition, BatchStatus.STOPPED, "not taken before the run stopped")) {
                        ended.add(partition);
                    }
                } else if (status.isRunning()) {
                    String worker = partition.getExecutionContext().getString(ReplayPartitionWorkers.WORKER, null);
                    // dead: nothing committed for stale-after, and its instance not heard from either
                    boolean dead = heard(partition).isBefore(staleBefore)
                            && (worker == null || !runs.heardSince(worker, heardSince));
                    if (dead && mark(partition, BatchStatus.STOPPED, "its instance taken for dead")) {
                        log.info("Replay {}: partition {}'s instance {} was not heard from for {}; taken for dead",
                                runId, partition.getStepName(), worker, properties.staleAfter());
                    }
                } else if (status == BatchStatus.STOPPED && !stopping) {
                    entry.setValue(offerAgain(manager.getJobExecution(), partition).getId());
                } else {
                    ended.add(partition);
                }
            }
            if (ended.size() == current.size()) {
                return ended;
            }
            Thread.sleep(poll);
        }
    }

    /** Ends a partition no instance works on (any more): answers whether it was still so, and this marked it. */
    private boolean mark(StepExecution partition, BatchStatus status, String why) {
        partition.setStatus(status);
        partition.setExitStatus(ExitStatus.STOPPED.addExitDescription(why));
        partition.setEndTime(LocalDateTime.now());
        try {
            jobs.update(partition);
            return true;
        } catch (OptimisticLockingFailureException e) {
            return false; // an instance took it, or committed a chunk of it, meanwhile
        }
    }

    /** A new execution of a stopped partition, from its last committed context, for any instance to take. */
    private StepExecution offerAgain(JobExecution job, StepExecution stopped) {
        StepExecution next = jobs.createStepExecution(stopped.getStepName(), job);
        next.setExecutionContext(stopped.getExecutionContext());
        next.getExecutionContext().remove(ReplayPartitionWorkers.WORKER); // until an instance takes it
        jobs.updateExecutionContext(next);
        log.info("Replay {}: partition {} offered again from its last committed chunk", runId, stopped.getStepName());
        workers.claimSoon();
        return next;
    }

    /** When a partition's execution last told the job repository it was alive. */
    private static LocalDateTime heard(StepExecution partition) {
        if (partition.getLastUpdated() != null) {
            return partition.getLastUpdated();
        }
        return partition.getStartTime() != null ? partition.getStartTime() : partition.getCreateTime();
    }
}
