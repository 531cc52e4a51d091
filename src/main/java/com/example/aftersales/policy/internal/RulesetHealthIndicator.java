package com.example.aftersales.policy.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.PolicyEngine;

/** Health shows which ruleset version decides, so operators can tell at a glance. */
@Component("ruleset")
class RulesetHealthIndicator implements HealthIndicator {

    private final PolicyEngine engine;

    RulesetHealthIndicator(PolicyEngine engine) {
        this.engine = engine;
    }

    @Override
    public Health health() {
        CompiledRuleset ruleset = engine.active();
        return Health.up()
                .withDetail("version", ruleset.version())
                .withDetail("rules", ruleset.ruleCount())
                .build();
    }
}
