package com.example.aftersales.policy.facts;

import java.time.LocalDate;

import org.kie.api.runtime.rule.RuleContext;

import com.example.aftersales.text.Text;

/** P12: how many months after production the company answers for the product's quality. */
public final class ValidityPeriod extends Term {

    private final int months;

    public ValidityPeriod(RuleContext kcontext, int months) {
        super(kcontext);
        this.months = months;
    }

    public int getMonths() { return months; }

    @Override
    public String figure() { return months + " months"; }

    @Override
    public Text figureText() { return Text.of("figure.months", months); }

    /** The last day on which a complaint is still within validity. */
    public LocalDate lastValidDay(LocalDate productionDate) {
        return productionDate.plusMonths(months);
    }
}
