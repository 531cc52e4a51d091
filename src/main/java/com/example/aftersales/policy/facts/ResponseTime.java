package com.example.aftersales.policy.facts;

import org.kie.api.runtime.rule.RuleContext;

/** P2: within how many hours of receipt service staff must be on site. */
public final class ResponseTime extends Term {

    private final int hours;

    public ResponseTime(RuleContext kcontext, int hours) {
        super(kcontext);
        this.hours = hours;
    }

    public int getHours() { return hours; }

    @Override
    public String figure() { return hours + " hours"; }
}
