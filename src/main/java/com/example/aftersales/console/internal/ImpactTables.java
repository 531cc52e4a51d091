package com.example.aftersales.console.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.example.aftersales.replay.ImpactFigures;
import com.example.aftersales.replay.ReplayRun;
import com.example.aftersales.replay.ReplaySummary;

/**
 * A replay's business figures as the impact pages show them: the totals before and after with their difference, the
 * approval levels, the cases that move between levels, and the units, provinces and categories whose figures changed
 * (the largest differences first).
 */
public record ImpactTables(boolean counted, List<Row> totals, List<LevelRow> levels, List<MoveRow> moves,
                          Map<String, List<GroupRow>> groups, Map<String, Integer> groupsLeftOut, List<String> warnings) {

    /** Groups shown per dimension; the rest are counted as left out. */
    static final int GROUPS_SHOWN = 20;
    /** Approval levels from the lowest authority to the highest (P11). */
    static final List<String> LEVEL_ORDER = List.of("SUBSIDIARY_QUALITY_MANAGER", "SUBSIDIARY_GENERAL_MANAGER",
            "QUALITY_DEPARTMENT_HEAD", "COMPANY_QUALITY_LEADER");

    /** A figure: its name's message key, whether it is money, before, after. */
    public record Row(String name, boolean money, BigDecimal before, BigDecimal after) {
        public BigDecimal difference() {
            return after.subtract(before);
        }

        public boolean changed() {
            return before.compareTo(after) != 0;
        }
    }

    public record LevelRow(String level, long casesBefore, long casesAfter, BigDecimal valueBefore, BigDecimal valueAfter) {
        public long casesDifference() {
            return casesAfter - casesBefore;
        }

        public BigDecimal valueDifference() {
            return valueAfter.subtract(valueBefore);
        }

        public boolean changed() {
            return casesBefore != casesAfter || valueBefore.compareTo(valueAfter) != 0;
        }
    }

    public record MoveRow(String before, String after, long cases, BigDecimal value) {
    }

    /** A unit, province or category whose figures changed. */
    public record GroupRow(String dimension, String key, long cases, long changed, long majorBefore, long majorAfter,
                           BigDecimal lossBefore, BigDecimal lossAfter, BigDecimal compensationBefore,
                           BigDecimal compensationAfter, BigDecimal approvalBefore, BigDecimal approvalAfter) {
        public long majorDifference() {
            return majorAfter - majorBefore;
        }

        public BigDecimal lossDifference() {
            return lossAfter.subtract(lossBefore);
        }

        public BigDecimal compensationDifference() {
            return compensationAfter.subtract(compensationBefore);
        }

        public BigDecimal approvalDifference() {
            return approvalAfter.subtract(approvalBefore);
        }

        BigDecimal weight() {
            return lossDifference().abs().add(compensationDifference().abs()).add(approvalDifference().abs());
        }
    }

    public static final List<String> DIMENSIONS = List.of("unit", "province", "category");

    static ImpactTables of(ReplayRun run) {
        return of(run.summary());
    }

    /** The money of a comparison counted as a replay's (a replay, a shadow run). */
    static ImpactTables of(ReplaySummary.View summary) {
        List<String> warnings = summary == null ? List.of() : summary.warnings();
        ImpactFigures.View b = summary == null ? null : summary.business();
        if (b == null) {
            return new ImpactTables(false, List.of(), List.of(), List.of(), Map.of(), Map.of(), warnings);
        }
        ImpactFigures.Figures x = b.before();
        ImpactFigures.Figures y = b.after();
        List<Row> totals = List.of(
                new Row("impact.majorIncidents", false, BigDecimal.valueOf(x.majorIncidents()), BigDecimal.valueOf(y.majorIncidents())),
                new Row("impact.majorLoss", true, x.majorLossCny(), y.majorLossCny()),
                new Row("impact.compensations", false, BigDecimal.valueOf(x.compensations()), BigDecimal.valueOf(y.compensations())),
                new Row("impact.compensationValue", true, x.compensationCny(), y.compensationCny()),
                new Row("impact.approvals", false, BigDecimal.valueOf(x.approvals()), BigDecimal.valueOf(y.approvals())),
                new Row("impact.approvalValue", true, x.approvalValueCny(), y.approvalValueCny()));
        List<LevelRow> levels = b.approvals().stream()
                .map(l -> new LevelRow(l.level(), l.casesBefore(), l.casesAfter(), l.valueBeforeCny(), l.valueAfterCny()))
                .sorted(Comparator.comparingInt(l -> rank(l.level()))).toList();
        List<MoveRow> moves = b.approvalMoves().stream()
                .map(m -> new MoveRow(m.before(), m.after(), m.cases(), m.valueCny()))
                .sorted(Comparator.comparingLong(MoveRow::cases).reversed()).toList();
        Map<String, List<GroupRow>> groups = new LinkedHashMap<>();
        Map<String, Integer> leftOut = new LinkedHashMap<>();
        Map<String, List<ImpactFigures.Group>> all = new LinkedHashMap<>();
        all.put("unit", b.byUnit());
        all.put("province", b.byProvince());
        all.put("category", b.byCategory());
        all.forEach((dimension, list) -> {
            List<GroupRow> rows = changedGroups(dimension, list);
            groups.put(dimension, rows.subList(0, Math.min(GROUPS_SHOWN, rows.size())));
            leftOut.put(dimension, Math.max(0, rows.size() - GROUPS_SHOWN));
        });
        return new ImpactTables(true, totals, levels, moves, groups, leftOut, warnings);
    }

    /** Every group of a dimension whose cases were decided differently, the largest money differences first. */
    static List<GroupRow> changedGroups(String dimension, List<ImpactFigures.Group> list) {
        List<GroupRow> rows = new ArrayList<>();
        for (ImpactFigures.Group g : list) {
            if (g.changed() == 0) {
                continue;
            }
            rows.add(new GroupRow(dimension, g.key(), g.cases(), g.changed(), g.before().majorIncidents(),
                    g.after().majorIncidents(), g.before().majorLossCny(), g.after().majorLossCny(),
                    g.before().compensationCny(), g.after().compensationCny(), g.before().approvalValueCny(),
                    g.after().approvalValueCny()));
        }
        rows.sort(Comparator.comparing(GroupRow::weight).reversed().thenComparing(Comparator.comparingLong(GroupRow::changed).reversed())
                .thenComparing(GroupRow::key));
        return rows;
    }

    /** A unit, province or category that changed in either run, with its figures in each (null: no change there). */
    public record Pair(String key, GroupRow a, GroupRow b) {
    }

    /** The groups of a dimension that changed in either run, the largest differences first, at most {@link #GROUPS_SHOWN}. */
    static List<Pair> pairs(ReplayRun first, ReplayRun second, String dimension) {
        Map<String, GroupRow> a = byKey(first, dimension);
        Map<String, GroupRow> b = byKey(second, dimension);
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys.stream().map(k -> new Pair(k, a.get(k), b.get(k)))
                .sorted(Comparator.comparing((Pair p) -> weight(p.a()).max(weight(p.b()))).reversed().thenComparing(Pair::key))
                .limit(GROUPS_SHOWN).toList();
    }

    private static BigDecimal weight(GroupRow row) {
        return row == null ? BigDecimal.ZERO : row.weight();
    }

    private static Map<String, GroupRow> byKey(ReplayRun run, String dimension) {
        Map<String, GroupRow> map = new LinkedHashMap<>();
        ImpactFigures.View b = run.summary() == null ? null : run.summary().business();
        if (b != null) {
            List<ImpactFigures.Group> list = switch (dimension) {
                case "unit" -> b.byUnit();
                case "province" -> b.byProvince();
                default -> b.byCategory();
            };
            changedGroups(dimension, list).forEach(g -> map.put(g.key(), g));
        }
        return map;
    }

    static int rank(String level) {
        int i = LEVEL_ORDER.indexOf(level);
        return i < 0 ? LEVEL_ORDER.size() : i;
    }

    /** What the money chart draws: per responsible unit that changed, the differences in loss and compensation. */
    Map<String, Object> chart(Function<String, String> unitLabel) {
        List<GroupRow> units = groups.getOrDefault("unit", List.of());
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("keys", units.stream().map(GroupRow::key).toList());
        chart.put("labels", units.stream().map(g -> unitLabel.apply(g.key())).toList());
        chart.put("lossDifference", units.stream().map(GroupRow::lossDifference).toList());
        chart.put("compensationDifference", units.stream().map(GroupRow::compensationDifference).toList());
        chart.put("approvalDifference", units.stream().map(GroupRow::approvalDifference).toList());
        return chart;
    }
}
