package com.example.aftersales.replay;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.LocalDate;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.aftersales.AftersalesApplication;
import com.example.aftersales.cases.HistoryRecorder;
import com.example.aftersales.demo.DemoHistory;
import com.example.aftersales.policy.PolicyEngine;

/**
 * Replay throughput from the database: records a demo history once (if the database holds fewer cases), then
 * replays every case on the active rules against the recorded decisions and prints cases/s, the CPU time of this
 * process during the run, the heap used, and which instances completed its partitions (another instance started on the
 * same PostgreSQL database takes its share of them).
 * <pre>
 * java -Xmx512m -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
 *      com.example.aftersales.replay.ReplayThroughput 'jdbc:h2:file:/tmp/replay-bench/db;MODE=PostgreSQL;...' 1000000
 * </pre>
 */
public final class ReplayThroughput {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int cases = Integer.parseInt(args[1]);
        String user = args.length > 2 ? args[2] : "sa";
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AftersalesApplication.class)
                .web(WebApplicationType.NONE)
                .run(java.util.stream.Stream.concat(java.util.stream.Stream.of("--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + user, "--logging.level.root=WARN",
                        "--logging.level.com.example=INFO"), java.util.Arrays.stream(args).skip(3)).toArray(String[]::new))) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            long recorded = jdbc.sql("select count(*) from aftersales_case").query(Long.class).single();
            DemoHistory history = new DemoHistory(42, cases);
            if (recorded < cases) {
                System.out.printf("recording %,d demo cases...%n", cases);
                var progress = context.getBean(HistoryRecorder.class).record(history.stream(), HistoryRecorder.DEFAULT_BATCH_SIZE);
                System.out.printf("recorded %,d cases at %,.0f cases/s%n", progress.recorded(), progress.casesPerSecond());
            }
            long total = jdbc.sql("select count(*) from aftersales_case").query(Long.class).single();
            System.gc();
            resetPeaks();
            String version = context.getBean(PolicyEngine.class).active().version();
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            ReplayService replays = context.getBean(ReplayService.class);
            long id = replays.start(version, new ReplayRequest(null, null, LocalDate.of(1000, 1, 1), LocalDate.of(3000, 1, 1), null), "benchmark");
            ReplayRun run = replays.find(id);
            while (run.status().equals(ReplayRun.RUNNING)) {
                Thread.sleep(200);
                run = replays.find(id);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: replayed %,d of %,d cases in %.1f s: %,.0f cases/s (%,.0f/s in the run's own time), %,d changed%n",
                    run.status(), run.summary().replayed(), total, seconds, run.summary().replayed() / seconds,
                    run.done() * 1000.0 / Math.max(1, run.elapsedMillis()), run.summary().changed());
            System.out.printf("CPU of this process during the run: %.1f s%n", (processCpuNanos() - cpuStart) / 1e9);
            System.out.printf("heap: peak used %,d MB, max %,d MB%n", peakHeap() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("partitions with cases, by the instance that completed them: %s%n", workers(context, id));
        }
    }

    /** The partitions of a run that completed with at least one chunk, counted by the instance that worked on them. */
    private static java.util.Map<String, Long> workers(ConfigurableApplicationContext context, long id) {
        var repository = context.getBean(org.springframework.batch.core.repository.JobRepository.class);
        var instance = repository.getJobInstance(ReplayJob.JOB, ReplayJob.parameters(id));
        return repository.getJobExecutions(instance).stream().flatMap(e -> e.getStepExecutions().stream())
                .filter(s -> ReplayJob.isPartition(s.getStepName()) && s.getCommitCount() > 0
                        && s.getStatus() == org.springframework.batch.core.BatchStatus.COMPLETED)
                .collect(java.util.stream.Collectors.groupingBy(
                        s -> s.getExecutionContext().getString(ReplayPartitionWorkers.WORKER), java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
