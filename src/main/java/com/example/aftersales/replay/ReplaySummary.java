package com.example.aftersales.replay;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a replay found so far: cases replayed and changed, per decision type how values moved (before → after,
 * {@code null} for absent), and decisions added and removed. Mergeable, so threads count apart and add up.
 */
public final class ReplaySummary {

    public record Transition(String type, String before, String after, long count) {
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "ReplayDecisionCount")
    public record DecisionCount(String type, String value, long count) {
    }

    /**
     * {@code business}: the money before and after (absent in runs recorded before it was counted); {@code warnings}:
     * what the reader must know before trusting the figures, as codes ({@link #EMPTY_WINDOW}).
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ReplaySummary")
    public record View(long replayed, long changed, List<Transition> transitions, List<DecisionCount> added,
                List<DecisionCount> removed, ImpactFigures.View business, List<String> warnings) {

        public View {
            warnings = warnings == null ? List.of() : warnings;
        }
    }

    /** The period and filters held no recorded case: nothing was replayed, so nothing can be concluded. */
    public static final String EMPTY_WINDOW = "EMPTY_WINDOW";

    private long replayed;
    private long changed;
    private ImpactFigures business = new ImpactFigures();
    private final List<String> warnings = new ArrayList<>();
    private final Map<List<String>, Long> transitions = new TreeMap<>(ReplaySummary::compareKeys);
    private final Map<List<String>, Long> added = new TreeMap<>(ReplaySummary::compareKeys);
    private final Map<List<String>, Long> removed = new TreeMap<>(ReplaySummary::compareKeys);

    static ReplaySummary of(View view) {
        ReplaySummary summary = new ReplaySummary();
        if (view == null) {
            return summary;
        }
        summary.replayed = view.replayed();
        summary.changed = view.changed();
        view.transitions().forEach(t -> summary.transitions.put(key(t.type(), t.before(), t.after()), t.count()));
        view.added().forEach(d -> summary.added.put(key(d.type(), d.value()), d.count()));
        view.removed().forEach(d -> summary.removed.put(key(d.type(), d.value()), d.count()));
        summary.business = ImpactFigures.of(view.business());
        summary.warnings.addAll(view.warnings());
        return summary;
    }

    /** Counts one case: its decisions before and after, as {@code TYPE=VALUE|…} summaries. */
    boolean count(String before, String after, OffsetDateTime referenceTime) {
        return count(before, after, referenceTime, null);
    }

    /** Counts one case and, with its facts, its money before and after. */
    boolean count(String before, String after, OffsetDateTime referenceTime, com.example.aftersales.cases.CaseData data) {
        replayed++;
        boolean differs = !before.equals(after);
        if (differs) {
            changed++;
        }
        Map<String, TreeSet<String>> b = parse(before, referenceTime);
        Map<String, TreeSet<String>> a = differs ? parse(after, referenceTime) : b;
        TreeSet<String> types = new TreeSet<>(b.keySet());
        types.addAll(a.keySet());
        for (String type : types) {
            TreeSet<String> bv = b.getOrDefault(type, new TreeSet<>());
            TreeSet<String> av = a.getOrDefault(type, new TreeSet<>());
            transitions.merge(key(type, join(bv), join(av)), 1L, Long::sum);
            for (String value : av) {
                if (!bv.contains(value)) added.merge(key(type, value), 1L, Long::sum);
            }
            for (String value : bv) {
                if (!av.contains(value)) removed.merge(key(type, value), 1L, Long::sum);
            }
        }
        if (data != null) {
            business.count(data, b, a, differs);
        }
        return differs;
    }

    void add(ReplaySummary other) {
        replayed += other.replayed;
        changed += other.changed;
        other.transitions.forEach((k, v) -> transitions.merge(k, v, Long::sum));
        other.added.forEach((k, v) -> added.merge(k, v, Long::sum));
        other.removed.forEach((k, v) -> removed.merge(k, v, Long::sum));
        business.add(other.business);
    }

    /** Adds a warning once. */
    void warn(String code) {
        if (!warnings.contains(code)) {
            warnings.add(code);
        }
    }

    long replayed() {
        return replayed;
    }

    long changed() {
        return changed;
    }

    View view() {
        List<Transition> t = new ArrayList<>();
        transitions.forEach((k, v) -> t.add(new Transition(k.get(0), k.get(1), k.get(2), v)));
        return new View(replayed, changed, t, counts(added), counts(removed), business.view(), List.copyOf(warnings));
    }

    private static List<DecisionCount> counts(Map<List<String>, Long> map) {
        List<DecisionCount> list = new ArrayList<>();
        map.forEach((k, v) -> list.add(new DecisionCount(k.get(0), k.get(1), v)));
        return list;
    }

    /**
     * Decision values by type. A response deadline is a timestamp unique to each case, so it is counted as the
     * hours it gives after receipt ({@code +24h}), which is what a rule change moves.
     */
    static Map<String, TreeSet<String>> parse(String summary, OffsetDateTime referenceTime) {
        Map<String, TreeSet<String>> values = new TreeMap<>();
        if (summary == null || summary.isEmpty()) {
            return values;
        }
        for (String decision : summary.split("\\|")) {
            int eq = decision.indexOf('=');
            String type = decision.substring(0, eq);
            String value = decision.substring(eq + 1);
            if (type.equals("RESPONSE_DEADLINE") && referenceTime != null) {
                OffsetDateTime deadline = deadline(value);
                if (deadline != null) {
                    value = "+" + Duration.between(referenceTime, deadline).toHours() + "h";
                }
            }
            values.computeIfAbsent(type, k -> new TreeSet<>()).add(value);
        }
        return values;
    }

    /** A response deadline's timestamp, read the quick way when it is written as {@code toString()} writes it. */
    private static OffsetDateTime deadline(String value) {
        OffsetDateTime deadline = IsoTimes.offsetDateTime(value);
        if (deadline != null) {
            return deadline;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (RuntimeException e) {
            return null; // not a timestamp: counted as it is
        }
    }

    private static String join(TreeSet<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }

    private static List<String> key(String... parts) {
        return java.util.Arrays.asList(parts);
    }

    private static int compareKeys(List<String> a, List<String> b) {
        Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
        for (int i = 0; i < a.size(); i++) {
            int c = nullsFirst.compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplaySummary s && Objects.equals(view(), s.view());
    }

    @Override
    public int hashCode() {
        return view().hashCode();
    }
}
