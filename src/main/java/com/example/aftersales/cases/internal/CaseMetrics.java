package com.example.aftersales.cases.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.FiredRule;
import com.example.aftersales.policy.facts.Decision;

/**
 * What the case endpoints decide, for {@code /actuator/prometheus}: evaluations and their time, recorded cases and
 * retries, decisions by type and value, rule firings by rule name. Values that are not codes (deadlines) count
 * as {@code value="other"}, so that the number of series stays bounded by the rules.
 */
@Component
public class CaseMetrics {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,59}");

    private final MeterRegistry registry;
    private final Map<String, Timer> evaluationTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Counter> firings = new ConcurrentHashMap<>();
    private final Counter created;
    private final Counter replayed;

    CaseMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.created = Counter.builder("aftersales.cases.registered").tag("outcome", "created")
                .description("POST /api/cases that recorded a case").register(registry);
        this.replayed = Counter.builder("aftersales.cases.registered").tag("outcome", "replayed")
                .description("POST /api/cases retries answered with the first answer").register(registry);
    }

    /** An evaluation of the rules ({@code operation}: register, findings, what-if) and what it decided. */
    public void evaluated(String operation, Evaluation evaluation, long nanos) {
        evaluationTimers.computeIfAbsent(operation, op -> Timer.builder("aftersales.evaluation")
                .description("Time the rules take to evaluate a case (prior defects loaded before)")
                .tag("operation", op).publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        for (Decision d : evaluation.decisions()) {
            String value = CODE.matcher(d.value()).matches() ? d.value() : "other";
            decisions.computeIfAbsent(d.type() + '=' + value, k -> Counter.builder("aftersales.decisions")
                    .description("Decisions of evaluations, by type and value")
                    .tag("type", d.type()).tag("value", value).register(registry)).increment();
        }
        for (FiredRule rule : evaluation.firedRules()) {
            firings.computeIfAbsent(rule.rule(), r -> Counter.builder("aftersales.rule.firings")
                    .description("Rule firings, by rule name").tag("rule", r).register(registry)).increment();
        }
    }

    public void registered(boolean wasCreated) {
        (wasCreated ? created : replayed).increment();
    }
}
