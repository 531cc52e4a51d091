package com.example.aftersales.cases;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.internal.CaseWriter;
import com.example.aftersales.cases.internal.ConfirmedDefects;
import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.facts.PriorDefect;

/**
 * Records a history of cases fast: what {@link CaseService#register} would record for each, case by case in the
 * given order, but evaluated and written in chunks — JDBC batches, one transaction per chunk.
 *
 * <p>The cases must come in {@code receivedAt} order. Then the prior confirmed defects of each case are exactly those
 * {@link ConfirmedDefects#before} would load: they are kept in memory, in a window of the ruleset's longest look-back
 * ending at the current case, fed by the defects already in the database (read once per chunk, by receipt time) and
 * by the cases this recorder has just recorded. Cases whose {@code externalRef} is already recorded are skipped (and
 * counted), so recording the same history twice records it once. Another writer recording cases of the same period
 * at the same time is not seen by the window: record histories while nothing else records.
 */
@Component
public class HistoryRecorder {

    /** Cases per chunk (one transaction, one JDBC batch per table) when none is given. */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** Who recorded the cases of a generated or bulk-loaded history. */
    static final String RECORDED_BY = "history loader";

    /** Where a recording stands: cases recorded and skipped so far, and the time it took. */
    public record Progress(long recorded, long skipped, long elapsedNanos) {
        public double casesPerSecond() {
            return elapsedNanos == 0 ? 0 : (recorded + skipped) * 1e9 / elapsedNanos;
        }
    }

    private final CaseWriter writer;
    private final JdbcClient jdbc;
    private final PolicyEngine engine;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private volatile Boolean databaseKeepsOffset;

    HistoryRecorder(CaseWriter writer, JdbcClient jdbc, PolicyEngine engine, JsonMapper json,
                    TransactionTemplate transaction, Clock clock) {
        this.writer = writer;
        this.jdbc = jdbc;
        this.engine = engine;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Progress record(Stream<CaseData> cases, int batchSize) {
        return record(cases.iterator(), batchSize, p -> { });
    }

    /**
     * Records the cases in chunks of {@code batchSize}, each in its own transaction, and tells {@code progress} after
     * each chunk. A chunk that fails is rolled back and the exception thrown; chunks before it stay recorded (record
     * the same history again to go on: recorded cases are skipped).
     *
     * @throws IllegalArgumentException when a case was received before the one before it
     */
    public Progress record(Iterator<CaseData> cases, int batchSize, Consumer<Progress> progress) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be at least 1");
        long start = System.nanoTime();
        long recorded = 0;
        long skipped = 0;
        try (Session session = open(RECORDED_BY, true)) {
            List<CaseData> chunk = new ArrayList<>(batchSize);
            while (cases.hasNext()) {
                chunk.clear();
                while (chunk.size() < batchSize && cases.hasNext()) {
                    chunk.add(cases.next());
                }
                long written = session.record(chunk).stream().filter(Recorded::written).count();
                recorded += written;
                skipped += chunk.size() - written;
                progress.accept(new Progress(recorded, skipped, System.nanoTime() - start));
            }
        }
        return new Progress(recorded, skipped, System.nanoTime() - start);
    }

    /**
     * A recording of cases that come in {@code receivedAt} order, chunk after chunk, each chunk in its own transaction:
     * the bulk path of the demo history and of imports. Close it when done (it holds evaluator threads).
     *
     * @param recordedBy who recorded the cases (an importing person, the demo loader)
     * @param history    a history load ({@link EvaluationsRecorded#history()}): the shadow runs leave it out
     */
    public Session open(String recordedBy, boolean history) {
        return new Session(recordedBy, history);
    }

    /** A case of a chunk: its id, or 0 when its externalRef was recorded already (or came earlier in the chunk). */
    public record Recorded(long caseId) {
        public boolean written() {
            return caseId != 0;
        }
    }

    /** See {@link #open}. */
    public final class Session implements AutoCloseable {
        private final String recordedBy;
        private final boolean history;
        private final Window window = new Window(keepsOffset());
        private final Workers workers = new Workers();
        private Instant last;

        private Session(String recordedBy, boolean history) {
            this.recordedBy = recordedBy;
            this.history = history;
        }

        /**
         * Records the chunk's cases not recorded yet, in one transaction, exactly as {@link CaseService#register} would
         * one after the other; answers each case's outcome in the chunk's order. When it throws (the rules failed on a
         * case, a case of the same reference was recorded meanwhile, the database) nothing of the chunk is recorded,
         * and the session goes on with the next chunk as if this one had not been given.
         *
         * @throws IllegalArgumentException when a case was received before the one before it
         */
        public List<Recorded> record(List<CaseData> chunk) {
            Instant previous = last;
            for (CaseData data : chunk) {
                Instant at = data.receivedAt().toInstant();
                if (previous != null && at.isBefore(previous)) {
                    throw new IllegalArgumentException("Cases must come in receivedAt order: " + data.externalRef()
                            + " was received at " + data.receivedAt() + ", before the case before it (" + previous + ")");
                }
                previous = at;
            }
            try {
                List<Recorded> outcome = transaction.execute(status -> recordChunk(chunk, this));
                last = previous;
                return outcome;
            } catch (RuntimeException e) {
                window.reset();
                throw e;
            }
        }

