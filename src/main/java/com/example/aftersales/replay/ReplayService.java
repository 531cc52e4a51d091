package com.example.aftersales.replay;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import jakarta.annotation.PreDestroy;

import com.example.aftersales.cases.DurableReads;
import com.example.aftersales.cases.RecordedEvaluations;
import com.example.aftersales.rulesets.InvalidRulesetException;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.text.Text;

/**
 * Replays recorded cases on other rules. Each case is evaluated on exactly what its latest recorded evaluation saw
 * (the facts, the prior defects, the reference time) — never the clock, never today's history — and compared with
 * the baseline. A run is a Spring Batch job ({@link ReplayJob}) whose job repository lives in the service's database:
 * its step is split into partitions that every instance sharing the database works on, each a chunk-oriented step, so
 * memory stays bounded, a large run is shared out, and a run or a partition that stopped resumes from its last
 * committed chunk. The instance that starts a run (or restarts it) runs its job, which waits for the partitions.
 *
 * <p>What is left to this class: starting and cancelling runs, stopping this instance's runs when it stops, and
 * restarting runs whose job is no longer going on anywhere — stopped with its service, or whose execution has not
 * committed a chunk for {@code stale-after} (its instance died). Of several instances that find the same run so, one
 * restarts it ({@link ReplayRuns#claimRestart}); Spring Batch's optimistic locking of executions keeps a slow instance
 * that was taken for dead from committing another chunk.
 */
@Service
public class ReplayService {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

