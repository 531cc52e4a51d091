package com.example.aftersales.cases;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseViews.CaseHistory;
import com.example.aftersales.cases.CaseViews.CaseResult;
import com.example.aftersales.cases.CaseViews.EvaluationView;
import com.example.aftersales.cases.internal.CaseMetrics;
import com.example.aftersales.cases.internal.CaseRecord;
import com.example.aftersales.cases.internal.CaseWriter;
import com.example.aftersales.cases.internal.Cases;
import com.example.aftersales.cases.internal.ConfirmedDefects;
import com.example.aftersales.cases.internal.DecisionRecord;
import com.example.aftersales.cases.internal.EvaluationRecord;
import com.example.aftersales.cases.internal.Evaluations;
import com.example.aftersales.cases.internal.GroupCommit;
import com.example.aftersales.cases.internal.SearchIndexer;
import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.FiredRule;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.facts.PriorDefect;

/**
 * Records cases and evaluates them. The rules run before the transaction (they read the history, never write);
 * the case, the evaluation and its decisions are then written in one transaction, or not at all.
 */
@Service
public class CaseService {

    private static final TypeReference<List<FiredRule>> FIRED_RULES = new TypeReference<>() { };

    private final Cases cases;
    private final Evaluations evaluations;
    private final ConfirmedDefects confirmedDefects;
    private final CaseWriter writer;
    private final GroupCommit commits;
    private final PolicyEngine engine;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    /**
     * Reads an evaluation with its decisions on one connection: outside a transaction Spring Data JDBC would take a
     * second connection for the decisions while holding the first, and a full pool would wait for ever.
     */
    private final TransactionTemplate reading;
    private final Clock clock;
    private final CaseMetrics metrics;
    private final PriorDefectReferences priorDefectReferences;
    private final SearchIndexer searchIndexer;
    private final DurableReads durable;

    CaseService(Cases cases, Evaluations evaluations, ConfirmedDefects confirmedDefects, CaseWriter writer,
                GroupCommit commits, PolicyEngine engine, JsonMapper json, TransactionTemplate transaction, Clock clock,
                CaseMetrics metrics, PriorDefectReferences priorDefectReferences, SearchIndexer searchIndexer,
                DurableReads durable) {
        this.durable = durable;
        this.cases = cases;
        this.evaluations = evaluations;
        this.confirmedDefects = confirmedDefects;
        this.writer = writer;
        this.commits = commits;
        this.engine = engine;
        this.json = json;
        this.transaction = transaction;
        this.reading = new TransactionTemplate(transaction.getTransactionManager());
        this.reading.setReadOnly(true);
        this.clock = clock;
        this.metrics = metrics;
        this.priorDefectReferences = priorDefectReferences;
        this.searchIndexer = searchIndexer;
    }

    /**
     * Records a new case; one whose {@code externalRef} is already recorded is refused with
     * {@link DuplicateCaseException} (imports skip those).
     */
    public CaseResult register(CaseData data, String by) {
        Registration registration = registerOnce(data, null, by);
        if (!registration.created()) {
            throw new DuplicateCaseException(data.externalRef(), registration.result().caseId());
        }
        return registration.result();
    }

