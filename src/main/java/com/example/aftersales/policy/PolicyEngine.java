package com.example.aftersales.policy;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;


/**
 * The active rule base. Compiled from the rule files at start-up; a compile error stops the start-up with the
 * places to fix. Evaluations read the active ruleset once, so a later switch never changes one in flight.
 */
@Service
public class PolicyEngine {

    private static final Logger log = LoggerFactory.getLogger(PolicyEngine.class);

    private final AtomicReference<CompiledRuleset> active = new AtomicReference<>();
    private final RulesetCompiler compiler;
    private final RuleFiles startingFiles;

    public PolicyEngine(RulesProperties properties) {
        long start = System.nanoTime();
        this.compiler = new RulesetCompiler(properties.maxFirings());
        RuleFiles files = RuleFiles.load(properties.baseDirPath());
        CompiledRuleset ruleset = compiler.compile(files);
        this.startingFiles = files;
        active.set(ruleset);
        log.info("Ruleset {} compiled from {} ({} files, {} rules) in {} ms", ruleset.version(),
                properties.baseDirPath().toAbsolutePath().normalize(), files.files().size(), ruleset.ruleCount(),
                (System.nanoTime() - start) / 1_000_000);
    }

    public CompiledRuleset active() {
        return active.get();
    }

    /** The rule files read from disk at start-up. */
    public RuleFiles startingFiles() {
        return startingFiles;
    }

    /**
     * Makes a compiled ruleset the one that decides. The switch is one atomic reference swap: an evaluation holds the
     * ruleset it started with to its end, so evaluations in flight finish on the old rules and none fails.
     */
    public CompiledRuleset activate(CompiledRuleset ruleset) {
        CompiledRuleset previous = active.getAndSet(ruleset);
        if (previous != ruleset) {
            log.info("Ruleset {} active (was {})", ruleset.version(), previous.version());
        }
        return previous;
    }

    /** Compiles other rule files with the same settings (firing limit) as the active ones. */
    public CompiledRuleset compile(RuleFiles files) {
        return compiler.compile(files);
    }
}
