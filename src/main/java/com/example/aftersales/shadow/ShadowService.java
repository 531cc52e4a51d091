package com.example.aftersales.shadow;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.EvaluationsRecorded;
import com.example.aftersales.cases.EvaluationsRecorded.Recorded;
import com.example.aftersales.cases.PriorDefectData;
import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.FiredRule;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleFailedException;
import com.example.aftersales.policy.RunawayRulesException;
import com.example.aftersales.policy.facts.PriorDefect;
import com.example.aftersales.replay.DecisionComparison;
import com.example.aftersales.rulesets.InvalidRulesetException;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.rulesets.UnknownRulesetException;
import com.example.aftersales.text.Text;

/**
 * Shadow runs. The recording path only hands each recorded evaluation, after its commit, to a bounded backlog
 * ({@link #recorded}: one check and one {@code offer}; when the backlog is full the evaluation is not shadowed, and
 * counted as skipped). One daemon thread takes the backlog in batches, lets each running draft decide every case on
 * exactly what the active rules saw, on an evaluator thread of its own with a time limit (a rule that throws or runs
 * away costs the draft that case, never the request; one that overruns the limit stops the run), and writes the
 * batch into the run, under its row lock, in one transaction. The thread is a lifecycle of the context: it stops while
 * the context is stopped (the tests' context cache pauses the contexts not in use) and starts again with it.
 */
