package com.example.aftersales.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.example.aftersales.cases.CaseData;

/**
 * A replay's impact in business terms, before and after: major incidents (P15) and their direct loss, compensations
 * (P11) and their value, the value each approval level (P11) approves and the cases that move from one level to
 * another; in all and by responsible unit, customer province and product category. Counted while the cases are
 * replayed, from each case's facts and its decisions on either side; mergeable, so threads count apart and add up.
 */
public final class ImpactFigures {

    static final String MAJOR_INCIDENT = "MAJOR_INCIDENT";
    static final String COMPENSATION = "COMPENSATION";
    static final String APPROVAL = "APPROVAL";

    /**
     * One side's money: major incidents and their direct loss; compensations and the value compensated; cases that
     * need an approval and the value approved.
     */
    public record Figures(long majorIncidents, BigDecimal majorLossCny, long compensations, BigDecimal compensationCny,
                   long approvals, BigDecimal approvalValueCny) {

        static final Figures NONE = new Figures(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO);

        Figures plus(Figures o) {
            return new Figures(majorIncidents + o.majorIncidents, majorLossCny.add(o.majorLossCny),
                    compensations + o.compensations, compensationCny.add(o.compensationCny), approvals + o.approvals,
                    approvalValueCny.add(o.approvalValueCny));
        }

        static Figures of(Map<String, TreeSet<String>> decisions, BigDecimal loss, BigDecimal remedyValue) {
            boolean major = decisions.containsKey(MAJOR_INCIDENT);
            boolean compensation = decisions.containsKey(COMPENSATION);
            boolean approval = decisions.containsKey(APPROVAL);
            return new Figures(major ? 1 : 0, major ? loss : BigDecimal.ZERO, compensation ? 1 : 0,
                    compensation ? remedyValue : BigDecimal.ZERO, approval ? 1 : 0, approval ? remedyValue : BigDecimal.ZERO);
        }
    }

    /** An approval level: the cases it approves and their value, before and after. */
    public record Level(String level, long casesBefore, long casesAfter, BigDecimal valueBeforeCny, BigDecimal valueAfterCny) {
    }

    /** Cases whose approval moves from one level to another ({@code null}: no approval), and their value. */
    public record Move(String before, String after, long cases, BigDecimal valueCny) {
    }

    /** One unit, province or category: its cases, those decided differently, and its money before and after. */
    public record Group(String key, long cases, long changed, Figures before, Figures after) {
    }

    /** As stored in the run's summary and answered by the API. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ImpactFigures")
    public record View(Figures before, Figures after, List<Level> approvals, List<Move> approvalMoves, List<Group> byUnit,
                List<Group> byProvince, List<Group> byCategory) {
    }

    private Figures before = Figures.NONE;
    private Figures after = Figures.NONE;
    /** Level → {cases before, cases after}, {value before, value after}. */
    private final Map<String, long[]> levelCases = new TreeMap<>();
    private final Map<String, BigDecimal[]> levelValues = new TreeMap<>();
    private final Map<List<String>, Move> moves = new TreeMap<>(ImpactFigures::compareKeys);
    private final Map<String, Group> byUnit = new TreeMap<>();
    private final Map<String, Group> byProvince = new TreeMap<>();
    private final Map<String, Group> byCategory = new TreeMap<>();

    static ImpactFigures of(View view) {
        ImpactFigures f = new ImpactFigures();
        if (view == null) {
            return f;
        }
        f.before = view.before();
        f.after = view.after();
        for (Level l : view.approvals()) {
            f.levelCases.put(l.level(), new long[] {l.casesBefore(), l.casesAfter()});
            f.levelValues.put(l.level(), new BigDecimal[] {l.valueBeforeCny(), l.valueAfterCny()});
        }
        view.approvalMoves().forEach(m -> f.moves.put(java.util.Arrays.asList(m.before(), m.after()), m));
        view.byUnit().forEach(g -> f.byUnit.put(g.key(), g));
        view.byProvince().forEach(g -> f.byProvince.put(g.key(), g));
        view.byCategory().forEach(g -> f.byCategory.put(g.key(), g));
        return f;
    }