    private final ReplayRuns runs;
    private final RecordedEvaluations recordedCases;
    private final RulesetStore rulesets;
    private final ReplayProperties properties;
    private final Clock clock;
    private final JobOperator jobs;
    private final JobRepository jobRepository;
    private final ReplayJob replayJobs;
    private final DurableReads durable;
    /** The thread each run's job works on here (Spring Batch's job operator runs a job on the thread that starts it). */
    private final ExecutorService runners = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replay-run");
        t.setDaemon(true);
        return t;
    });
    /** The runs whose job works in this instance. */
    private final Map<Long, Boolean> local = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    ReplayService(ReplayRuns runs, RecordedEvaluations recorded, RulesetStore rulesets, ReplayProperties properties,
                  Clock clock, JobOperator jobs, JobRepository jobRepository, ReplayJob replayJobs,
                  DurableReads durable) {
        this.durable = durable;
        this.runs = runs;
        this.recordedCases = recorded;
        this.rulesets = rulesets;
        this.properties = properties;
        this.clock = clock;
        this.jobs = jobs;
        this.jobRepository = jobRepository;
        this.replayJobs = replayJobs;
    }

    /** Starts a run; the candidate (and a baseline version) must be stored ruleset versions. */
    public long start(String candidate, ReplayRequest request, String by) {
        String baseline = request.baselineVersion();
        for (String version : baseline == null ? List.of(candidate) : List.of(candidate, baseline)) {
            if (!rulesets.exists(version)) {
                throw new com.example.aftersales.rulesets.UnknownRulesetException(version);
            }
            var errors = rulesets.compileErrors(version);
            if (!errors.isEmpty()) {
                throw new com.example.aftersales.policy.RuleCompilationException(errors); // 422 naming the cells, nothing runs
            }
        }
        ReplayRequest.Filters filters = request.filtersOrNone();
        long total = count(request);
        long id = runs.create(candidate, baseline, request.from(), request.to(), filters, total, OffsetDateTime.now(clock), by);
        launch(id);
        return id;
    }

    /** How many cases a run of this request replays. */
    long count(ReplayRequest request) {
        return recordedCases.count(population(request.from(), request.to(), request.filtersOrNone()));
    }

    /** A run as it stands, its progress on the file (a kill -9 keeps what this shows). */
    public ReplayRun find(long id) {
        ReplayRun run = runs.find(id).orElseThrow(() -> new ReplayNotFoundException(id));
        durable.beforeShowing("replay " + id, List.of(run.status(), run.done(), run.changed()));
        return run;
    }

    /** Stops a running run at its next chunk; answers the run as it then stands. */
    public ReplayRun cancel(long id) {
        find(id);
        // the run's row first: from now on no chunk of it commits (ReplayRuns.progress); then its job stops at the
        // end of its chunk, wherever it runs (Spring Batch's stop goes through the job repository)
        if (runs.finish(id, ReplayRun.CANCELLED, null, OffsetDateTime.now(clock))) {
            JobExecution last = lastExecution(id);
            if (last != null && last.isRunning()) {
                stopJob(id, last);
            }
        }
        return find(id);
    }

    /**
     * The impact of a version (a draft, before it is activated): a replay of recorded cases on it, against the
     * decisions as recorded. With {@code days}, the last {@code days} days up to today; without, a window chosen from
     * the data ({@link #defaultImpactWindow()}).
     */
    public long impact(String version, Integer days, String by) {
        if (days != null && (days < 1 || days > 3660)) {
            throw new InvalidReplayException("days", Text.of("replay.days"));
        }
        if (!rulesets.validated(version)) {
            throw new InvalidRulesetException(version);
        }
        java.time.LocalDate[] window;
        if (days == null) {
            window = defaultImpactWindow();
        } else {
            java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(properties.zone()));
            window = new java.time.LocalDate[] {today.minusDays(days - 1L), today};
        }
        return start(version, new ReplayRequest(null, null, window[0], window[1], null), by);
    }

    /**
     * The default impact window, from the recorded cases: the whole history while it holds at most
     * {@code impact-whole-history-cases} cases, else the last {@code impact-days} days up to the latest case's day.
     * With no case at all, the last {@code impact-days} days up to today (the replay then warns that it was empty).
     */
    public java.time.LocalDate[] defaultImpactWindow() {
        java.time.ZoneId zone = properties.zone();
        RecordedEvaluations.History history = recordedCases.history();
        if (history.cases() == 0) {
            java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(zone));
            return new java.time.LocalDate[] {today.minusDays(properties.impactDays() - 1L), today};
        }
        java.time.LocalDate last = history.last().atZoneSameInstant(zone).toLocalDate();
        java.time.LocalDate first = history.first().atZoneSameInstant(zone).toLocalDate();
        if (history.cases() <= properties.impactWholeHistoryCases()) {
            return new java.time.LocalDate[] {first, last};
        }
        java.time.LocalDate from = last.minusDays(properties.impactDays() - 1L);
        return new java.time.LocalDate[] {from.isBefore(first) ? first : from, last};
    }

    /** The time zone of a replay's {@code from} / {@code to} dates. */
    public java.time.ZoneId zone() {
        return properties.zone();
    }

    /** The latest run whose candidate is this version (its impact, for a draft). */
    public java.util.Optional<ReplayRun> latestFor(String candidateVersion) {
        return runs.latestFor(candidateVersion).flatMap(runs::find);
    }

    /** The latest finished impact of this version that replayed at least one case: an impact that was seen. */
    public java.util.Optional<Long> latestImpactSeen(String candidateVersion) {
        return runs.latestSucceededOverCases(candidateVersion);
    }

    /** The latest runs, newest first. */
    public List<ReplayRun> recent(int limit) {
        return runs.recent(limit);
    }

    /** At start-up: runs whose job stopped with a service, or whose instance died, are restarted. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeInterrupted() {
        restartInterrupted();
    }

    /**
     * Restarts, from its last committed chunk, each run that is still running but whose job is going on nowhere: its
     * last execution stopped with its service or failed with it, or has committed no chunk for {@code stale-after} (its
     * instance died; Spring Batch's {@link JobOperator#recover} marks it failed first). A run whose job never started
     * (its instance died at once) starts from the beginning.
     */
    @Scheduled(fixedDelayString = "${aftersales.replay.restart-check-millis:5000}",
            initialDelayString = "${aftersales.replay.restart-check-millis:5000}")
    void restartInterrupted() {
        LocalDateTime staleBefore = LocalDateTime.now().minus(properties.staleAfter());
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (ReplayRuns.Running run : runs.running()) {
            if (stopping) {
                return;
            }
            if (local.containsKey(run.id())) {
                continue;
            }
            try {
                restartIfInterrupted(run, staleBefore, now);
            } catch (RuntimeException e) {
                log.warn("Could not restart replay {}; trying again later", run.id(), e);
            }
        }
    }

    private void restartIfInterrupted(ReplayRuns.Running run, LocalDateTime staleBefore, OffsetDateTime now) {
        OffsetDateTime claimedBefore = now.minus(properties.staleAfter());
        JobExecution last = lastExecution(run.id());
        if (last == null) {
            if (run.createdAt().isBefore(claimedBefore) && runs.claimRestart(run.id(), 0, now, claimedBefore)) {
                log.info("Starting replay {} again: its job never started", run.id());
                runs.resetProgress(run.id());
                launch(run.id());
            }
            return;
        }
        BatchStatus status = last.getStatus();
        if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED || status == BatchStatus.UNKNOWN) {
            return; // ended (its run's row is ended by the job's own listener)
        }
        if (status.isRunning() && !lastHeard(last).isBefore(staleBefore)) {
            return; // alive: it committed a chunk lately
        }
        if (!runs.claimRestart(run.id(), last.getId(), now, claimedBefore)) {
            return; // another instance restarts it
        }
        if (status.isRunning()) {
            log.info("Replay {}: its job execution {} committed nothing since {}; its instance is taken for dead",
                    run.id(), last.getId(), lastHeard(last));
            jobs.recover(last);
        }
        log.info("Restarting replay {} from its last committed chunk ({} of {} cases done)", run.id(),
                find(run.id()).done(), find(run.id()).total());
        launch(run.id());
    }

    /** When an execution last told the job repository it was alive: its start, or its step's last committed chunk. */
    private static LocalDateTime lastHeard(JobExecution execution) {
        LocalDateTime heard = execution.getLastUpdated() != null ? execution.getLastUpdated() : execution.getCreateTime();
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getLastUpdated() != null && step.getLastUpdated().isAfter(heard)) {
                heard = step.getLastUpdated();
            }
        }
        return heard;
    }

    private JobExecution lastExecution(long id) {
        JobInstance instance = jobRepository.getJobInstance(ReplayJob.JOB, ReplayJob.parameters(id));
        return instance == null ? null : jobRepository.getLastJobExecution(instance);
    }

    private void stopJob(long id, JobExecution execution) {
        try {
            jobs.stop(execution);
        } catch (Exception e) { // it ended meanwhile, or was updated meanwhile: it stops at its next chunk anyway
            log.debug("Replay {}: its job execution {} could not be marked stopping", id, execution.getId(), e);
        }
    }

    /**
     * This instance stops: its runs' jobs stop at the end of their chunk (Spring Batch marks them STOPPED) and stay
     * RUNNING as runs, so that another instance, or the next start, restarts them at once from there.
     */
    @PreDestroy
    void stop() {
        stopping = true;
        for (long id : local.keySet()) {
            try {
                JobExecution last = lastExecution(id);
                if (last != null && last.isRunning()) {
                    stopJob(id, last);
                }
            } catch (RuntimeException e) {
                log.warn("Could not stop replay {}: it is restarted once it is taken for dead", id, e);
            }
        }
        runners.shutdown();
        try {
            if (!runners.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Replays {} did not stop within 30 s", local.keySet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a run's job here: from the start, or restarted from a stopped or failed execution's last committed chunk. */
    private void launch(long id) {
        local.put(id, Boolean.TRUE);
        try {
            runners.submit(() -> {
                try {
                    // the same parameters again restart the run's job instance from its last execution
                    jobs.start(replayJobs.job(id), ReplayJob.parameters(id));
                } catch (Exception e) {
                    if (stopping) {
                        return; // the run stays RUNNING and is restarted at the next start
                    }
                    // the run's error is read by people: words and a reference to the log, never the exception's text
                    String reference = java.util.UUID.randomUUID().toString().substring(0, 8);
                    log.error("Replay {} could not be run (reference {})", id, reference, e);
                    Text failed = Text.of("replay.failedUnexpectedly", reference);
                    runs.finish(id, ReplayRun.FAILED, failed.zh() + " / " + failed.en(), OffsetDateTime.now(clock));
                } finally {
                    local.remove(id);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            local.remove(id); // stopping: the run is restarted at the next start
        }
    }

    private RecordedEvaluations.Population population(java.time.LocalDate from, java.time.LocalDate to, ReplayRequest.Filters f) {
        return ReplayJob.population(from, to, f, properties.zone());
    }
}
