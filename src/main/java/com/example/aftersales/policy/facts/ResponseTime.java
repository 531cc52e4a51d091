package com.example.aftersales.policy.facts;

import org.kie.api.runtime.rule.RuleContext;

import com.example.aftersales.text.Text;

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

    @Override
    public Text figureText() { return Text.of("figure.hours", hours); }
}
