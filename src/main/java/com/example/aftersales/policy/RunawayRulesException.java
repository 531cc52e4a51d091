package com.example.aftersales.policy;

import java.util.List;

import com.example.aftersales.text.Text;
import com.example.aftersales.text.TextException;

/** An evaluation fired more rules than the limit allows: a rule keeps re-triggering itself or another. */
public class RunawayRulesException extends TextException {

    private final List<String> lastRules;

    public RunawayRulesException(int limit, List<String> lastRules) {
        super(Text.of("rules.runaway", limit, lastRules));
        this.lastRules = List.copyOf(lastRules);
    }

    public List<String> lastRules() {
        return lastRules;
    }
}