    /**
     * Records a case once: a retry of a recorded request (same {@code Idempotency-Key}, or same {@code externalRef},
     * with the same content) gets the first request's case and evaluation back, {@code created} false. The database's
     * unique constraints decide between concurrent retries: every loser reads the winner's case.
     * The same key with other content is refused ({@link IdempotencyKeyReusedException}), and so is the same
     * externalRef with other content ({@link DuplicateCaseException}). A key is the client's own ({@code by}): two
     * clients sending the same key do not collide.
     */
    public Registration registerOnce(CaseData data, String idempotencyKey, String by) {
        String clientKey = idempotencyKey == null ? null : by + " " + idempotencyKey;
        String intakeJson = json.writeValueAsString(data);
        CompiledRuleset rules = engine.active();
        List<PriorDefectData> priors = priorDefects(rules, data, -1);
        Evaluation evaluation = evaluate("register", rules, data, priors);
        CaseWriter.NewCase newCase = new CaseWriter.NewCase(data, intakeJson, clientKey, by, priors, evaluation,
                json.writeValueAsString(evaluation.firedRules()));
        for (int attempt = 1; ; attempt++) {
            try {
                // shared with concurrent registrations (one commit for all), answered once committed
                CaseWriter.Written written = commits.write(newCase);
                CaseResult created = new CaseResult(written.caseId(), data,
                        view(written.evaluationId(), written.recordedAt(), priors, evaluation));
                metrics.registered(true);
                searchIndexer.wake(); // its free-text terms (the search finds it meanwhile: case_search_pending)
                return new Registration(created, true);
            } catch (DuplicateKeyException e) {
                Optional<CaseResult> first;
                try {
                    first = reading.execute(status -> firstResult(data, intakeJson, idempotencyKey, clientKey));
                } finally {
                    // the first request's case may be committing still: on the file before it is answered (H2)
                    durable.beforeShowing();
                }
                if (first.isPresent()) {
                    metrics.registered(false);
                    return new Registration(first.get(), false);
                }
                // The conflicting request rolled back after all: record this one.
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** A case registered, or found recorded by an earlier identical request. */
    public record Registration(CaseResult result, boolean created) {
    }

    /** The case an earlier request with this key or externalRef recorded, as it answered then. */
    private Optional<CaseResult> firstResult(CaseData data, String intakeJson, String idempotencyKey, String clientKey) {
        if (clientKey != null) {
            Optional<CaseRecord> byKey = cases.findByIdempotencyKey(clientKey);
            if (byKey.isPresent()) {
                if (!byKey.get().intakeJson().equals(intakeJson)) {
                    throw new IdempotencyKeyReusedException(idempotencyKey, byKey.get().id());
                }
                return Optional.of(asFirstAnswered(byKey.get()));
            }
        }
        if (data.externalRef() != null) {
            Optional<CaseRecord> byRef = cases.findByExternalRef(data.externalRef());
            if (byRef.isPresent()) {
                if (!byRef.get().intakeJson().equals(intakeJson)) {
                    throw new DuplicateCaseException(data.externalRef(), byRef.get().id());
                }
                return Optional.of(asFirstAnswered(byRef.get()));
            }
        }
        return Optional.empty();
    }

    private CaseResult asFirstAnswered(CaseRecord recorded) {
        EvaluationRecord first = evaluations.findByCaseIdOrderBySeq(recorded.id()).get(0);
        CaseData data = json.readValue(recorded.intakeJson(), CaseData.class);
        return new CaseResult(recorded.id(), data, new EvaluationView(first.id(), first.rulesetVersion(),
                data.receivedAt(), first.decisions().stream().map(DecisionRecord::toDecision).toList(),
                json.readValue(first.firedRulesJson(), FIRED_RULES), priorDefectReferences.resolve(first.priorDefectIds()),
                first.evaluatedAt()));
    }

    /**
     * Adds findings to the latest facts of a case and records the evaluation they get, appended to its evaluations.
     * Joins the caller's transaction when there is one (the follow-up records its event with the evaluation, or
     * neither). Findings added to the same case at the same time each become an evaluation of their own, one after
     * the other: the one that loses the race for the next number (unique {@code (case_id, seq)}) reads the new latest
     * facts and is evaluated again on them — unless it runs in the caller's transaction, which the collision has
     * spoilt: then it throws.
     */
    public CaseResult addFindings(long caseId, CaseData.Findings findings) {
        for (int attempt = 1; ; attempt++) {
            try {
                return appendFindings(caseId, findings);
            } catch (DuplicateKeyException e) {
                // Inside the caller's transaction (a follow-up event) the failed insert has marked it rollback-only:
                // an attempt again would only fail at its commit. The caller answers the collision itself.
                if (attempt == 10 || TransactionSynchronizationManager.isActualTransactionActive()) {
                    throw e;
                }
            }
        }
    }

    private CaseResult appendFindings(long caseId, CaseData.Findings findings) {
        List<EvaluationRecord> history = reading.execute(status -> evaluations.findByCaseIdOrderBySeq(caseId));
        if (history.isEmpty()) {
            throw new CaseNotFoundException(caseId);
        }
        EvaluationRecord latest = history.get(history.size() - 1);
        CaseData data = json.readValue(latest.factsJson(), CaseData.class).withFindings(findings);
        CompiledRuleset rules = engine.active();
        List<PriorDefectData> priors = priorDefects(rules, data, caseId);
        Evaluation evaluation = evaluate("findings", rules, data, priors);
        OffsetDateTime now = OffsetDateTime.now(clock);
        long evaluationId = transaction.execute(status -> {
            long appended = writer.insertEvaluations(List.of(row(caseId, latest.seq() + 1, data,
                    json.writeValueAsString(data), priors, evaluation)), now)[0];
            confirmedDefects.follow(caseId, data);
            return appended;
        });
        return new CaseResult(caseId, data, view(evaluationId, now, priors, evaluation));
    }

    public CaseHistory find(long caseId) {
        Evaluations.History recorded = reading.execute(status -> evaluations.history(caseId));
        List<EvaluationRecord> history = recorded.evaluations();
        if (history.isEmpty()) {
            throw new CaseNotFoundException(caseId);
        }
        List<EvaluationView> views = new ArrayList<>(history.size());
        CaseData latest = null;
        for (EvaluationRecord e : history) {
            latest = json.readValue(e.factsJson(), CaseData.class);
            // The reference time is receivedAt as sent (with its offset); the database may keep only the instant.
            views.add(new EvaluationView(e.id(), e.rulesetVersion(), latest.receivedAt(),
                    e.decisions().stream().map(DecisionRecord::toDecision).toList(),
                    json.readValue(e.firedRulesJson(), FIRED_RULES), priorDefectReferences.resolve(e.priorDefectIds()),
                    e.evaluatedAt()));
        }
        return new CaseHistory(caseId, latest, recorded.recordedBy(), views);
    }

    /** The evaluation a case would get now, with the recorded history; nothing is written. */
    public EvaluationView whatIf(CaseData data) {
        CompiledRuleset rules = engine.active();
        List<PriorDefectData> priors = priorDefects(rules, data, -1);
        Evaluation evaluation = evaluate("what-if", rules, data, priors);
        return new EvaluationView(null, evaluation.rulesetVersion(), evaluation.referenceTime(), evaluation.decisions(),
                evaluation.firedRules(), priors, null);
    }

    /**
     * The prior confirmed defects the recurring and systemic rules count, within the ruleset's longest look-back
     * window before the case was received (see {@link ConfirmedDefects#before}).
     */
    private List<PriorDefectData> priorDefects(CompiledRuleset rules, CaseData data, long self) {
        if (rules.lookBackDays() <= 0) {
            return List.of();
        }
        OffsetDateTime to = data.receivedAt();
        OffsetDateTime from = to.minusDays(rules.lookBackDays());
        return confirmedDefects.before(from, to, self, data.product().code(), data.problem().category(),
                rules.clusterThreshold());
    }

    /** The rules' evaluation of the case. */
    private Evaluation evaluate(String operation, CompiledRuleset rules, CaseData data, List<PriorDefectData> priors) {
        long start = System.nanoTime();
        Evaluation evaluation = rules.evaluate(data.toFacts(), facts(priors));
        metrics.evaluated(operation, evaluation, System.nanoTime() - start);
        return evaluation;
    }

    private static List<PriorDefect> facts(List<PriorDefectData> priors) {
        return priors.stream().map(PriorDefectData::toFact).toList();
    }

    private CaseWriter.EvaluationRow row(long caseId, int seq, CaseData data, String factsJson,
                                         List<PriorDefectData> priors, Evaluation evaluation) {
        return new CaseWriter.EvaluationRow(caseId, seq, data, priors, evaluation, factsJson,
                json.writeValueAsString(evaluation.firedRules()));
    }

    private static EvaluationView view(long evaluationId, OffsetDateTime evaluatedAt, List<PriorDefectData> priors,
                                       Evaluation evaluation) {
        return new EvaluationView(evaluationId, evaluation.rulesetVersion(), evaluation.referenceTime(),
                evaluation.decisions(), evaluation.firedRules(), priors, evaluatedAt);
    }
}
