package com.example.aftersales.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.conf.ThreadSafeOption;

import com.example.aftersales.policy.facts.CaseFacts;
import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.policy.facts.PriorDefect;
import com.example.aftersales.policy.facts.Term;
import com.example.aftersales.text.Text;

/**
 * A compiled, immutable rule base and where each of its rules comes from. Thread-safe: every evaluation runs in a
 * session of its own over the case, its prior confirmed defects and nothing else; sessions are pooled and reset
 * between evaluations, so none sees what an earlier one inserted.
 */
public final class CompiledRuleset {

    /** The order decisions are listed in: the order a case is handled in. */
    static final List<String> DECISION_ORDER = List.of("WARRANTY", "HANDLING", "RESPONSE_DEADLINE",
            "SAME_BATCH_INSPECTION", "TEMPORARY_LEAD", "REMEDY", "COMPENSATION", "REGULATED_DISPOSAL", "APPROVAL",
            "MAJOR_INCIDENT", "CUSTOMER_TRAINING", "NOTICE_CIRCULATION", "FOUR_NO_LET_GO", "RECTIFICATION_ORDER",
            "SATISFACTION_CALL");
    /** The decision types of DESIGN.md, in {@link #DECISION_ORDER}. */
    public static List<String> decisionTypes() {
        return DECISION_ORDER;
    }

    /** Position of each type in {@link #DECISION_ORDER}; a map, because sorting looks it up on every comparison. */
    private static final Map<String, Integer> DECISION_RANK = rank(DECISION_ORDER);
    static final Comparator<Decision> BY_TYPE_AND_VALUE = Comparator
            .comparingInt((Decision d) -> DECISION_RANK.getOrDefault(d.type(), DECISION_ORDER.size()))
            .thenComparing(Decision::type)
            .thenComparing(Decision::value);

    private final String version;
    private final KieBase kieBase;
    /** Rule (its name in the rule base) to what people know of it; a table row's rule is named by an id. */
    private final Map<String, RuleInfo> rules;
    /**
     * The same in a HashMap, for the look-ups of every evaluation: it compares hashes before names (Map.copyOf's table
     * compares the names, long bilingual ones, on every collision), and a rule's {@link FiredRule} is made once.
     */
    private final java.util.HashMap<String, RuleInfo> infoByName;
    private final java.util.HashMap<String, FiredRule> firedByName;
    /**
     * The same by the very name object the rule base's rule holds, which is what a fired match and a decision made by a
     * rule ({@code kcontext.getRule().getName()}) give: no string compared (the names are long and bilingual, and the
     * map's keys are other copies of them). Written here, only read after: safe to share between threads.
     */
    private final java.util.IdentityHashMap<String, RuleInfo> infoByRuleName = new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<String, FiredRule> firedByRuleName = new java.util.IdentityHashMap<>();
    private final List<Text> warnings;
    private final int maxFirings;
    private final int lookBackDays;
    private final int clusterThreshold;
    /** Sessions to reuse; the pool is thread-safe and grows to as many sessions as evaluations run at once. */
    private final KieSessionsPool sessions;
    private final KieSessionConfiguration sessionConfiguration;