    /** Counts one case, with its decisions by type on either side. */
    void count(CaseData data, Map<String, TreeSet<String>> b, Map<String, TreeSet<String>> a, boolean changed) {
        BigDecimal loss = BigDecimal.ZERO;
        BigDecimal value = BigDecimal.ZERO;
        if (data.findings() != null) {
            loss = Objects.requireNonNullElse(data.findings().directLossCny(), BigDecimal.ZERO);
            value = Objects.requireNonNullElse(data.findings().remedyValueCny(), BigDecimal.ZERO);
        }
        Figures fb = Figures.of(b, loss, value);
        Figures fa = changed ? Figures.of(a, loss, value) : fb;
        before = before.plus(fb);
        after = after.plus(fa);
        String lb = level(b);
        String la = level(a);
        if (lb != null) {
            levelCases.computeIfAbsent(lb, k -> new long[2])[0]++;
            levelValues.computeIfAbsent(lb, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO})[0] =
                    levelValues.get(lb)[0].add(value);
        }
        if (la != null) {
            levelCases.computeIfAbsent(la, k -> new long[2])[1]++;
            levelValues.computeIfAbsent(la, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO})[1] =
                    levelValues.get(la)[1].add(value);
        }
        if (!Objects.equals(lb, la)) {
            moves.merge(java.util.Arrays.asList(lb, la), new Move(lb, la, 1, value),
                    (x, y) -> new Move(x.before(), x.after(), x.cases() + y.cases(), x.valueCny().add(y.valueCny())));
        }
        Group one = new Group(null, 1, changed ? 1 : 0, fb, fa);
        group(byUnit, data.responsibleUnit() == null ? null : data.responsibleUnit().code(), one);
        group(byProvince, data.customer() == null ? null : data.customer().province(), one);
        group(byCategory, data.product() == null ? null : data.product().category(), one);
    }

    /** The approval level, the highest when (unusually) there are several. */
    private static String level(Map<String, TreeSet<String>> decisions) {
        Set<String> levels = decisions.get(APPROVAL);
        return levels == null || levels.isEmpty() ? null : ((TreeSet<String>) levels).last();
    }

    private static void group(Map<String, Group> groups, String key, Group one) {
        String k = key == null ? "" : key;
        groups.merge(k, new Group(k, one.cases(), one.changed(), one.before(), one.after()), ImpactFigures::plus);
    }

    private static Group plus(Group x, Group y) {
        return new Group(x.key(), x.cases() + y.cases(), x.changed() + y.changed(), x.before().plus(y.before()),
                x.after().plus(y.after()));
    }

    void add(ImpactFigures o) {
        before = before.plus(o.before);
        after = after.plus(o.after);
        o.levelCases.forEach((k, v) -> {
            long[] mine = levelCases.computeIfAbsent(k, x -> new long[2]);
            mine[0] += v[0];
            mine[1] += v[1];
        });
        o.levelValues.forEach((k, v) -> {
            BigDecimal[] mine = levelValues.computeIfAbsent(k, x -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            mine[0] = mine[0].add(v[0]);
            mine[1] = mine[1].add(v[1]);
        });
        o.moves.forEach((k, m) -> moves.merge(k, m,
                (x, y) -> new Move(x.before(), x.after(), x.cases() + y.cases(), x.valueCny().add(y.valueCny()))));
        o.byUnit.forEach((k, g) -> byUnit.merge(k, g, ImpactFigures::plus));
        o.byProvince.forEach((k, g) -> byProvince.merge(k, g, ImpactFigures::plus));
        o.byCategory.forEach((k, g) -> byCategory.merge(k, g, ImpactFigures::plus));
    }

    View view() {
        List<Level> levels = new ArrayList<>();
        levelCases.forEach((k, c) -> {
            BigDecimal[] v = levelValues.get(k);
            levels.add(new Level(k, c[0], c[1], v[0], v[1]));
        });
        return new View(before, after, levels, new ArrayList<>(moves.values()), new ArrayList<>(byUnit.values()),
                new ArrayList<>(byProvince.values()), new ArrayList<>(byCategory.values()));
    }

    private static int compareKeys(List<String> a, List<String> b) {
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        for (int i = 0; i < a.size(); i++) {
            int c = nullsFirst.compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }
}
