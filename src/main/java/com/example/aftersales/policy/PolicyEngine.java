package com.example.aftersales.policy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

import com.example.aftersales.policy.internal.RulesetCompiler;

/**
 * The active rule base. Compiled from the rule files at start-up; a compile error stops the start-up with the
 * places to fix. Evaluations read the active ruleset once, so a later switch never changes one in flight.
 *
 * <p>The start-up compile (seconds: Drools parses the rules and compiles their Java with ECJ) runs on a thread of its
 * own while the rest of the application starts (the database's migrations, the web server, the other beans); the
 * first caller of {@link #active()} waits for it, and so does the end of the context's start-up
 * ({@link #afterSingletonsInstantiated()}: before the web server opens), so the service still answers — and reports
 * healthy — only once it can evaluate, and a compile error still stops it.
 */
@Service
public class PolicyEngine implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(PolicyEngine.class);

    private final AtomicReference<CompiledRuleset> active = new AtomicReference<>();
    private final RulesetCompiler compiler;
    private final RuleFiles startingFiles;
    private final CompletableFuture<CompiledRuleset> starting = new CompletableFuture<>();

    public PolicyEngine(RulesProperties properties) {
        long start = System.nanoTime();
        this.compiler = new RulesetCompiler(properties.maxFirings());
        RuleFiles files = RuleFiles.load(properties.baseDirPath());
        this.startingFiles = files;
        // a plain thread: it inherits this thread's context class loader (the packaged jar's), which Drools loads with
        Thread compile = new Thread(() -> {
            try {
                CompiledRuleset ruleset = compiler.compile(files);
                log.info("Ruleset {} compiled from {} ({} files, {} rules) in {} ms", ruleset.version(),
                        properties.baseDirPath().toAbsolutePath().normalize(), files.files().size(), ruleset.ruleCount(),
                        (System.nanoTime() - start) / 1_000_000);
                starting.complete(ruleset);
            } catch (Throwable e) {
                starting.completeExceptionally(e);
            }
        }, "ruleset-compile");
        compile.setDaemon(true);
        compile.start();
    }

    /** The ruleset deciding now (the first call waits for the start-up compile). */
    public CompiledRuleset active() {
        CompiledRuleset ruleset = active.get();
        if (ruleset != null) {
            return ruleset;
        }
        active.compareAndSet(null, starting()); // unless another version was activated meanwhile
        return active.get();
    }

    /** The rules compiled from the files read at start-up, once compiled; throws the compile's failure. */
    public CompiledRuleset starting() {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // RuleCompilationException: RuleCompilationFailureAnalyzer says where to fix
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The start-up compile is done (or failed) by the end of the start-up: nothing is served before. */
    @Override
    public void afterSingletonsInstantiated() {
        active();
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
            log.info("Ruleset {} active (was {})", ruleset.version(),
                    previous == null ? startingFiles.version() + ", still compiling" : previous.version());
        }
        return previous;
    }

    /** Compiles other rule files with the same settings (firing limit) as the active ones. */
    public CompiledRuleset compile(RuleFiles files) {
        return compiler.compile(files);
    }
}