    /** Made by the compiler ({@code policy.internal.RulesetCompiler}), {@code rules} by their names in the rule base. */
    public CompiledRuleset(String version, KieBase kieBase, Map<String, RuleInfo> rules, int maxFirings, List<Text> warnings) {
        this.version = version;
        this.kieBase = kieBase;
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
        // Only one thread uses a session at a time (the pool's queue hands it over safely), so the session can skip
        // its own locking. The pool keeps one set of sessions per configuration object: always pass this one.
        this.sessionConfiguration = KieServices.Factory.get().newKieSessionConfiguration();
        this.sessionConfiguration.setOption(ThreadSafeOption.NO);
        this.rules = Map.copyOf(rules);
        this.infoByName = new java.util.HashMap<>(rules);
        this.firedByName = new java.util.HashMap<>();
        rules.forEach((name, info) -> firedByName.put(name, new FiredRule(info.name(), info.source())));
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                RuleInfo info = infoByName.get(rule.getName());
                if (info != null) {
                    infoByRuleName.put(rule.getName(), info);
                    firedByRuleName.put(rule.getName(), firedByName.get(rule.getName()));
                }
            }
        }
        this.warnings = List.copyOf(warnings);
        this.maxFirings = maxFirings;
        this.lookBackDays = largestMetadata(kieBase, "windowDays");
        this.clusterThreshold = largestMetadata(kieBase, "threshold");
    }

    public String version() {
        return version;
    }

    public int ruleCount() {
        return rules.size();
    }

    /** The rule base, and the rules as people know them by their names in it: for {@code policy.internal.PrebuiltRuleBases}. */
    public KieBase kieBase() {
        return kieBase;
    }

    public Map<String, RuleInfo> rules() {
        return rules;
    }

    /** What the compiler noticed but did not refuse (a sheet or a column that is not part of a table, ignored). */
    public List<Text> warnings() {
        return warnings;
    }

    /** How far back prior confirmed defects matter: the longest {@code windowDays} any rule declares. */
    public int lookBackDays() {
        return lookBackDays;
    }

    /**
     * The largest {@code threshold} any rule declares (the most batches, sites or defects a rectification trigger
     * asks for), or 0 when none does: how many distinct batches and sites the prior defects need to show.
     */
    public int clusterThreshold() {
        return clusterThreshold;
    }

    /**
     * Where a rule is written — {@code rules/x.drl:12} or {@code decision-tables/y.xlsx!Sheet!10} — by its name as
     * people know it, or by its name in the rule base; null when there is none.
     */
    public String sourceOf(String rule) {
        RuleInfo info = info(rule);
        return info == null ? null : info.source();
    }

    /** A rule by its name in the rule base (a table row's id) or as people know it; null when there is none. */
    public RuleInfo info(String rule) {
        RuleInfo info = rules.get(rule);
        if (info != null) {
            return info;
        }
        return rules.values().stream().filter(i -> i.name().equals(rule)).findFirst().orElse(null);
    }

    /** What people know of a rule, by its name in the rule base: the rule base's own name object first. */
    private RuleInfo infoOf(String rule) {
        RuleInfo info = infoByRuleName.get(rule);
        return info != null ? info : infoByName.get(rule);
    }

    /** A rule's name as people know it (a table row's NAME cell), given its name in the rule base. */
    public String nameOf(String rule) {
        RuleInfo info = rules.get(rule);
        return info == null ? rule : info.name();
    }

    public Evaluation evaluate(CaseFacts facts, List<PriorDefect> priorDefects) {
        Run run = new Run(Decision.class);
        List<Decision> decisions;
        // A session from the pool: building one costs more than the evaluation itself. dispose() resets it (facts,
        // agenda, node memories, fact-handle counters, listeners) and hands it back, so each evaluation starts clean.
        KieSession session = sessions.newKieSession(sessionConfiguration);
        try {
            session.addEventListener((AgendaEventListener) run);
            session.addEventListener((RuleRuntimeEventListener) run);
            session.insert(facts);
            for (PriorDefect prior : priorDefects) {
                session.insert(prior);
            }
            try {
                session.fireAllRules(maxFirings + 1);
            } catch (org.kie.api.runtime.rule.ConsequenceException e) {
                throw new RuleFailedException(e.getRule() == null ? "unknown" : nameOf(e.getRule().getName()), e.getCause());
            }
            if (run.names.size() > maxFirings) {
                throw new RunawayRulesException(maxFirings, run.names.subList(Math.max(0, run.names.size() - 10), run.names.size())
                        .stream().map(this::nameOf).toList());
            }
            decisions = new ArrayList<>(run.found.size());
            for (Object o : run.found) {
                Decision d = (Decision) o;
                RuleInfo info = infoOf(d.rule());
                decisions.add(info == null ? d : info.complete(d));
            }
        } finally {
            session.dispose();
        }
        sort(decisions);
        List<FiredRule> firedRules = new ArrayList<>(run.names.size());
        for (String name : run.names) {
            FiredRule rule = firedByRuleName.get(name);
            if (rule == null) {
                rule = firedByName.get(name);
            }
            firedRules.add(rule != null ? rule : new FiredRule(name, null));
        }
        return new Evaluation(version, facts.getReceivedAt(), decisions, firedRules);
    }

    /**
     * The figures the decision-table rows set for this case (validity, response time, approval tier, thresholds), for
     * checking a draft; not on the path of an evaluation.
     */
    public List<Term> terms(CaseFacts facts, List<PriorDefect> priorDefects) {
        Run run = new Run(Term.class);
        KieSession session = sessions.newKieSession(sessionConfiguration);
        try {
            session.addEventListener((RuleRuntimeEventListener) run);
            session.insert(facts);
            priorDefects.forEach(session::insert);
            session.fireAllRules(maxFirings + 1);
            return run.found.stream().map(Term.class::cast).toList();
        } finally {
            session.dispose();
        }
    }

    /**
     * Sorts as {@code decisions.sort(BY_TYPE_AND_VALUE)} does (stable, so decisions equal in type and value keep their
     * order), each decision's rank looked up once: an insertion sort, as an evaluation makes a dozen decisions or so.
     */
    static void sort(List<Decision> decisions) {
        int n = decisions.size();
        if (n > 32) {
            decisions.sort(BY_TYPE_AND_VALUE);
            return;
        }
        Decision[] d = decisions.toArray(new Decision[0]);
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[i] = DECISION_RANK.getOrDefault(d[i].type(), DECISION_ORDER.size());
        }
        for (int i = 1; i < n; i++) {
            Decision x = d[i];
            int r = rank[i];
            int j = i - 1;
            while (j >= 0 && after(rank[j], d[j], r, x)) {
                d[j + 1] = d[j];
                rank[j + 1] = rank[j];
                j--;
            }
            d[j + 1] = x;
            rank[j + 1] = r;
        }
        for (int i = 0; i < n; i++) {
            decisions.set(i, d[i]);
        }
    }

    /** Whether a (of rank ra) sorts strictly after b (of rank rb) by {@link #BY_TYPE_AND_VALUE}. */
    private static boolean after(int ra, Decision a, int rb, Decision b) {
        if (ra != rb) {
            return ra > rb;
        }
        int byType = a.type().compareTo(b.type());
        return byType != 0 ? byType > 0 : a.value().compareTo(b.value()) > 0;
    }

    private static Map<String, Integer> rank(List<String> order) {
        Map<String, Integer> rank = new java.util.HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            rank.putIfAbsent(order.get(i), i);
        }
        return Map.copyOf(rank);
    }

    private static int largestMetadata(KieBase kieBase, String key) {
        int largest = 0;
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                Object value = rule.getMetaData().get(key);
                if (value != null) {
                    largest = Math.max(largest, new java.math.BigDecimal(value.toString()).intValue());
                }
            }
        }
        return largest;
    }

    /**
     * What one evaluation's session did: the rules it fired, in order, and the facts of one class it holds at the end,
     * in the order they were inserted. The facts are followed through the session's events rather than read from it
     * afterwards: an immutable rule base (see {@code policy.internal.RulesetCompiler}) keeps no fact that no pattern
     * can match, e.g. a decision no rule reads — the session does not hold it, but it was decided.
     */
    private static final class Run extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
        final List<String> names = new ArrayList<>();
        final List<Object> found = new ArrayList<>();
        private final Class<?> kind;

        Run(Class<?> kind) {
            this.kind = kind;
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            names.add(event.getMatch().getRule().getName());
        }

        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            Object o = event.getObject();
            if (kind.isInstance(o) && indexOf(o) < 0) { // the same object inserted again is the same fact
                found.add(o);
            }
        }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) {
            Object before = event.getOldObject();
            Object after = event.getObject();
            int at = kind.isInstance(before) ? indexOf(before) : -1;
            if (at >= 0 && kind.isInstance(after)) {
                found.set(at, after);
            } else if (at >= 0) {
                found.remove(at);
            } else if (kind.isInstance(after) && indexOf(after) < 0) {
                found.add(after);
            }
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            Object o = event.getOldObject();
            if (kind.isInstance(o)) {
                int at = indexOf(o);
                if (at >= 0) {
                    found.remove(at);
                }
            }
        }

        /** By identity, as the session tells facts apart (two equal decisions are two facts). */
        private int indexOf(Object o) {
            for (int i = found.size() - 1; i >= 0; i--) {
                if (found.get(i) == o) {
                    return i;
                }
            }
            return -1;
        }
    }
}
