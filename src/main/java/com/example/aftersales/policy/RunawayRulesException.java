package com.example.aftersales.policy;

import java.util.List;

/** An evaluation fired more rules than the limit allows: a rule keeps re-triggering itself or another. */
public class RunawayRulesException extends RuntimeException {

    private final List<String> lastRules;

    public RunawayRulesException(int limit, List<String> lastRules) {
        super("The evaluation fired more than " + limit + " rules; the rules last fired were " + lastRules
                + ". A rule probably keeps re-triggering itself.");
        this.lastRules = List.copyOf(lastRules);
    }

    public List<String> lastRules() {
        return lastRules;
    }
}