@Service
public class ShadowService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShadowService.class);
    private static final int MAX_VALUE = 500;

    private final ShadowRuns runs;
    private final RulesetStore rulesets;
    private final PolicyEngine engine;
    private final TransactionTemplate transaction;
    private final ShadowProperties properties;
    private final Clock clock;
    private final JsonMapper json;
    private final BlockingQueue<Recorded> backlog;
    /** Evaluations not shadowed since the last refresh, the backlog being full. */
    private final AtomicLong skippedSinceFlush = new AtomicLong();
    private final Counter shadowedCounter;
    private final Counter skippedCounter;
    private final Object lock = new Object();
    /** The runs going on, with their drafts compiled: read on every recorded evaluation, replaced whole. */
    private volatile List<Active> active = List.of();
    private final ClassLoader loader;
    /** The shadow thread, while started; it works while it is this. */
    private volatile Thread worker;
    /** The shadow thread started last (it may still end its batch after a stop). */
    private Thread last;
    private ExecutorService evaluator = newEvaluator();
    private volatile boolean closed;
    private volatile boolean refreshNow = true;

    private record Active(long id, String draftVersion, OffsetDateTime endsAt, CompiledRuleset draft) {
    }

    ShadowService(ShadowRuns runs, RulesetStore rulesets, PolicyEngine engine, TransactionTemplate transaction,
                  ShadowProperties properties, Clock clock, JsonMapper json, MeterRegistry meters) {
        this.runs = runs;
        this.rulesets = rulesets;
        this.engine = engine;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.json = json;
        this.backlog = new ArrayBlockingQueue<>(Math.max(1, properties.queueCapacity()));
        Gauge.builder("aftersales.shadow.backlog", backlog, BlockingQueue::size)
                .description("Recorded evaluations waiting to be shadowed on this instance").register(meters);
        Gauge.builder("aftersales.shadow.running", this, s -> s.active.size())
                .description("Shadow runs going on").register(meters);
        shadowedCounter = Counter.builder("aftersales.shadow.evaluations").description("Evaluations shadowed by a draft").register(meters);
        skippedCounter = Counter.builder("aftersales.shadow.skipped")
                .description("Recorded evaluations not shadowed: the backlog was full").register(meters);
        loader = Thread.currentThread().getContextClassLoader();
    }

    // --- the recording path ---

    /**
     * Evaluations were recorded and committed by requests (not a history load): each queued to be shadowed when a run
     * is going on. Never blocks, never throws; a full backlog drops it and counts it (the run samples).
     */
    @TransactionalEventListener(fallbackExecution = true)
    void recorded(EvaluationsRecorded recorded) {
        if (active.isEmpty() || recorded.history()) {
            return;
        }
        try {
            for (Recorded evaluation : recorded.evaluations()) {
                if (!backlog.offer(evaluation)) {
                    skippedSinceFlush.incrementAndGet();
                    skippedCounter.increment();
                }
            }
        } catch (RuntimeException e) {
            // never the request's concern
        }
    }

    // --- runs ---

    /** Starts a shadow run of a stored valid draft; at most {@code max-concurrent} at once. */
    public ShadowRun start(String draftVersion, OffsetDateTime endsAt, Long maxCases, String by) {
        if (draftVersion == null || draftVersion.isBlank()) {
            throw ShadowRefusedException.field("draftVersion", Text.of("shadow.draftRequired"));
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (endsAt != null && !endsAt.isAfter(now)) {
            throw ShadowRefusedException.field("endsAt", Text.of("shadow.endsAtPast"));
        }
        if (maxCases != null && (maxCases < 1 || maxCases > 100_000_000L)) {
            throw ShadowRefusedException.field("maxCases", Text.of("shadow.maxCases"));
        }
        if (!rulesets.exists(draftVersion)) {
            throw new UnknownRulesetException(draftVersion);
        }
        if (!rulesets.validated(draftVersion)) {
            throw new InvalidRulesetException(draftVersion);
        }
        rulesets.compiled(draftVersion); // compiled now, and kept: the shadow thread finds it ready
        long id;
        synchronized (lock) {
            runs.expire(now);
            long going = runs.countRunning();
            if (going >= properties.maxConcurrent()) {
                throw ShadowRefusedException.conflict(Text.of("shadow.tooMany", properties.maxConcurrent()));
            }
            id = runs.create(draftVersion, engine.active().version(), by, now, endsAt, maxCases);
            refresh();
        }
        log.info("Shadow run {} of draft {} started by {}", id, draftVersion, by);
        return find(id);
    }

    /** Stops a run by hand; evaluations already queued for it are not counted any more. */
    public ShadowRun stop(long id, String by) {
        ShadowRun run = find(id);
        if (!run.running() || !runs.stop(id, ShadowRun.BY_HAND, by, OffsetDateTime.now(clock))) {
            throw ShadowRefusedException.conflict(Text.of("shadow.alreadyStopped", id));
        }
        synchronized (lock) {
            refresh();
        }
        log.info("Shadow run {} stopped by {}", id, by);
        return find(id);
    }

    public ShadowRun find(long id) {
        return runs.find(id).orElseThrow(() -> ShadowRefusedException.notFound(Text.of("shadow.notFound", id)));
    }

    public List<ShadowRun> recent(int limit) {
        return runs.recent(limit);
    }

    /** The latest shadow run of a draft, if it ever had one (its agreement, beside its impact, at activation). */
    public java.util.Optional<ShadowRun> latestFor(String draftVersion) {
        return runs.latestFor(draftVersion);
    }

    public ShadowRun.Page differences(long id, String type, int page, int size) {
        find(id);
        if (page < 0) throw ShadowRefusedException.field("page", Text.of("shadow.page"));
        if (size < 1 || size > 200) throw ShadowRefusedException.field("size", Text.of("shadow.size"));
        if (type != null && (type.isBlank() || type.length() > 64)) throw ShadowRefusedException.field("type", Text.of("shadow.type"));
        return runs.differences(id, type, page, size);
    }

    /** Most runs at once (a setting). */
    public int maxConcurrent() {
        return properties.maxConcurrent();
    }

    /** Whether this instance shadows the run now (it has read it as going on). */
    boolean shadowing(long runId) {
        return active.stream().anyMatch(a -> a.id() == runId);
    }

    /** Evaluations waiting on this instance. */
    int backlog() {
        return backlog.size();
    }

    // --- the shadow thread ---

    @Override
    public synchronized void start() {
        if (worker == null && !closed) {
            Thread thread = new Thread(this::work, "shadow");
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            refreshNow = true;
            worker = thread;
            last = thread;
            thread.start();
        }
    }

    /** Without waiting: the thread ends after its batch, or within 100 ms when it waits for one. */
    @Override
    public synchronized void stop() {
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Stopped after the web server (whose phases are higher), so that it shadows what the last requests recorded. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @PreDestroy
    void end() {
        Thread thread;
        synchronized (this) {
            closed = true;
            thread = last;
            worker = null;
        }
        if (thread != null) {
            try {
                thread.join(2000);
                if (thread.isAlive()) { // interrupted only then: an interrupt can close an H2 file under a write
                    thread.interrupt();
                    thread.join(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        evaluator.shutdownNow();
        try {
            flushSkipped();
        } catch (RuntimeException e) {
            log.debug("Could not write the skipped counts at shutdown", e);
        }
    }

    private void work() {
        long nextRefresh = 0;
        while (working()) {
            try {
                if (refreshNow || System.nanoTime() >= nextRefresh) {
                    refreshNow = false;
                    synchronized (lock) {
                        refresh();
                    }
                    nextRefresh = System.nanoTime() + properties.refresh().toNanos();
                }
                Recorded first = backlog.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Recorded> batch = new ArrayList<>(properties.batchSize());
                batch.add(first);
                // a batch gathers for up to `linger`: one transaction per batch, not per case, when traffic is light
                long until = System.nanoTime() + properties.linger().toNanos();
                while (batch.size() < properties.batchSize() && working()) {
                    backlog.drainTo(batch, properties.batchSize() - batch.size());
                    long left = until - System.nanoTime();
                    if (batch.size() >= properties.batchSize() || left <= 0) break;
                    Recorded next = backlog.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) break;
                    batch.add(next);
                }
                shadow(batch);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                if (!working()) return;
                log.warn("Shadow runs: could not shadow a batch; going on", e);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Whether the calling thread is the shadow thread of now (not one stopped). */
    private boolean working() {
        return worker == Thread.currentThread();
    }

    /** Reads the runs going on (ending those past their end date), compiles new drafts, writes the skipped counts. */
    private void refresh() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        flushSkipped();
        runs.expire(now);
        List<ShadowRuns.Running> going = runs.running();
        List<Active> previous = active;
        List<Active> next = new ArrayList<>(going.size());
        for (ShadowRuns.Running r : going) {
            Active known = previous.stream().filter(a -> a.id() == r.id()).findFirst().orElse(null);
            if (known != null) {
                next.add(known);
                continue;
            }
            try {
                next.add(new Active(r.id(), r.draftVersion(), r.endsAt(), rulesets.compiled(r.draftVersion())));
            } catch (RuntimeException e) {
                log.warn("Shadow run {}: draft {} cannot be compiled here; not shadowed on this instance", r.id(), r.draftVersion(), e);
            }
        }
        active = List.copyOf(next);
    }

    private void flushSkipped() {
        long skipped = skippedSinceFlush.getAndSet(0);
        if (skipped > 0) {
            for (Active a : active) {
                runs.addSkipped(a.id(), skipped);
            }
        }
    }

    private void shadow(List<Recorded> batch) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Active run : active) {
            if (run.endsAt() != null && !run.endsAt().isAfter(now)) {
                refreshNow = true;
                continue;
            }
            List<ShadowRuns.Shadowed> shadowed = new ArrayList<>(batch.size());
            DecisionComparison[] comparisons = new DecisionComparison[batch.size()];
            boolean timedOut = false;
            for (int i = 0; i < batch.size() && !timedOut; i++) {
                Recorded recorded = batch.get(i);
                Outcome outcome = decide(run.draft(), recorded);
                timedOut = outcome.timedOut();
                if (outcome.evaluation() == null) {
                    shadowed.add(new ShadowRuns.Shadowed(recorded.caseId(), recorded.evaluationId(), false, true,
                            List.<Object[]>of(failure(recorded, outcome.failure()))));
                } else {
                    DecisionComparison comparison = DecisionComparison.empty();
                    boolean differs = comparison.count(recorded.evaluation(), outcome.evaluation(), recorded.facts());
                    comparisons[shadowed.size()] = comparison;
                    shadowed.add(new ShadowRuns.Shadowed(recorded.caseId(), recorded.evaluationId(), !differs, false,
                            differs ? differences(recorded, outcome.evaluation()) : List.of()));
                }
            }
            Integer counted = transaction.execute(status -> runs.record(run.id(), shadowed, comparisons, now));
            shadowedCounter.increment(counted == null ? 0 : counted);
            if (counted != null && counted < shadowed.size()) {
                refreshNow = true; // stopped, ended or full: read the runs again
            }
            if (timedOut) {
                runs.stop(run.id(), ShadowRun.TIMED_OUT, null, now);
                log.warn("Shadow run {} stopped: draft {} took longer than {} to decide a case", run.id(), run.draftVersion(),
                        properties.timeout());
                refreshNow = true;
            }
        }
    }

    private record Outcome(Evaluation evaluation, String failure, boolean timedOut) {
    }

    /** The draft's evaluation, on the evaluator thread, within the time limit; or why there is none. */
    private Outcome decide(CompiledRuleset draft, Recorded recorded) {
        Future<Evaluation> future;
        try {
            var facts = recorded.facts().toFacts();
            List<PriorDefect> priors = new ArrayList<>(recorded.priorDefects().size());
            for (PriorDefectData p : recorded.priorDefects()) priors.add(p.toFact());
            future = evaluator.submit(() -> draft.evaluate(facts, priors));
        } catch (RuntimeException e) {
            return new Outcome(null, "ERROR: " + e.getClass().getSimpleName(), false);
        }
        try {
            return new Outcome(future.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS), null, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RunawayRulesException runaway) {
                return new Outcome(null, "RUNAWAY: " + String.join(", ", new LinkedHashSet<>(runaway.lastRules())), false);
            }
            if (cause instanceof RuleFailedException failed) {
                return new Outcome(null, "RULE_FAILED: " + failed.rule(), false);
            }
            return new Outcome(null, "ERROR: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()), false);
        } catch (TimeoutException e) {
            // the evaluator thread may never come back: leave it (a daemon) and take a new one
            future.cancel(true);
            evaluator.shutdownNow();
            evaluator = newEvaluator();
            return new Outcome(null, "TIMEOUT: more than " + properties.timeout().toMillis() + " ms", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "INTERRUPTED", false);
        }
    }

    private Object[] failure(Recorded recorded, String why) {
        return new Object[] {recorded.caseId(), recorded.evaluationId(), ShadowRun.SHADOW_FAILED, null, cut(why), "[]", "[]"};
    }

    /** A row per decision type decided differently, with the rules that fired on one side only. */
    private List<Object[]> differences(Recorded recorded, Evaluation shadow) {
        Evaluation active = recorded.evaluation();
        Map<String, TreeSet<String>> a = DecisionComparison.valuesByType(active);
        Map<String, TreeSet<String>> s = DecisionComparison.valuesByType(shadow);
        Set<String> types = new TreeSet<>(a.keySet());
        types.addAll(s.keySet());
        String activeOnly = json.writeValueAsString(oneSided(active.firedRules(), shadow.firedRules()));
        String shadowOnly = json.writeValueAsString(oneSided(shadow.firedRules(), active.firedRules()));
        List<Object[]> rows = new ArrayList<>();
        for (String type : types) {
            TreeSet<String> av = a.get(type);
            TreeSet<String> sv = s.get(type);
            if (!Objects.equals(av, sv)) {
                rows.add(new Object[] {recorded.caseId(), recorded.evaluationId(), type, join(av), join(sv), activeOnly, shadowOnly});
            }
        }
        if (rows.isEmpty()) {
            // the same values by type, but not the same decisions (a deadline minutes apart): said as such
            rows.add(new Object[] {recorded.caseId(), recorded.evaluationId(), "OTHER", cut(active.decisionSummary()),
                    cut(shadow.decisionSummary()), activeOnly, shadowOnly});
        }
        return rows;
    }

    private static List<ShadowRun.Rule> oneSided(List<FiredRule> these, List<FiredRule> others) {
        Set<FiredRule> other = new HashSet<>(others);
        return these.stream().filter(r -> !other.contains(r)).distinct().map(r -> new ShadowRun.Rule(r.rule(), r.source())).toList();
    }

    private static String join(TreeSet<String> values) {
        return values == null || values.isEmpty() ? null : cut(String.join(",", values));
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE - 1) + "…";
    }

    private static ExecutorService newEvaluator() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "shadow-eval");
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
    }
}
