package com.example.aftersales.replay;

import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.RemoteStepExecutionAggregator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.stereotype.Component;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.transaction.PlatformTransactionManager;

import jakarta.annotation.PreDestroy;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.PriorDefectReferences;
import com.example.aftersales.cases.RecordedEvaluations;
import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.FiredRule;
import com.example.aftersales.policy.facts.PriorDefect;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.text.Text;

/**
 * A replay run as a Spring Batch job, partitioned across the instances that share the database. Its one step
 * ({@link #STEP}) is a {@link org.springframework.batch.core.partition.PartitionStep}: it splits the run's population
 * into {@code aftersales.replay.partitions} ranges of received-at time ({@link Ranges}), one partition step execution
 * each in the job repository, and waits there for them ({@link RepositoryPartitionHandler}); every instance takes the
 * partitions no instance works on yet ({@link ReplayPartitionWorkers}) and runs each as a restartable chunk-oriented
 * step ({@link #partitionStep}). Its reader reads the partition's cases a chunk at a time through
 * {@link RecordedEvaluations} (keyset order: received at, case id) with the prior defects their evaluations saw; the
 * processor evaluates each case on the candidate (and the baseline) rules, on {@code aftersales.replay.threads}
 * threads; the writer adds the chunk to the run's counts and summary and saves its changed cases. Spring Batch commits
 * all of it with the reader's checkpoint (the last case of the chunk, in the partition's execution context) in one
 * transaction, so a partition that stopped — cancelled, its service stopped, its instance dead — is started again from
 * its last committed chunk, by any instance, never counting a case twice, and the run's figures are the same however
 * its partitions were shared out.
 *
 * <p>Job instance: one per run, identified by the job parameter {@code run} (the {@code replay_run} id). The job and its
 * partition steps are built for their run (no step-scoped beans): their reader, processor and writer hold that run's
 * state.
 */
@Component
class ReplayJob {

    static final String JOB = "replay";
    /** The run's step: splits it into partitions and waits for them. */
    static final String STEP = "replay-cases";
    /** A partition's step; its executions are named {@code replay-range:00}, {@code replay-range:01}, … */
    static final String PARTITION = "replay-range";
    static final String RUN = "run";

    private static final Logger log = LoggerFactory.getLogger(ReplayJob.class);
    private static final TypeReference<List<FiredRule>> FIRED_RULES = new TypeReference<>() { };

