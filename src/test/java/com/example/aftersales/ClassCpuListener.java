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
 * What each test class costs: CPU time (user + system) of the test JVM (all its threads, the collector's too) and of
 * the processes it started (Chromium: on Linux, from /proc), and wall time from the class's start to its end, one line
 * per class appended to {@code target/test-cpu/<run>-<fork>.txt} ({@code h2}, {@code postgres} or {@code it}): CPU seconds, of
 * them the JVM's, wall seconds, the result, the class. Under load wall time lies; CPU is what a change to a class can cut. A context the
 * class is the first to start is charged to it; nested classes are counted in their outer class. Each test JVM starts
 * each of its files afresh (one JVM may run classes on both databases: {@link PostgresRunTest}).
 */
public class ClassCpuListener implements TestExecutionListener {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Map<String, long[]> started = new HashMap<>();

    /** The files this JVM has written to: each is started afresh by its first line. */
    private static final java.util.Set<Path> written = new java.util.HashSet<>();

    @Override
    public void executionStarted(TestIdentifier id) {
        if (topClass(id)) {
            started.put(id.getUniqueId(), new long[] {OS.getProcessCpuTime(), childTicks(), System.nanoTime()});
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        long[] start = topClass(id) ? started.remove(id.getUniqueId()) : null;
        if (start == null) {
            return;
        }
        double jvm = (OS.getProcessCpuTime() - start[0]) / 1e9;
        double cpu = jvm + (childTicks() - start[1]) / 100.0;
        double wall = (System.nanoTime() - start[2]) / 1e9;
        String name = ((ClassSource) id.getSource().orElseThrow()).getClassName();
        // the packaged jar's tests (failsafe, *IT) run in a JVM of their own: a file of their own
        String run = PostgresSuite.active() ? "postgres" : name.endsWith("IT") ? "it" : "h2";
        Path file = Path.of("target", "test-cpu", run + "-" + System.getProperty("aftersales.test.fork", "f1") + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.format(Locale.ROOT, "%8.2f %8.2f %8.2f %s %s%n", cpu, jvm, wall, result.getStatus(),
                    name), StandardOpenOption.CREATE,
                    written.add(file) ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a figure lost is no reason to fail a test run
        }
    }

    /**
     * The CPU time in clock ticks (1/100 s) of the processes this JVM started, their children's included: the live
     * ones' own and that of their children that ended; the JVM's children that ended. 0 where there is no /proc.
     */
    private static long childTicks() {
        long ticks = stat(Path.of("/proc/self/stat"), false);
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            ticks += stat(Path.of("/proc", Long.toString(child.pid()), "stat"), true);
        }
        return ticks;
    }

    /** utime + stime (when {@code own}) + cutime + cstime of /proc/<pid>/stat, 0 when it cannot be read. */
    private static long stat(Path file, boolean own) {
        try {
            String line = Files.readString(file);
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // after the name: state is field 3, so utime (14) .. cstime (17) are at 11 .. 14
            long children = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return own ? Long.parseLong(f[11]) + Long.parseLong(f[12]) + children : children;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A test class, not nested in another: its parent is an engine (Jupiter's own, or Jupiter's in a suite). */
    private static boolean topClass(TestIdentifier id) {
        return id.getSource().filter(ClassSource.class::isInstance).isPresent()
                && id.getUniqueIdObject().getLastSegment().getType().equals("class")
                && id.getParentIdObject().map(p -> p.getLastSegment().getType().equals("engine")).orElse(false);
    }
}
