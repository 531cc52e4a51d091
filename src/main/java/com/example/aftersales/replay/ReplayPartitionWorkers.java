package com.example.aftersales.replay;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * This instance's share of the replays' partitions: every {@code partition-poll} (and at once when a run of this
 * instance has split, or a partition here has ended) it looks in the job repository for partitions of running replays
 * that no instance has taken, takes them — a compare-and-set on the step execution's version, so that of several
 * instances exactly one takes each — and works on them, at most {@code partitions-per-instance} of one run at a time.
 * While it works on partitions it says it is alive in {@code replay_worker} at each look (an idle instance writes
 * nothing): a partition that committed nothing for {@code stale-after} and whose instance has not been heard from for
 * as long is taken for dead. When the service stops, its partitions stop at the end of their chunk, and
 * the run's job offers them again.
 *
 * <p>The looks for new partitions are a lifecycle of the context: while it is stopped (the tests' context cache pauses
 * every cached context not in use) an idle instance does not look — it reads nothing, writes nothing. An instance
 * with partitions working here, or with a run of its own waiting for its partitions, goes on looking and saying it is
 * alive, paused or not, until its replays have stopped ({@link #stop()} at close): a lifecycle stop never makes a
 * working partition look dead.
 */
@Component
class ReplayPartitionWorkers implements SmartLifecycle {

    /** The instance that took a partition, in the partition's execution context (read by people and tests). */
    static final String WORKER = "replay.worker";

    private static final Logger log = LoggerFactory.getLogger(ReplayPartitionWorkers.class);

    private final JobRepository jobs;
    private final ReplayRuns runs;
    /** Depended on, so that this stops (and its partitions with it) before the job's evaluating threads do. */
    private final ReplayJob replayJobs;
    private final ReplayProperties properties;
    /** This instance, as written into the partitions it takes. */
    private final String name;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replay-partitions");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService partitions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replay-partition");
        t.setDaemon(true);
        return t;
    });
    /** The partitions working here, by run. */
    private final Map<Long, Set<StepExecution>> working = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** Whether the context runs (not paused, not stopped): an idle instance looks for partitions only then. */
    private volatile boolean looking;
    /** The runs of this instance whose job waits for its partitions here ({@link RepositoryPartitionHandler}). */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    ReplayPartitionWorkers(JobRepository jobs, ReplayRuns runs, ReplayJob replayJobs,
                           ReplayProperties properties) {
        this.jobs = jobs;
        this.runs = runs;
        this.replayJobs = replayJobs;
        this.properties = properties;
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        name = host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @EventListener(ApplicationReadyEvent.class)
    void begin() {
        long poll = Math.max(10, properties.partitionPoll().toMillis());
        poller.scheduleWithFixedDelay(this::claim, poll, poll, TimeUnit.MILLISECONDS);
    }

    @Override
    public void start() {
        looking = true;
    }

    /** The looks of an idle instance stop; those of an instance with partitions or a run going on here do not. */
    @Override
    public void stop() {
        looking = false;
    }

    @Override
    public boolean isRunning() {
        return looking;
    }

    /** Whether this instance looks for partitions now: while its context runs, or while it has replay work. */
    boolean looks() {
        return looking || !working.isEmpty() || waiting.get() > 0;
    }

    /** A job of this instance waits for its partitions from now until {@link #waited()}: the looks go on meanwhile. */
    void waiting() {
        waiting.incrementAndGet();
        claimSoon();
    }

    void waited() {
        waiting.decrementAndGet();
    }

    /** Looks for partitions to take now, rather than at the next look. */
    void claimSoon() {
        try {
            poller.execute(this::claim);
        } catch (RejectedExecutionException e) {
            // stopping: this instance takes no more partitions
        }
    }

    /** This instance's name, as its partitions' contexts hold it. */
    String name() {
        return name;
    }

    private void claim() {
        if (!looks()) {
            return; // paused and idle: no read of the job repository
        }
        try {
            if (!working.isEmpty()) {
                runs.heard(name, java.time.OffsetDateTime.now()); // alive, whatever its partitions' chunks take
            }
            for (JobExecution job : jobs.findRunningJobExecutions(ReplayJob.JOB)) {
                if (stopping) {
                    return;
                }
                if (job.getStatus() == BatchStatus.STARTED) { // a job being stopped starts no more partitions
                    claim(job);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for replay partitions; looking again later", e);
        }
    }

    private void claim(JobExecution job) {
        Long runId = job.getJobParameters().getLong(ReplayJob.RUN);
        if (runId == null) {
            return;
        }
        for (StepExecution partition : job.getStepExecutions()) {
            if (partition.getStatus() != BatchStatus.STARTING || !ReplayJob.isPartition(partition.getStepName())) {
                continue;
            }
            if (!ready(partition)) {
                continue; // its range is not written yet: taken at a later look
            }
            if (stopping || working.getOrDefault(runId, Set.of()).size() >= Math.max(1, properties.partitionsPerInstance())
                    || !runs.running(runId)) {
                return;
            }
            if (take(partition)) {
                work(runId, partition);
            }
        }
    }

    /**
     * Whether a partition's execution holds its range yet. Spring Batch writes a new partition in two steps (its
     * execution, then its context: {@code SimpleStepExecutionSplitter}, and {@link RepositoryPartitionHandler} when it
     * offers one again), each committed on its own; a partition taken between the two has no range, so it would read
     * the run's whole window — every case of the other partitions again (seen as a duplicate changed case of one run
     * under load) — and its taking would overwrite the range written after.
     */
    static boolean ready(StepExecution partition) {
        return partition.getExecutionContext().containsKey(ReplayJob.Ranges.FROM);
    }

    /** Takes a partition no instance has taken: answers whether this instance got it. */
    private boolean take(StepExecution partition) {
        partition.setStatus(BatchStatus.STARTED);
        partition.setStartTime(LocalDateTime.now());
        try {
            jobs.update(partition); // fails when another instance took it first (the execution's version moved on)
        } catch (OptimisticLockingFailureException e) {
            return false;
        }
        runs.heard(name, java.time.OffsetDateTime.now());
        partition.getExecutionContext().putString(WORKER, name);
        jobs.updateExecutionContext(partition);
        return true;
    }

    private void work(long runId, StepExecution partition) {
        working.computeIfAbsent(runId, k -> ConcurrentHashMap.newKeySet()).add(partition);
        try {
            partitions.execute(() -> {
                try {
                    log.debug("Replay {}: working on partition {}", runId, partition.getStepName());
                    replayJobs.partitionStep(runId).execute(partition);
                } catch (Exception e) {
                    // Spring Batch ends a failing step itself; this is a step that could not even start (its job's
                    // handler takes it for dead after stale-after and offers it again)
                    log.warn("Replay {}: partition {} could not be run here", runId, partition.getStepName(), e);
                } finally {
                    done(runId, partition);
                    claimSoon();
                }
            });
        } catch (RejectedExecutionException e) {
            done(runId, partition); // stopping: taken for dead after stale-after and offered again
        }
    }

    private void done(long runId, StepExecution partition) {
        working.computeIfPresent(runId, (k, set) -> {
            set.remove(partition);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * This instance stops: its partitions stop at the end of their chunk (Spring Batch marks them STOPPED), and the
     * runs' jobs offer them again to the other instances, or the next start restarts them.
     */
    @PreDestroy
    void close() {
        stopping = true;
        poller.shutdownNow();
        working.values().forEach(set -> set.forEach(StepExecution::setTerminateOnly));
        partitions.shutdown();
        try {
            if (!partitions.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Replay partitions {} did not stop within 30 s", working);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            runs.gone(name);
        } catch (RuntimeException e) {
            log.debug("Could not say that {} stops: its partitions are taken for dead after stale-after", name, e);
        }
    }
}