    private final JobRepository jobs;
    private final PlatformTransactionManager transactions;
    private final ReplayRuns runs;
    private final RecordedEvaluations recorded;
    private final PriorDefectReferences priorDefects;
    private final RulesetStore rulesets;
    private final JsonMapper json;
    private final ReplayProgress progress;
    private final ReplayProperties properties;
    private final java.time.Clock clock;
    /** Lazily: the workers depend on this, so that they stop before its evaluating threads do. */
    private final org.springframework.beans.factory.ObjectProvider<ReplayPartitionWorkers> workers;
    /** The threads that evaluate the cases of a chunk (the rest of the machine keeps serving live traffic). */
    private final ExecutorService evaluators;
    /** The threads that read each partition's next page while its current one is evaluated. */
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replay-read");
        t.setDaemon(true);
        return t;
    });

    ReplayJob(JobRepository jobs, PlatformTransactionManager transactions, ReplayRuns runs, RecordedEvaluations recorded,
              PriorDefectReferences priorDefects, RulesetStore rulesets, JsonMapper json, ReplayProgress progress,
              ReplayProperties properties, java.time.Clock clock,
              org.springframework.beans.factory.ObjectProvider<ReplayPartitionWorkers> workers) {
        this.jobs = jobs;
        this.transactions = transactions;
        this.runs = runs;
        this.recorded = recorded;
        this.priorDefects = priorDefects;
        this.rulesets = rulesets;
        this.json = json;
        this.progress = progress;
        this.properties = properties;
        this.clock = clock;
        this.workers = workers;
        evaluators = Executors.newFixedThreadPool(Math.max(1, properties.threads()), r -> {
            Thread t = new Thread(r, "replay-eval");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        evaluators.shutdown();
        readers.shutdown();
    }

    static JobParameters parameters(long runId) {
        return new JobParametersBuilder().addLong(RUN, runId).toJobParameters();
    }

    /**
     * The job of a run. Launched with {@link #parameters} the first time, and again with the same parameters to restart
     * it: Spring Batch then splits it into the same partitions and starts again those not completed, each from its last
     * execution's context, and so after its last committed case.
     */
    Job job(long runId) {
        ReplayRun run = runs.find(runId).orElseThrow(() -> new ReplayNotFoundException(runId));
        RepositoryPartitionHandler handler = new RepositoryPartitionHandler(runId, jobs, runs, workers.getObject(), properties);
        Step step = new StepBuilder(STEP, jobs)
                .partitioner(PARTITION, new Ranges(population(run.from(), run.to(), run.filters(), properties.zone()),
                        recorded))
                .partitionHandler(handler)
                .aggregator(new RemoteStepExecutionAggregator(jobs))
                .build();
        return new JobBuilder(JOB, jobs).start(step).listener(new Outcome(runs, clock)).build();
    }

    /** Whether a step execution is one of a run's partitions. */
    static boolean isPartition(String stepName) {
        return stepName.startsWith(PARTITION + ":");
    }

    /** The step that works on a partition of a run (the range of received-at time in its execution context). */
    Step partitionStep(long runId) {
        ReplayRun run = runs.find(runId).orElseThrow(() -> new ReplayNotFoundException(runId));
        int chunk = Math.max(1, properties.chunkSize());
        Processor processor = new Processor(rulesets.compiled(run.candidateVersion()),
                run.baselineVersion() == null ? null : rulesets.compiled(run.baselineVersion()), json);
        return new StepBuilder(PARTITION, jobs).<Item, Replayed>chunk(chunk)
                .transactionManager(transactions)
                .reader(new Reader(recorded, priorDefects, population(run.from(), run.to(), run.filters(), properties.zone()),
                        chunk, readers))
                .processor(processor)
                .writer(new Writer(runId, runs, recorded, json, progress))
                .taskExecutor(new TaskExecutorAdapter(evaluators))
                .build();
    }

    /**
     * Splits a run's population into ranges of received-at time, evenly over the recorded history's span within the
     * run's window: each a half-open range {@code [from, to)} of the same keyset order, together exactly the window.
     * Spring Batch keeps the number of partitions of a run in its step's context, and a restarted partition keeps the
     * range of its first execution.
     */
    static final class Ranges implements Partitioner {

        static final String FROM = "range.from";
        static final String TO = "range.to";

        private final RecordedEvaluations.Population population;
        private final RecordedEvaluations recorded;

        Ranges(RecordedEvaluations.Population population, RecordedEvaluations recorded) {
            this.population = population;
            this.recorded = recorded;
        }

        @Override
        public Map<String, ExecutionContext> partition(int gridSize) {
            int n = Math.max(1, gridSize);
            OffsetDateTime from = population.from();
            OffsetDateTime to = population.to();
            // the span the recorded cases actually cover, within the window (ranges outside it would be empty)
            RecordedEvaluations.History history = recorded.history();
            OffsetDateTime lo = from;
            OffsetDateTime hi = to;
            if (history.cases() > 0) {
                lo = history.first().isAfter(from) ? history.first() : from;
                OffsetDateTime afterLast = history.last().plusSeconds(1);
                hi = afterLast.isBefore(to) ? afterLast : to;
            }
            if (!lo.isBefore(hi)) {
                lo = from;
                hi = to;
            }
            Map<String, ExecutionContext> ranges = new LinkedHashMap<>();
            OffsetDateTime start = from;
            long span = java.time.Duration.between(lo, hi).getSeconds();
            for (int i = 0; i < n; i++) {
                OffsetDateTime end = i == n - 1 ? to : lo.plusSeconds(span * (i + 1) / n);
                if (end.isBefore(start)) {
                    end = start;
                }
                ExecutionContext context = new ExecutionContext();
                context.putString(FROM, start.toString());
                context.putString(TO, end.toString());
                ranges.put(String.format("%02d", i), context);
                start = end;
            }
            return ranges;
        }
    }

    /** The cases received from {@code from} to {@code to} (inclusive, in the replay's zone) that the filters let through. */
    static RecordedEvaluations.Population population(java.time.LocalDate from, java.time.LocalDate to,
                                                     ReplayRequest.Filters f, java.time.ZoneId zone) {
        return new RecordedEvaluations.Population(from.atStartOfDay(zone).toOffsetDateTime(),
                to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(), f.productCode(), f.productCategory(), f.province(),
                f.responsibleUnit(), f.decisionType(), f.decisionValue());
    }

    /** A recorded case to replay, with the prior defects of its page (neighbouring cases share most of theirs). */
    record Item(RecordedEvaluations.Recorded recorded, Map<Long, PriorDefect> priors) {
    }

    /** A replayed case: what it decides on the candidate, and before (the baseline, or as recorded when null). */
    record Replayed(RecordedEvaluations.Recorded recorded, CaseData data, Evaluation after, Evaluation before,
                    String beforeSummary, String afterSummary) {

        Replayed(RecordedEvaluations.Recorded recorded, CaseData data, Evaluation after, Evaluation before) {
            this(recorded, data, after, before, before == null ? recorded.decisionSummary() : before.decisionSummary(),
                    after.decisionSummary());
        }
    }

    /**
     * Reads a partition's cases in keyset order, a page (one chunk) at a time, and the page after it ahead, on
     * {@code readAhead}, while the cases of this one are evaluated. Its checkpoint in the step's execution context is
     * the last case handed out, saved by Spring Batch with each committed chunk; a restart reads on after it.
     */
    static final class Reader implements ItemStreamReader<Item> {

        private static final String AFTER_RECEIVED_AT = "after.receivedAt";
        private static final String AFTER_CASE_ID = "after.caseId";

        /** A page's cases, the prior defects they saw by case id, and whether it is the partition's last. */
        private record Page(List<Item> items, Map<Long, PriorDefect> priors, boolean last) {
        }

        private final RecordedEvaluations recorded;
        private final PriorDefectReferences priorDefects;
        private RecordedEvaluations.Population population;
        private final int pageSize;
        private final Executor readAhead;
        private final ArrayDeque<Item> page = new ArrayDeque<>();
        /** The page after the one being handed out, being read. */
        private CompletableFuture<Page> next;
        private OffsetDateTime afterReceivedAt;
        private Long afterCaseId;
        private boolean exhausted;

        Reader(RecordedEvaluations recorded, PriorDefectReferences priorDefects, RecordedEvaluations.Population population,
               int pageSize, Executor readAhead) {
            this.recorded = recorded;
            this.priorDefects = priorDefects;
            this.population = population;
            this.pageSize = pageSize;
            this.readAhead = readAhead;
        }

        @Override
        public void open(ExecutionContext context) {
            if (context.containsKey(Ranges.FROM)) { // this partition's range of the run's population
                RecordedEvaluations.Population p = population;
                population = new RecordedEvaluations.Population(OffsetDateTime.parse(context.getString(Ranges.FROM)),
                        OffsetDateTime.parse(context.getString(Ranges.TO)), p.productCode(), p.productCategory(),
                        p.province(), p.responsibleUnit(), p.decisionType(), p.decisionValue());
            }
            if (context.containsKey(AFTER_CASE_ID)) {
                afterReceivedAt = OffsetDateTime.parse(context.getString(AFTER_RECEIVED_AT));
                afterCaseId = context.getLong(AFTER_CASE_ID);
            }
        }

        @Override
        public void update(ExecutionContext context) {
            if (afterCaseId != null) {
                context.putString(AFTER_RECEIVED_AT, afterReceivedAt.toString());
                context.putLong(AFTER_CASE_ID, afterCaseId);
            }
        }

        /** The step ends: the page being read ahead is waited for (no query of this step outlives it) and dropped. */
        @Override
        public void close() {
            if (next != null) {
                next.exceptionally(e -> null).join();
                next = null;
            }
        }

        @Override
        public Item read() {
            if (page.isEmpty() && !exhausted) {
                nextPage();
            }
            Item item = page.poll();
            if (item != null) {
                afterReceivedAt = item.recorded().receivedAt();
                afterCaseId = item.recorded().caseId();
            }
            return item;
        }

        /** Hands out the page read ahead (the first: read now), and starts reading the one after it. */
        private void nextPage() {
            Page current;
            if (next == null) {
                current = read(afterReceivedAt, afterCaseId, Map.of());
            } else {
                try {
                    current = next.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                } finally {
                    next = null;
                }
            }
            page.addAll(current.items());
            exhausted = current.last();
            if (!exhausted) {
                RecordedEvaluations.Recorded last = current.items().get(current.items().size() - 1).recorded();
                next = CompletableFuture.supplyAsync(() -> read(last.receivedAt(), last.caseId(), current.priors()),
                        readAhead);
            }
        }

        /** The page after a case, with its prior defects: those the page before saw are not read again. */
        private Page read(OffsetDateTime afterReceivedAt, Long afterCaseId, Map<Long, PriorDefect> known) {
            List<RecordedEvaluations.Recorded> cases = recorded.chunk(population, afterReceivedAt, afterCaseId, pageSize);
            Map<Long, PriorDefect> priors = new HashMap<>();
            Set<Long> missing = new HashSet<>();
            for (RecordedEvaluations.Recorded c : cases) {
                for (long caseId : PriorDefectReferences.ids(c.priorDefectIds())) {
                    PriorDefect prior = known.get(caseId);
                    if (prior != null) {
                        priors.put(caseId, prior);
                    } else if (!priors.containsKey(caseId)) {
                        missing.add(caseId);
                    }
                }
            }
            priorDefects.byId(missing).forEach((caseId, prior) -> priors.put(caseId, prior.toFact()));
            List<Item> items = new ArrayList<>(cases.size());
            for (RecordedEvaluations.Recorded c : cases) {
                items.add(new Item(c, priors));
            }
            return new Page(items, priors, cases.size() < pageSize);
        }
    }

    /**
     * Evaluates a case on exactly what its latest recorded evaluation saw (the facts, the prior defects, the reference
     * time) — never the clock, never today's history. Stateless: Spring Batch runs it on several threads.
     */
    static final class Processor implements ItemProcessor<Item, Replayed> {

        private final CompiledRuleset candidate;
        private final CompiledRuleset baseline;
        private final JsonMapper json;

        Processor(CompiledRuleset candidate, CompiledRuleset baseline, JsonMapper json) {
            this.candidate = candidate;
            this.baseline = baseline;
            this.json = json;
        }

        @Override
        public Replayed process(Item item) {
            RecordedEvaluations.Recorded recorded = item.recorded();
            CaseData data = RecordedFacts.read(json, recorded.factsJson());
            long[] priorIds = PriorDefectReferences.ids(recorded.priorDefectIds());
            List<PriorDefect> priors = new ArrayList<>(priorIds.length);
            for (long priorId : priorIds) {
                priors.add(item.priors().get(priorId));
            }
            var facts = data.toFacts();
            Evaluation after = candidate.evaluate(facts, priors);
            Evaluation before = baseline == null ? null : baseline.evaluate(facts, priors);
            return new Replayed(recorded, data, after, before);
        }
    }

    /**
     * Adds a chunk to the run's counts and summary and saves its changed cases, in the chunk's transaction
     * ({@link ReplayRuns#progress}); of a run cancelled meanwhile it saves nothing, and stops the step. The counts live
     * in the run's row only, so the partitions of a run add up there wherever they run, and a restarted partition
     * counts on from its last committed chunk.
     */
    static final class Writer implements ItemStreamWriter<Replayed> {

        private final long runId;
        private final ReplayRuns runs;
        private final RecordedEvaluations recorded;
        private final JsonMapper json;
        private final ReplayProgress progress;
        /** When this partition started working here (the run's working time counts from it, or its last chunk). */
        private OffsetDateTime since;

        Writer(long runId, ReplayRuns runs, RecordedEvaluations recorded, JsonMapper json, ReplayProgress progress) {
            this.runId = runId;
            this.runs = runs;
            this.recorded = recorded;
            this.json = json;
            this.progress = progress;
        }

        @Override
        public void open(ExecutionContext context) {
            ReplayRun run = runs.find(runId).orElseThrow(() -> new ReplayNotFoundException(runId));
            since = OffsetDateTime.now();
            progress.started(runId, run.done(), run.total());
        }

        @Override
        public void close() {
            progress.stopped(runId);
        }

        @Override
        public void write(Chunk<? extends Replayed> chunk) {
            // counted on the cores the evaluation has just left (a summary adds up whatever its parts were counted on)
            ReplaySummary counted = chunk.getItems().parallelStream().collect(ReplaySummary::new,
                    (summary, r) -> summary.count(r.beforeSummary(), r.afterSummary(), r.data().receivedAt(), r.data()),
                    ReplaySummary::add);
            List<Replayed> changed = chunk.getItems().stream().filter(r -> !r.beforeSummary().equals(r.afterSummary()))
                    .map(Replayed.class::cast).toList();
            java.util.OptionalLong done = runs.progress(runId, chunk.size(), counted, since, OffsetDateTime.now(), changes(changed));
            if (done.isPresent()) {
                progress.advanced(runId, done.getAsLong(), chunk.size());
            } else {
                // cancelled meanwhile: nothing of this chunk is saved, and the step stops here (its job STOPPED)
                StepSynchronizationManager.getContext().getStepExecution().setTerminateOnly();
            }
        }

        /** Rows for {@code replay_change}: before and after, each with its decisions and fired rules. */
        private List<Object[]> changes(List<Replayed> changed) {
            List<Long> recordedIds = changed.stream().filter(c -> c.before() == null).map(c -> c.recorded().evaluationId()).toList();
            Map<Long, List<Map<String, Object>>> recordedDecisions = recorded.decisions(recordedIds);
            Map<Long, String> recordedRules = recorded.firedRules(recordedIds);
            List<Object[]> rows = new ArrayList<>(changed.size());
            for (Replayed c : changed) {
                Object beforeDecisions;
                List<FiredRule> beforeRules;
                if (c.before() == null) {
                    beforeDecisions = recordedDecisions.getOrDefault(c.recorded().evaluationId(), List.of());
                    beforeRules = json.readValue(recordedRules.get(c.recorded().evaluationId()), FIRED_RULES);
                } else {
                    beforeDecisions = c.before().decisions();
                    beforeRules = c.before().firedRules();
                }
                Map<String, Object> after = side(c.after().decisions(), c.after().firedRules(), beforeRules);
                after.put("findings", figures(c.data()));
                rows.add(new Object[] {c.recorded().caseId(), c.recorded().receivedAt(),
                        json.writeValueAsString(side(beforeDecisions, beforeRules, c.after().firedRules())),
                        json.writeValueAsString(after), c.data().externalRef(), c.data().responsibleUnit().code(),
                        c.data().customer().province(), c.data().product().category()});
            }
            return rows;
        }

        /** The amounts the rules saw (both sides saw the same facts), for the exports. */
        private static Map<String, Object> figures(CaseData data) {
            Map<String, Object> figures = new LinkedHashMap<>();
            if (data.findings() != null) {
                figures.put("directLossCny", data.findings().directLossCny());
                figures.put("remedyValueCny", data.findings().remedyValueCny());
            }
            return figures;
        }

        /** One side of a change: its decisions, and the rules that fired on this side only. */
        private static Map<String, Object> side(Object decisions, List<FiredRule> fired, List<FiredRule> other) {
            Set<FiredRule> otherSet = new HashSet<>(other);
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("decisions", decisions);
            side.put("rulesFiredOnlyHere", fired.stream().filter(r -> !otherSet.contains(r)).distinct().toList());
            return side;
        }
    }

    /**
     * The run's status from its job's end: completed is SUCCEEDED (a run that replayed nothing says so), failed is
     * FAILED with a reference to the log. A stopped job leaves the run as it is: CANCELLED when a person cancelled it,
     * RUNNING when its service stopped (another instance, or the next start, restarts it).
     */
    static final class Outcome implements JobExecutionListener {

        private final ReplayRuns runs;
        private final java.time.Clock clock;

        Outcome(ReplayRuns runs, java.time.Clock clock) {
            this.runs = runs;
            this.clock = clock;
        }

        @Override
        public void afterJob(JobExecution execution) {
            long id = execution.getJobParameters().getLong(RUN);
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                ReplayRun run = runs.find(id).orElseThrow();
                if (run.done() == 0 && run.status().equals(ReplayRun.RUNNING)) {
                    ReplaySummary summary = ReplaySummary.of(run.summary());
                    summary.warn(ReplaySummary.EMPTY_WINDOW); // a success that concluded nothing is said so
                    runs.saveSummary(id, summary);
                }
                if (runs.finish(id, ReplayRun.SUCCEEDED, null, OffsetDateTime.now(clock))) {
                    log.info("Replay {} finished: {} cases, {} changed", id, run.done(), runs.find(id).orElseThrow().changed());
                }
            } else if (execution.getStatus() == BatchStatus.FAILED) {
                List<Throwable> failures = execution.getAllFailureExceptions();
                // the run's error is read by people: words and a reference to the log, never the exception's text
                String reference = java.util.UUID.randomUUID().toString().substring(0, 8);
                log.error("Replay {} failed (reference {}): {}", id, reference, failures,
                        failures.isEmpty() ? null : failures.get(0));
                Text failed = Text.of("replay.failedUnexpectedly", reference);
                runs.finish(id, ReplayRun.FAILED, failed.zh() + " / " + failed.en(), OffsetDateTime.now(clock));
            }
        }
    }
}
