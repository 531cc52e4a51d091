package com.example.aftersales.replay;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

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
import com.example.aftersales.rulesets.InvalidRulesetException;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.text.Text;

/**
 * Replays recorded cases on other rules. Each case is evaluated on exactly what its latest recorded evaluation saw
 * (the facts, the prior defects, the reference time) — never the clock, never today's history — and compared with
 * the baseline. A run reads the population a chunk at a time, evaluates a chunk on several threads, and saves the
 * chunk's changes with its progress in one transaction: memory stays bounded, and a run that a restart interrupted
 * resumes from its last checkpoint.
 */
@Service
public class ReplayService {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    private static final TypeReference<List<FiredRule>> FIRED_RULES = new TypeReference<>() { };

    private final ReplayRuns runs;
    private final RecordedEvaluations recordedCases;
    private final PriorDefectReferences priorDefects;
    private final RulesetStore rulesets;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final ReplayProperties properties;
    private final Clock clock;
    private final ExecutorService runners = Executors.newCachedThreadPool(daemon("replay-run"));
    private final ExecutorService evaluators;
    private final ExecutorService readers = Executors.newCachedThreadPool(daemon("replay-read"));
    private final Map<Long, AtomicBoolean> cancelled = new ConcurrentHashMap<>();
    /** This instance, as the owner of the runs it works on. */
    private final String instance = instanceName();
    /** Cases done and in all, of each run going on here: the replay progress gauges. */
    private final Map<Long, long[]> progress = new ConcurrentHashMap<>();
    private final Counter replayedCases;

    ReplayService(ReplayRuns runs, RecordedEvaluations recorded, PriorDefectReferences priorDefects, RulesetStore rulesets, JsonMapper json, TransactionTemplate transaction,
                  ReplayProperties properties, Clock clock, MeterRegistry meters) {
        this.runs = runs;
        this.recordedCases = recorded;
        this.priorDefects = priorDefects;
        this.rulesets = rulesets;
        this.json = json;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.evaluators = Executors.newFixedThreadPool(Math.max(1, properties.threads()), daemon("replay-eval"));
        Gauge.builder("aftersales.replay.running", progress, Map::size)
                .description("Replay runs going on in this instance").register(meters);
        Gauge.builder("aftersales.replay.cases.done", progress, p -> p.values().stream().mapToLong(v -> v[0]).sum())
                .description("Cases replayed so far by the runs going on").register(meters);
        Gauge.builder("aftersales.replay.cases.planned", progress, p -> p.values().stream().mapToLong(v -> v[1]).sum())
                .description("Cases to replay in all by the runs going on").register(meters);
        replayedCases = Counter.builder("aftersales.replay.evaluations").description("Cases replayed").register(meters);
    }

    private static String instanceName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The name this instance owns its runs under. */
    String instance() {
        return instance;
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
        long id = runs.create(candidate, baseline, request.from(), request.to(), filters, total, OffsetDateTime.now(clock), by,
                instance, leaseFrom(OffsetDateTime.now(clock)));
        submit(id);
        return id;
    }

    /** How many cases a run of this request replays. */
    long count(ReplayRequest request) {
        return recordedCases.count(population(request.from(), request.to(), request.filtersOrNone()));
    }

    public ReplayRun find(long id) {
        return runs.find(id).orElseThrow(() -> new ReplayNotFoundException(id));
    }

    /** Stops a running run at its next chunk; answers the run as it then stands. */
    public ReplayRun cancel(long id) {
        find(id);
        cancelled.computeIfAbsent(id, k -> new AtomicBoolean()).set(true);
        runs.finish(id, ReplayRun.CANCELLED, null, OffsetDateTime.now(clock));
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

    /**
     * Runs that were running when their instance stopped go on from their last checkpoint: at start-up, and whenever
     * an instance sharing the database stops renewing its leases, one instance adopts each such run.
     */
    @EventListener(ApplicationReadyEvent.class)
    void resumeInterrupted() {
        adoptOrphans();
    }

    /** Renews this instance's leases and adopts the runs of instances that stopped. */
    @Scheduled(fixedDelayString = "${aftersales.replay.lease-check-millis:5000}",
            initialDelayString = "${aftersales.replay.lease-check-millis:5000}")
    void keepLeases() {
        runs.renew(instance, leaseFrom(OffsetDateTime.now(clock)));
        adoptOrphans();
    }

    private void adoptOrphans() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (long id : runs.orphans(now)) {
            if (!runners.isShutdown() && runs.claim(id, instance, now, leaseFrom(now))) {
                ReplayRun run = find(id);
                log.info("Resuming replay {} at {} of {} cases", id, run.done(), run.total());
                submit(id);
            }
        }
    }

    private OffsetDateTime leaseFrom(OffsetDateTime now) {
        return now.plus(properties.lease());
    }

    @PreDestroy
    void stop() {
        runners.shutdownNow();
        evaluators.shutdownNow();
        readers.shutdownNow();
        try {
            runs.release(instance); // the next start, or another instance, resumes them at once
        } catch (RuntimeException e) {
            log.warn("Could not release the replays of {}: they resume when their lease expires", instance, e);
        }
    }

