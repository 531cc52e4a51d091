package com.example.aftersales.policy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.example.aftersales.policy.facts.CaseFacts;
import com.example.aftersales.policy.facts.PriorDefect;

/**
 * The active rule base. Compiled from the rule files at start-up; a compile error stops the start-up with the
 * places to fix. Evaluations read the active ruleset once, so a later switch never changes one in flight.
 */
@Service
public class PolicyEngine {

    private static final Logger log = LoggerFactory.getLogger(PolicyEngine.class);

    private final AtomicReference<CompiledRuleset> active = new AtomicReference<>();

    public PolicyEngine(RulesProperties properties) {
        long start = System.nanoTime();
        RuleFiles files = RuleFiles.load(properties.baseDirPath());
        CompiledRuleset ruleset = new RulesetCompiler(properties.maxFirings()).compile(files);
        active.set(ruleset);
        log.info("Ruleset {} compiled from {} ({} files, {} rules) in {} ms", ruleset.version(),
                properties.baseDirPath().toAbsolutePath().normalize(), files.files().size(), ruleset.ruleCount(),
                (System.nanoTime() - start) / 1_000_000);
    }

    public CompiledRuleset active() {
        return active.get();
    }

    public Evaluation evaluate(CaseFacts facts, List<PriorDefect> priorDefects) {
        return active.get().evaluate(facts, priorDefects);
    }
}
