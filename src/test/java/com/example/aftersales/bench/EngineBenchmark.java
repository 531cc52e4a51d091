package com.example.aftersales.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.internal.RulesetCompiler;

/**
 * Throughput of the rule engine alone: one {@link CompiledRuleset#evaluate} per operation over the shipped rules,
 * cycling through a fixed, varied set of cases. Run it with {@code mvn -B -Pbench test-compile exec:exec}
 * (see docs/PERFORMANCE.md); the normal build compiles it but never runs it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 4)
@Measurement(iterations = 5, time = 4)
public class EngineBenchmark {

    static final int CASES = 400;

    @State(Scope.Benchmark)
    public static class Engine {
        CompiledRuleset ruleset;
        List<BenchCases.Input> cases;

        @Setup
        public void compile() {
            quietLogging();
            ruleset = new RulesetCompiler(1000).compile(RuleFiles.load(Path.of(".")));
            cases = BenchCases.generate(CASES);
        }
    }

    /**
     * Logback without a configuration logs at DEBUG; the service runs at Spring Boot's INFO, and so does this.
     */
    static void quietLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }

    /** Each thread walks the cases from its own position. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        BenchCases.Input next(List<BenchCases.Input> cases) {
            BenchCases.Input input = cases.get(next);
            next = next + 1 == cases.size() ? 0 : next + 1;
            return input;
        }
    }

    @Benchmark
    public Evaluation evaluate(Engine engine, Cursor cursor) {
        BenchCases.Input input = cursor.next(engine.cases);
        return engine.ruleset.evaluate(input.facts(), input.priorDefects());
    }

    @Benchmark
    @Threads(2)
    public Evaluation evaluate2Threads(Engine engine, Cursor cursor) {
        BenchCases.Input input = cursor.next(engine.cases);
        return engine.ruleset.evaluate(input.facts(), input.priorDefects());
    }
}