    private void submit(long id) {
        cancelled.putIfAbsent(id, new AtomicBoolean());
        runners.submit(() -> {
            try {
                run(id);
            } catch (ReplayRuns.LostRun e) {
                log.info("Replay {} stopped here: it was cancelled or another instance took it over", id);
            } catch (Throwable e) {
                if (Thread.currentThread().isInterrupted() || runners.isShutdown()) {
                    return; // the service is stopping: the run stays RUNNING and resumes at the next start
                }
                // the run's error is read by people: words and a reference to the log, never the exception's text
                String reference = java.util.UUID.randomUUID().toString().substring(0, 8);
                log.error("Replay {} failed (reference {})", id, reference, e);
                Text failed = Text.of("replay.failedUnexpectedly", reference);
                runs.finish(id, ReplayRun.FAILED, failed.zh() + " / " + failed.en(), OffsetDateTime.now(clock));
            }
        });
    }

    private void run(long id) throws Exception {
        ReplayRun run = find(id);
        CompiledRuleset candidate = rulesets.compiled(run.candidateVersion());
        CompiledRuleset baseline = run.baselineVersion() == null ? null : rulesets.compiled(run.baselineVersion());
        ReplaySummary summary = ReplaySummary.of(run.summary());
        long done = run.done();
        long elapsed = run.elapsedMillis();
        OffsetDateTime lastReceivedAt = run.checkpointReceivedAt();
        Long lastCaseId = run.checkpointCaseId();
        AtomicBoolean stop = cancelled.get(id);
        long started = System.nanoTime();
        long[] progressOfRun = {done, run.total()};
        progress.put(id, progressOfRun);
        try {
            replay(id, run, candidate, baseline, summary, done, elapsed, lastReceivedAt, lastCaseId, stop, started, progressOfRun);
        } finally {
            progress.remove(id);
        }
    }

    private void replay(long id, ReplayRun run, CompiledRuleset candidate, CompiledRuleset baseline, ReplaySummary summary,
                        long done, long elapsed, OffsetDateTime lastReceivedAt, Long lastCaseId, AtomicBoolean stop,
                        long started, long[] progressOfRun) throws Exception {
        Chunk chunk = read(run, lastReceivedAt, lastCaseId, Map.of());
        while (!chunk.cases().isEmpty() && !stop.get() && !Thread.currentThread().isInterrupted()) {
            RecordedEvaluations.Recorded last = chunk.cases().get(chunk.cases().size() - 1);
            Map<Long, PriorDefect> known = chunk.priors();
            // the next chunk is read while this one is evaluated: the database and the rules work side by side
            Future<Chunk> next = readers.submit(() -> read(run, last.receivedAt(), last.caseId(), known));
            ChunkResult result = evaluate(chunk, candidate, baseline);
            summary.add(result.summary);
            done += chunk.cases().size();
            progressOfRun[0] = done;
            replayedCases.increment(chunk.cases().size());
            lastReceivedAt = last.receivedAt();
            lastCaseId = last.caseId();
            long now = System.nanoTime();
            elapsed += (now - started) / 1_000_000;
            started = now;
            List<Object[]> changes = changes(result.changed);
            long doneNow = done;
            long elapsedNow = elapsed;
            OffsetDateTime receivedNow = lastReceivedAt;
            long caseNow = lastCaseId;
            transaction.executeWithoutResult(status ->
                    runs.checkpoint(id, instance, doneNow, summary, receivedNow, caseNow, elapsedNow, changes));
            chunk = next.get();
        }
        if (!stop.get() && !Thread.currentThread().isInterrupted()) {
            if (done == 0) {
                summary.warn(ReplaySummary.EMPTY_WINDOW); // a success that concluded nothing is said so
                runs.saveSummary(id, summary);
            }
            runs.finish(id, ReplayRun.SUCCEEDED, null, OffsetDateTime.now(clock));
            log.info("Replay {} finished: {} cases, {} changed", id, done, summary.changed());
        }
    }

    /** Cases of a run, a chunk at a time, with the prior defects their evaluations saw. */
    private record Chunk(List<RecordedEvaluations.Recorded> cases, Map<Long, PriorDefect> priors) {
    }

    /**
     * The next chunk after the checkpoint, with its prior defects: those the previous chunk already read
     * ({@code known}; neighbouring cases share most of theirs) are taken from it, the others read at once.
     */
    private Chunk read(ReplayRun run, OffsetDateTime afterReceivedAt, Long afterCaseId, Map<Long, PriorDefect> known) {
        List<RecordedEvaluations.Recorded> cases = recordedCases.chunk(population(run.from(), run.to(), run.filters()),
                afterReceivedAt, afterCaseId, properties.chunkSize());
        Map<Long, PriorDefect> priors = new java.util.HashMap<>();
        Set<Long> missing = new HashSet<>();
        for (RecordedEvaluations.Recorded recorded : cases) {
            for (long caseId : PriorDefectReferences.ids(recorded.priorDefectIds())) {
                PriorDefect prior = known.get(caseId);
                if (prior != null) {
                    priors.put(caseId, prior);
                } else if (!priors.containsKey(caseId)) {
                    missing.add(caseId);
                }
            }
        }
        priorDefects.byId(missing).forEach((caseId, prior) -> priors.put(caseId, prior.toFact()));
        return new Chunk(cases, priors);
    }