        @Override
        public void close() {
            workers.close();
        }
    }

    private List<Recorded> recordChunk(List<CaseData> chunk, Session session) {
        Window window = session.window;
        Workers workers = session.workers;
        List<CaseData> fresh = fresh(chunk);
        List<Recorded> outcome = new ArrayList<>(chunk.size());
        if (fresh.isEmpty()) {
            for (int i = 0; i < chunk.size(); i++) outcome.add(new Recorded(0));
            return outcome;
        }
        CompiledRuleset rules = engine.active();
        int lookBack = rules.lookBackDays();
        window.prepare(lookBack, fresh.get(0).receivedAt(), fresh.get(fresh.size() - 1).receivedAt());
        OffsetDateTime now = OffsetDateTime.now(clock);
        int n = fresh.size();

        String[] factsJson = new String[n];
        workers.forEach(n, i -> factsJson[i] = json.writeValueAsString(fresh.get(i)));
        long[] caseIds = writer.insertCases(fresh, factsJson, null, now, session.recordedBy, false);

        // Prior defects in order (each case sees the defects recorded before it), then the evaluations, in parallel.
        List<List<PriorDefectData>> priors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CaseData data = fresh.get(i);
            priors.add(lookBack <= 0 ? List.of() : window.before(data, lookBack, rules.clusterThreshold()));
            window.add(caseIds[i], data);
        }
        Evaluation[] evaluations = new Evaluation[n];
        String[] firedJson = new String[n];
        workers.forEach(n, i -> {
            List<PriorDefect> facts = new ArrayList<>(priors.get(i).size());
            for (PriorDefectData p : priors.get(i)) facts.add(p.toFact());
            evaluations[i] = rules.evaluate(fresh.get(i).toFacts(), facts);
            firedJson[i] = json.writeValueAsString(evaluations[i].firedRules());
        });

