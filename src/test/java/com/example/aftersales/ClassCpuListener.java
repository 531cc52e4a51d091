package com.example.aftersales;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * What each test class costs: the test JVM's CPU time (all its threads, user + system, the collector's too) and wall
 * time from the class's start to its end, one line per class appended to {@code target/test-cpu/<run>-<fork>.txt}
 * ({@code h2} or {@code postgres}). Under load wall time lies; CPU is what a change to a class can cut. A context the
 * class is the first to start is charged to it; nested classes are counted in their outer class. Each test JVM starts
 * its file afresh.
 */
public class ClassCpuListener implements TestExecutionListener {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<String, long[]> started = new HashMap<>();

    private static boolean written;

    @Override
    public void executionStarted(TestIdentifier id) {
        if (topClass(id)) {
            started.put(id.getUniqueId(), new long[] {OS.getProcessCpuTime(), System.nanoTime()});
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long[] start = topClass(id) ? started.remove(id.getUniqueId()) : null;
        if (start == null) {
            return;
        }
        double cpu = (OS.getProcessCpuTime() - start[0]) / 1e9;
        double wall = (System.nanoTime() - start[1]) / 1e9;
        String name = ((ClassSource) id.getSource().orElseThrow()).getClassName();
        String run = PostgresSuite.active() ? "postgres" : "h2";
        Path file = Path.of("target", "test-cpu", run + "-" + System.getProperty("aftersales.test.fork", "f1") + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.format(Locale.ROOT, "%8.2f %8.2f %s %s%n", cpu, wall, result.getStatus(),
                    name), StandardOpenOption.CREATE,
                    written ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            written = true;
        } catch (IOException e) {
            // a figure lost is no reason to fail a test run
        }
    }

    private static boolean topClass(TestIdentifier id) {
        return id.getSource().filter(ClassSource.class::isInstance).isPresent()
                && id.getParentIdObject().map(p -> p.getSegments().size() == 1).orElse(false);
    }
}
