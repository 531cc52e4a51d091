package com.example.aftersales.policy.facts;

import java.math.BigDecimal;

import org.kie.api.runtime.rule.RuleContext;

import com.example.aftersales.text.Text;

/** P15: the direct quality loss from which an incident is major (the figure itself included). */
public final class MajorIncidentThreshold extends Term {

    private final BigDecimal lossCny;

    public MajorIncidentThreshold(RuleContext kcontext, Number lossCny) {
        super(kcontext);
        this.lossCny = new BigDecimal(lossCny.toString());
    }

    public BigDecimal getLossCny() { return lossCny; }

    @Override
    public String figure() { return lossCny.toPlainString() + " CNY"; }

    @Override
    public Text figureText() { return Amounts.text(lossCny); }
}