    /** The cases received from {@code from} to {@code to} (inclusive, in the replay's zone) that the filters let through. */
    private RecordedEvaluations.Population population(java.time.LocalDate from, java.time.LocalDate to, ReplayRequest.Filters f) {
        java.time.ZoneId zone = properties.zone();
        return new RecordedEvaluations.Population(from.atStartOfDay(zone).toOffsetDateTime(),
                to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(), f.productCode(), f.productCategory(), f.province(),
                f.responsibleUnit(), f.decisionType(), f.decisionValue());
    }

    private record Changed(RecordedEvaluations.Recorded recorded, CaseData data, Evaluation after, Evaluation before) {
    }

    private record ChunkResult(ReplaySummary summary, List<Changed> changed) {
    }

    /** Evaluates a chunk on the evaluator threads, each taking a slice; the slices' results are merged in order. */
    private ChunkResult evaluate(Chunk of, CompiledRuleset candidate, CompiledRuleset baseline) throws Exception {
        List<RecordedEvaluations.Recorded> chunk = of.cases();
        int slices = Math.max(1, properties.threads());
        int sliceSize = (chunk.size() + slices - 1) / slices;
        List<Future<ChunkResult>> futures = new ArrayList<>();
        for (int from = 0; from < chunk.size(); from += sliceSize) {
            List<RecordedEvaluations.Recorded> slice = chunk.subList(from, Math.min(chunk.size(), from + sliceSize));
            futures.add(evaluators.submit(() -> evaluateSlice(slice, of.priors(), candidate, baseline)));
        }
        ReplaySummary summary = new ReplaySummary();
        List<Changed> changed = new ArrayList<>();
        for (Future<ChunkResult> future : futures) {
            ChunkResult part = future.get();
            summary.add(part.summary);
            changed.addAll(part.changed);
        }
        return new ChunkResult(summary, changed);
    }

    private ChunkResult evaluateSlice(List<RecordedEvaluations.Recorded> slice, Map<Long, PriorDefect> known,
                                      CompiledRuleset candidate, CompiledRuleset baseline) {
        ReplaySummary summary = new ReplaySummary();
        List<Changed> changed = new ArrayList<>();
        for (RecordedEvaluations.Recorded recorded : slice) {
            CaseData data = json.readValue(recorded.factsJson(), CaseData.class);
            long[] priorIds = PriorDefectReferences.ids(recorded.priorDefectIds());
            List<PriorDefect> priors = new ArrayList<>(priorIds.length);
            for (long priorId : priorIds) {
                priors.add(known.get(priorId));
            }
            var facts = data.toFacts();
            Evaluation after = candidate.evaluate(facts, priors);
            Evaluation before = baseline == null ? null : baseline.evaluate(facts, priors);
            String beforeSummary = before == null ? recorded.decisionSummary() : before.decisionSummary();
            if (summary.count(beforeSummary, after.decisionSummary(), data.receivedAt(), data)) {
                changed.add(new Changed(recorded, data, after, before));
            }
        }
        return new ChunkResult(summary, changed);
    }

    /** Rows for {@code replay_change}: before and after, each with its decisions and fired rules. */
    private List<Object[]> changes(List<Changed> changed) {
        List<Long> recordedIds = changed.stream().filter(c -> c.before == null).map(c -> c.recorded.evaluationId()).toList();
        Map<Long, List<Map<String, Object>>> recordedDecisions = recordedCases.decisions(recordedIds);
        List<Object[]> rows = new ArrayList<>(changed.size());
        for (Changed c : changed) {
            Object beforeDecisions;
            List<FiredRule> beforeRules;
            if (c.before == null) {
                beforeDecisions = recordedDecisions.getOrDefault(c.recorded.evaluationId(), List.of());
                beforeRules = json.readValue(c.recorded.firedRulesJson(), FIRED_RULES);
            } else {
                beforeDecisions = c.before.decisions();
                beforeRules = c.before.firedRules();
            }
            Map<String, Object> after = side(c.after.decisions(), c.after.firedRules(), beforeRules, false);
            after.put("findings", figures(c.data));
            rows.add(new Object[] {c.recorded.caseId(), c.recorded.receivedAt(),
                    json.writeValueAsString(side(beforeDecisions, beforeRules, c.after.firedRules(), true)),
                    json.writeValueAsString(after), c.data.externalRef(), c.data.responsibleUnit().code(),
                    c.data.customer().province(), c.data.product().category()});
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
    private static Map<String, Object> side(Object decisions, List<FiredRule> fired, List<FiredRule> other, boolean before) {
        Set<FiredRule> otherSet = new HashSet<>(other);
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("decisions", decisions);
        side.put("rulesFiredOnlyHere", fired.stream().filter(r -> !otherSet.contains(r)).distinct().toList());
        return side;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
