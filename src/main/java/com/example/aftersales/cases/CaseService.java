package com.example.aftersales.cases;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseViews.CaseHistory;
import com.example.aftersales.cases.CaseViews.CaseResult;
import com.example.aftersales.cases.CaseViews.EvaluationView;
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

    private static final TypeReference<List<PriorDefectData>> PRIOR_DEFECTS = new TypeReference<>() { };
    private static final TypeReference<List<FiredRule>> FIRED_RULES = new TypeReference<>() { };

    private final Cases cases;
    private final Evaluations evaluations;
    private final ConfirmedDefects confirmedDefects;
    private final PolicyEngine engine;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    CaseService(Cases cases, Evaluations evaluations, ConfirmedDefects confirmedDefects, PolicyEngine engine,
                JsonMapper json, TransactionTemplate transaction, Clock clock) {
        this.cases = cases;
        this.evaluations = evaluations;
        this.confirmedDefects = confirmedDefects;
        this.engine = engine;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    public CaseResult register(CaseData data) {
        CompiledRuleset rules = engine.active();
        List<PriorDefectData> priors = priorDefects(rules, data, -1);
        Evaluation evaluation = rules.evaluate(data.toFacts(), facts(priors));
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            return transaction.execute(status -> {
                CaseRecord recorded = cases.save(CaseRecord.of(data, json.writeValueAsString(data), now));
                EvaluationRecord saved = evaluations.save(record(recorded.id(), 1, data, priors, evaluation, now));
                confirmedDefects.follow(recorded.id(), data);
                return new CaseResult(recorded.id(), data, view(saved, data, priors, evaluation));
            });
        } catch (DuplicateKeyException e) {
            throw new DuplicateCaseException(data.externalRef(), null);
        }
    }

    /**
     * Which of these external references are already recorded (asked in chunks, so any number may be given).
     * Lets an import skip known cases without evaluating them; {@link #register} still refuses a duplicate.
     */
    public Set<String> recordedExternalRefs(Collection<String> externalRefs) {
        List<String> refs = List.copyOf(new HashSet<>(externalRefs));
        Set<String> recorded = new HashSet<>();
        for (int from = 0; from < refs.size(); from += 1000) {
            recorded.addAll(cases.findRecordedExternalRefs(refs.subList(from, Math.min(refs.size(), from + 1000))));
        }
        return recorded;
    }

    /**
     * Adds investigation findings and evaluates the case again with them, appending the evaluation. Joins the caller's
     * transaction when there is one (the follow-up records its event with the evaluation, or neither).
     */
    public CaseResult addFindings(long caseId, CaseData.Findings findings) {
        List<EvaluationRecord> history = evaluations.findByCaseIdOrderBySeq(caseId);
        if (history.isEmpty()) {
            throw new CaseNotFoundException(caseId);
        }
        EvaluationRecord latest = history.get(history.size() - 1);
        CaseData data = json.readValue(latest.factsJson(), CaseData.class).withFindings(findings);
        CompiledRuleset rules = engine.active();
        List<PriorDefectData> priors = priorDefects(rules, data, caseId);
        Evaluation evaluation = rules.evaluate(data.toFacts(), facts(priors));
        OffsetDateTime now = OffsetDateTime.now(clock);
        EvaluationRecord saved = transaction.execute(status -> {
            EvaluationRecord appended = evaluations.save(record(caseId, latest.seq() + 1, data, priors, evaluation, now));
            confirmedDefects.follow(caseId, data);
            return appended;
        });
        return new CaseResult(caseId, data, view(saved, data, priors, evaluation));
    }

    public CaseHistory find(long caseId) {
        List<EvaluationRecord> history = evaluations.findByCaseIdOrderBySeq(caseId);
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
                    json.readValue(e.firedRulesJson(), FIRED_RULES), json.readValue(e.priorDefectsJson(), PRIOR_DEFECTS),
                    e.evaluatedAt()));
        }
        return new CaseHistory(caseId, latest, views);
    }

    /** The evaluation a case would get now, with the recorded history; nothing is written. */
    EvaluationView whatIf(CaseData data) {
        CompiledRuleset rules = engine.active();
        List<PriorDefectData> priors = priorDefects(rules, data, -1);
        Evaluation evaluation = rules.evaluate(data.toFacts(), facts(priors));
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

    private static List<PriorDefect> facts(List<PriorDefectData> priors) {
        return priors.stream().map(PriorDefectData::toFact).toList();
    }

    private EvaluationRecord record(long caseId, int seq, CaseData data, List<PriorDefectData> priors,
                                    Evaluation evaluation, OffsetDateTime now) {
        return new EvaluationRecord(null, caseId, seq, evaluation.rulesetVersion(), evaluation.referenceTime(),
                data.findings() == null ? null : data.findings().cause(), json.writeValueAsString(data),
                json.writeValueAsString(priors), json.writeValueAsString(evaluation.firedRules()),
                evaluation.decisionSummary(), now,
                evaluation.decisions().stream().map(DecisionRecord::of).toList());
    }

    private static EvaluationView view(EvaluationRecord saved, CaseData data, List<PriorDefectData> priors,
                                       Evaluation evaluation) {
        return new EvaluationView(saved.id(), evaluation.rulesetVersion(), evaluation.referenceTime(),
                evaluation.decisions(), evaluation.firedRules(), priors, saved.evaluatedAt());
    }
}
