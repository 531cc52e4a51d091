package com.example.aftersales.policy;

import java.util.List;

import com.example.aftersales.contract.ProblemException;
import com.example.aftersales.text.Text;

/** An evaluation fired more rules than the limit allows: a rule keeps re-triggering itself or another. */
public class RunawayRulesException extends ProblemException {

    private final List<String> lastRules;

    public RunawayRulesException(int limit, List<String> lastRules) {
        super(422, Text.of("problem.runaway"), Text.of("rules.runaway", limit, lastRules));
        this.lastRules = List.copyOf(lastRules);
    }

    public List<String> lastRules() {
        return lastRules;
    }

    @Override
    public java.util.Map<String, Object> properties(java.util.Locale language) {
        return java.util.Map.of("rules", lastRules);
    }
}
