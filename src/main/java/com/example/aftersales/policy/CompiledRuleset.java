package com.example.aftersales.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import org.kie.api.command.Command;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.ExecutionResults;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.internal.command.CommandFactory;

import com.example.aftersales.policy.facts.CaseFacts;
import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.policy.facts.PriorDefect;

/**
 * A compiled, immutable rule base and where each of its rules comes from. Thread-safe: every evaluation runs in a
 * fresh stateless session over the case, its prior confirmed defects and nothing else.
 */
public final class CompiledRuleset {

    /** The order decisions are listed in: the order a case is handled in. */
    static final List<String> DECISION_ORDER = List.of("WARRANTY", "HANDLING", "RESPONSE_DEADLINE",
            "SAME_BATCH_INSPECTION", "TEMPORARY_LEAD", "REMEDY", "COMPENSATION", "REGULATED_DISPOSAL", "APPROVAL",
            "MAJOR_INCIDENT", "CUSTOMER_TRAINING", "NOTICE_CIRCULATION", "FOUR_NO_LET_GO", "RECTIFICATION_ORDER",
            "SATISFACTION_CALL");
    private static final Comparator<Decision> BY_TYPE_AND_VALUE = Comparator
            .comparingInt((Decision d) -> {
                int i = DECISION_ORDER.indexOf(d.type());
                return i < 0 ? DECISION_ORDER.size() : i;
            })
            .thenComparing(Decision::type)
            .thenComparing(Decision::value);

    private final String version;
    private final KieBase kieBase;
    private final Map<String, String> sources;
    private final int maxFirings;
    private final int lookBackDays;

    CompiledRuleset(String version, KieBase kieBase, Map<String, String> sources, int maxFirings) {
        this.version = version;
        this.kieBase = kieBase;
        this.sources = Map.copyOf(sources);
        this.maxFirings = maxFirings;
        this.lookBackDays = longestWindow(kieBase);
    }

    public String version() {
        return version;
    }

    public int ruleCount() {
        return sources.size();
    }

    /** How far back prior confirmed defects matter: the longest {@code windowDays} any rule declares. */
    public int lookBackDays() {
        return lookBackDays;
    }

    /** Where a rule is written: {@code rules/x.drl:12} or {@code decision-tables/y.xlsx!Sheet!10}. */
    public String sourceOf(String rule) {
        return sources.get(rule);
    }

    public Evaluation evaluate(CaseFacts facts, List<PriorDefect> priorDefects) {
        StatelessKieSession session = kieBase.newStatelessKieSession();
        FiredRules fired = new FiredRules();
        session.addEventListener(fired);
        List<Command<?>> commands = List.of(
                CommandFactory.newInsert(facts),
                CommandFactory.newInsertElements(priorDefects),
                CommandFactory.newFireAllRules(maxFirings + 1),
                CommandFactory.newGetObjects(o -> o instanceof Decision, "decisions"));
        ExecutionResults results = session.execute(CommandFactory.newBatchExecution(commands));
        if (fired.names.size() > maxFirings) {
            throw new RunawayRulesException(maxFirings, fired.names.subList(Math.max(0, fired.names.size() - 10), fired.names.size()));
        }
        @SuppressWarnings("unchecked")
        List<Object> found = new ArrayList<>((java.util.Collection<Object>) results.getValue("decisions"));
        List<Decision> decisions = new ArrayList<>(found.size());
        for (Object o : found) {
            Decision d = (Decision) o;
            decisions.add(d.withSource(sources.get(d.rule())));
        }
        decisions.sort(BY_TYPE_AND_VALUE);
        List<FiredRule> firedRules = new ArrayList<>(fired.names.size());
        for (String name : fired.names) {
            firedRules.add(new FiredRule(name, sources.get(name)));
        }
        return new Evaluation(version, facts.getReceivedAt(), decisions, firedRules);
    }

    private static int longestWindow(KieBase kieBase) {
        int longest = 0;
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                Object days = rule.getMetaData().get("windowDays");
                if (days != null) {
                    longest = Math.max(longest, new java.math.BigDecimal(days.toString()).intValue());
                }
            }
        }
        return longest;
    }

    private static final class FiredRules extends DefaultAgendaEventListener {
        final List<String> names = new ArrayList<>();

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            names.add(event.getMatch().getRule().getName());
        }
    }
}