        List<CaseWriter.EvaluationRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new CaseWriter.EvaluationRow(caseIds[i], 1, fresh.get(i), priors.get(i), evaluations[i], factsJson[i],
                    firedJson[i]));
        }
        writer.insertEvaluations(rows, now, session.history);
        writer.insertConfirmedDefects(fresh, caseIds);

        int f = 0;
        for (CaseData data : chunk) {
            boolean written = f < n && fresh.get(f) == data;
            outcome.add(new Recorded(written ? caseIds[f++] : 0));
        }
        return outcome;
    }

    /** The cases not recorded yet (by externalRef), each once. */
    private List<CaseData> fresh(List<CaseData> chunk) {
        List<String> refs = new ArrayList<>(chunk.size());
        for (CaseData c : chunk) {
            if (c.externalRef() != null) refs.add(c.externalRef());
        }
        Set<String> seen = new HashSet<>();
        if (!refs.isEmpty()) {
            seen.addAll(jdbc.sql("select external_ref from aftersales_case where external_ref in (:refs)")
                    .param("refs", refs).query(String.class).list());
        }
        if (seen.isEmpty() && new HashSet<>(refs).size() == refs.size()) {
            return chunk;
        }
        List<CaseData> fresh = new ArrayList<>(chunk.size());
        for (CaseData c : chunk) {
            if (c.externalRef() == null || seen.add(c.externalRef())) fresh.add(c);
        }
        return fresh;
    }

    /**
     * Threads for the evaluations and the JSON of a chunk. Not the common fork-join pool: its threads do not have the
     * application's class loader in a Spring Boot jar, and Drools finds its services through that loader.
     */
    private static final class Workers implements AutoCloseable {
        private final int threads = Runtime.getRuntime().availableProcessors();
        private final ExecutorService executor;

        Workers() {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            executor = Executors.newFixedThreadPool(Math.max(1, threads - 1), task -> {
                Thread t = new Thread(task, "history-recorder");
                t.setDaemon(true);
                t.setContextClassLoader(loader);
                return t;
            });
        }

        /** Runs body for 0..n-1, in contiguous slices, on the workers and the calling thread. */
        void forEach(int n, IntConsumer body) {
            int slices = Math.min(threads, Math.max(1, n / 32));
            List<Future<?>> futures = new ArrayList<>(slices);
            for (int s = 1; s < slices; s++) {
                int lo = (int) ((long) n * s / slices);
                int hi = (int) ((long) n * (s + 1) / slices);
                futures.add(executor.submit(() -> {
                    for (int i = lo; i < hi; i++) body.accept(i);
                }));
            }
            int firstEnd = (int) ((long) n / slices);
            for (int i = 0; i < firstEnd; i++) body.accept(i);
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while recording", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    static boolean isDefect(CaseData d) {
        return CaseWriter.isDefect(d);
    }

    /**
     * Whether the database gives a {@code timestamp with time zone} back with the offset it was written with (H2) or
     * in UTC (PostgreSQL): prior defects in memory must look exactly as {@link ConfirmedDefects} reads them.
     */
    private boolean keepsOffset() {
        Boolean keeps = databaseKeepsOffset;
        if (keeps == null) {
            OffsetDateTime probe = OffsetDateTime.of(2000, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(8));
            OffsetDateTime back = jdbc.sql("select cast(? as timestamp with time zone)").param(probe)
                    .query((rs, i) -> rs.getObject(1, OffsetDateTime.class)).single();
            keeps = back.getOffset().equals(probe.getOffset());
            databaseKeepsOffset = keeps;
        }
        return keeps;
    }

    private record Key(Instant at, long caseId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(caseId, o.caseId);
        }
    }

    /**
     * The confirmed defects of the recent past, by problem category and in {@code (received_at, case_id)} order: those
     * in the database (loaded by receipt time as the recording advances) and those just recorded.
     */
    private final class Window {
        private final boolean keepsOffset;
        private final Map<String, TreeMap<Key, PriorDefectData>> byProblem = new HashMap<>();
        private OffsetDateTime loadedUpTo;
        private int lookBack = -1;

        Window(boolean keepsOffset) {
            this.keepsOffset = keepsOffset;
        }

        void reset() {
            byProblem.clear();
            loadedUpTo = null;
            lookBack = -1;
        }

        /** Makes sure every recorded defect received in [first - lookBack, last] is in memory. */
        void prepare(int lookBackDays, OffsetDateTime first, OffsetDateTime last) {
            if (lookBackDays <= 0) {
                return;
            }
            OffsetDateTime from = first.minusDays(lookBackDays);
            if (lookBackDays != lookBack || loadedUpTo == null || loadedUpTo.isBefore(from)) {
                reset();
                lookBack = lookBackDays;
                load("received_at >= ? and received_at <= ?", from, last);
            } else if (last.isAfter(loadedUpTo)) {
                load("received_at > ? and received_at <= ?", loadedUpTo, last);
            }
            if (loadedUpTo == null || last.isAfter(loadedUpTo)) {
                loadedUpTo = last;
            }
            evictBefore(from);
        }

        private void load(String where, OffsetDateTime lower, OffsetDateTime upper) {
            jdbc.sql("select case_id, received_at, product_code, problem_category, batch_number, production_site"
                            + " from confirmed_defect where " + where)
                    .params(lower, upper)
                    .query((rs, i) -> new PriorDefectData(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)))
                    .list()
                    .forEach(this::put);
        }

        void add(long caseId, CaseData d) {
            if (lookBack > 0 && isDefect(d)) {
                OffsetDateTime at = keepsOffset ? d.receivedAt() : d.receivedAt().withOffsetSameInstant(ZoneOffset.UTC);
                put(new PriorDefectData(caseId, at, d.product().code(), d.problem().category(), d.batchNumber(),
                        d.productionSite()));
            }
        }

        private void put(PriorDefectData p) {
            byProblem.computeIfAbsent(p.problemCategory(), k -> new TreeMap<>())
                    .put(new Key(p.receivedAt().toInstant(), p.caseId()), p);
        }

        private void evictBefore(OffsetDateTime from) {
            Key bound = new Key(from.toInstant(), Long.MIN_VALUE);
            for (TreeMap<Key, PriorDefectData> defects : byProblem.values()) {
                defects.headMap(bound, false).clear();
            }
        }

        /** What {@link ConfirmedDefects#before} answers for the case (not recorded yet: no self to leave out). */
        List<PriorDefectData> before(CaseData data, int lookBackDays, int distinct) {
            OffsetDateTime to = data.receivedAt();
            OffsetDateTime from = to.minusDays(lookBackDays);
            evictBefore(from);
            TreeMap<Key, PriorDefectData> defects = byProblem.get(data.problem().category());
            if (defects == null || defects.isEmpty()) {
                return List.of();
            }
            NavigableMap<Key, PriorDefectData> inWindow = defects.subMap(new Key(from.toInstant(), Long.MIN_VALUE), true,
                    new Key(to.toInstant(), Long.MAX_VALUE), true);
            if (inWindow.isEmpty()) {
                return List.of();
            }
            return ConfirmedDefects.relevant(new ArrayList<>(inWindow.descendingMap().values()), data.product().code(),
                    distinct);
        }
    }
}
