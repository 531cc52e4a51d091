package com.example.aftersales.policy.facts;

import org.kie.api.runtime.rule.RuleContext;

import com.example.aftersales.text.Text;

/**
 * P20: when confirmed defects cluster enough to call for a rectification order. {@code measure} says what is
 * counted within {@code windowDays} before the case, the case itself included.
 */
public final class ClusterTrigger extends Term {

    /** Defects of the same product code and problem category. */
    public static final String SAME_PRODUCT_DEFECTS = "SAME_PRODUCT_DEFECTS";
    /** Distinct batches with defects of the same problem category. */
    public static final String DISTINCT_BATCHES = "DISTINCT_BATCHES";
    /** Distinct production sites with defects of the same problem category. */
    public static final String DISTINCT_SITES = "DISTINCT_SITES";

    private final String measure;
    private final int windowDays;
    private final int threshold;

    /** Window and threshold are the row's {@code windowDays} and {@code threshold} metadata. */
    public ClusterTrigger(RuleContext kcontext, String measure) {
        super(kcontext);
        this.measure = measure;
        this.windowDays = intMetadata(kcontext, "windowDays");
        this.threshold = intMetadata(kcontext, "threshold");
    }

    private static int intMetadata(RuleContext kcontext, String key) {
        String value = Decision.metadata(kcontext.getRule(), key);
        if (value == null) {
            throw new IllegalStateException("Rule '" + kcontext.getRule().getName() + "' has no " + key);
        }
        return new java.math.BigDecimal(value).intValueExact();
    }

    public String getMeasure() { return measure; }
    public int getWindowDays() { return windowDays; }
    public int getThreshold() { return threshold; }

    @Override
    public String subject() { return "ClusterTrigger " + measure; }

    @Override
    public Text subjectText() { return Text.of("term.ClusterTrigger", measure); }

    @Override
    public String figure() { return threshold + " within " + windowDays + " days"; }

    @Override
    public Text figureText() { return Text.of("figure.cluster", threshold, windowDays); }
}
