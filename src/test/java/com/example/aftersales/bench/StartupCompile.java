package com.example.aftersales.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.internal.RulesetCompiler;

/**
 * What the start-up's rule compile costs in a JVM of its own: reads the rules folder and compiles it as
 * {@code PolicyEngine} does (taking the build's prebuilt rule base when the class path holds one for these files), and
 * prints the wall time, the thread's CPU and the process's CPU (JVM start and JIT included) by then (issue 17,
 * docs/PERFORMANCE.md).
 *
 * <pre>java -cp "target/test-classes:CLASSES:LIB/*" com.example.aftersales.bench.StartupCompile [rules folder]</pre>
 */
public final class StartupCompile {

    private StartupCompile() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        CompiledRuleset ruleset = new RulesetCompiler(1000).compile(RuleFiles.load(Path.of(args.length > 0 ? args[0] : ".")));
        long threadCpu = threads.getCurrentThreadCpuTime() - cpu;
        long processCpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.printf("ruleset %s, %d rules: %d ms, thread CPU %d ms, process CPU %d ms%n", ruleset.version(),
                ruleset.ruleCount(), (System.nanoTime() - wall) / 1_000_000, threadCpu / 1_000_000, processCpu / 1_000_000);
        System.exit(0);
    }
}
