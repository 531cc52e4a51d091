package com.example.aftersales.replay;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeSet;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.policy.Evaluation;

/**
 * A replay's comparison of two rulesets' decisions, for other modules (a shadow run compares the active rules with a
 * draft on live cases): counted exactly as a replay counts them ({@link ReplaySummary}: changed cases, transitions by
 * decision type, decisions added and removed) with the same money ({@link ImpactFigures}), so that the two read alike.
 * Mergeable; stored and read back as its {@link ReplaySummary.View}.
 */
public final class DecisionComparison {

    private final ReplaySummary summary;

    private DecisionComparison(ReplaySummary summary) {
        this.summary = summary;
    }

    public static DecisionComparison empty() {
        return new DecisionComparison(new ReplaySummary());
    }

    /** A comparison as stored ({@link #view}); empty for null. */
    public static DecisionComparison of(ReplaySummary.View view) {
        return new DecisionComparison(ReplaySummary.of(view));
    }

    /** Counts one case decided by both (before: the active rules, after: the other); true when they differ. */
    public boolean count(Evaluation before, Evaluation after, CaseData data) {
        return summary.count(before.decisionSummary(), after.decisionSummary(), before.referenceTime(), data);
    }

    public void add(DecisionComparison other) {
        summary.add(other.summary);
    }

    public ReplaySummary.View view() {
        return summary.view();
    }

    /**
     * An evaluation's decision values by type, as a replay compares them: a response deadline as the hours it gives
     * after the reference time ({@code +24h}).
     */
    public static Map<String, TreeSet<String>> valuesByType(Evaluation evaluation) {
        return ReplaySummary.parse(evaluation.decisionSummary(), evaluation.referenceTime());
    }

    /** Same as {@link #valuesByType(Evaluation)}, from a {@code TYPE=VALUE|…} summary. */
    public static Map<String, TreeSet<String>> valuesByType(String decisionSummary, OffsetDateTime referenceTime) {
        return ReplaySummary.parse(decisionSummary, referenceTime);
    }
}
