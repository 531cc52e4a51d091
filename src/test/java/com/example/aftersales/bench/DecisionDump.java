package com.example.aftersales.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.FiredRule;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.policy.internal.RulesetCompiler;

/**
 * Writes what the engine decides for the benchmark cases (decisions in order, fired rules as a set) to a file, so
 * that two versions of the engine can be compared with {@code diff}: a faster engine must write the same file.
 * Usage: {@code DecisionDump <out-file> [cases]}, run from the project folder.
 */
public final class DecisionDump {

    public static void main(String[] args) throws IOException {
        EngineBenchmark.quietLogging();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        CompiledRuleset ruleset = new RulesetCompiler(1000).compile(RuleFiles.load(Path.of(".")));
        List<BenchCases.Input> cases = BenchCases.generate(count);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            for (int i = 0; i < cases.size(); i++) {
                Evaluation evaluation = ruleset.evaluate(cases.get(i).facts(), cases.get(i).priorDefects());
                out.println("case " + i + " at " + evaluation.referenceTime());
                for (Decision d : evaluation.decisions()) {
                    out.println("  " + d);
                }
                TreeSet<String> fired = new TreeSet<>();
                for (FiredRule rule : evaluation.firedRules()) {
                    fired.add(rule.rule() + " @ " + rule.source());
                }
                out.println("  fired " + fired);
            }
        }
    }
}
