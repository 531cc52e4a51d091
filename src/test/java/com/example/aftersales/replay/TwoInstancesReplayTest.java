package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.aftersales.AftersalesApplication;
import com.example.aftersales.PostgresTestDatabase;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.rulesets.RulesetStore;

/**
 * Two instances on one PostgreSQL: a run's partitions are worked on by both, with exactly the figures and changed
 * cases of a run on one instance, also when one of them stops mid-run; a run whose instance died (its job execution left STARTED in Spring Batch's job
 * repository, committing nothing any more) is restarted by exactly one of them and finishes once, with every case
 * counted once; a run is never worked on by two instances.
 */
class TwoInstancesReplayTest {

    @Test
    void anOrphanedRunIsAdoptedByOneInstanceAndFinishedOnce() {
        PostgresTestDatabase.ensureFresh();
        try (ConfigurableApplicationContext a = start(); ConfigurableApplicationContext b = start()) {
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            jdbc.sql("delete from replay_change").update();
            jdbc.sql("delete from replay_run").update();
            if (jdbc.sql("select count(*) from aftersales_case where external_ref like 'LOAD-LIFECYCLE-%'").query(Long.class).single() == 0) {
                ReplayLifecycleTest.record(a);
            }
            ReplayRequest everything = ReplayLifecycleTest.everything();
            ReplayRuns runs = a.getBean(ReplayRuns.class);
            long total = a.getBean(ReplayService.class).count(everything);
            // a run as an instance that has died leaves it: RUNNING, its job execution and step STARTED in the job
            // repository, no longer updated
            OffsetDateTime now = OffsetDateTime.now();
            long id = runs.create(a.getBean(PolicyEngine.class).active().version(), null, everything.from(), everything.to(),
                    everything.filtersOrNone(), total, now, "test");
            JobRepository repository = a.getBean(JobRepository.class);
            JobParameters parameters = ReplayJob.parameters(id);
            JobInstance instance = repository.createJobInstance(ReplayJob.JOB, parameters);
            JobExecution dead = repository.createJobExecution(instance, parameters, new ExecutionContext());
            dead.setStatus(BatchStatus.STARTED);
            dead.setStartTime(LocalDateTime.now());
            repository.update(dead);
            StepExecution step = repository.createStepExecution(ReplayJob.STEP, dead);
            step.setStatus(BatchStatus.STARTED);
            step.setStartTime(LocalDateTime.now());
            repository.update(step);

            await().atMost(Duration.ofSeconds(60)).until(() -> !runs.find(id).orElseThrow().status().equals(ReplayRun.RUNNING));
            ReplayRun run = runs.find(id).orElseThrow();
            assertThat(run.status()).isEqualTo(ReplayRun.SUCCEEDED);
            assertThat(run.done()).isEqualTo(total);
            assertThat(run.summary().replayed()).as("every case counted once").isEqualTo(total);
            List<JobExecution> executions = repository.getJobExecutions(instance);
            assertThat(executions).as("the dead execution and one restart of it, by one instance").hasSize(2);
            assertThat(repository.getJobExecution(dead.getId()).getStatus()).as("the dead execution, recovered")
                    .isEqualTo(BatchStatus.FAILED);
            assertThat(repository.getLastJobExecution(instance).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(jdbc.sql("select restarts from replay_run where id = ?").param(id).query(Integer.class).single())
                    .as("restarted once").isEqualTo(1);
        }
    }

    @Test
    void aRunCancelledOnOneInstanceStopsOnTheOther() {
        PostgresTestDatabase.ensureFresh();
        try (ConfigurableApplicationContext a = start(); ConfigurableApplicationContext b = start()) {
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            if (jdbc.sql("select count(*) from aftersales_case where external_ref like 'LOAD-LIFECYCLE-%'").query(Long.class).single() == 0) {
                ReplayLifecycleTest.record(a);
            }
            ReplayService onA = a.getBean(ReplayService.class);
            long id = onA.start(a.getBean(PolicyEngine.class).active().version(), ReplayLifecycleTest.everything(), "test");
            await().atMost(Duration.ofSeconds(30)).until(() -> onA.find(id).done() >= 5);
            b.getBean(ReplayService.class).cancel(id);
            long done = onA.find(id).done();
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
            ReplayRun run = onA.find(id);
            assertThat(run.status()).isEqualTo(ReplayRun.CANCELLED);
            assertThat(run.done()).as("no checkpoint after the cancel").isLessThanOrEqualTo(done + 1).isLessThan(ReplayLifecycleTest.CASES);
        }
    }

    @Test
    void runsStartedAtTheSameMomentOnBothInstancesAllFinish() throws Exception {
        PostgresTestDatabase.ensureFresh();
        try (ConfigurableApplicationContext a = start("30s"); ConfigurableApplicationContext b = start("30s")) {
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            if (jdbc.sql("select count(*) from aftersales_case where external_ref like 'LOAD-LIFECYCLE-%'").query(Long.class).single() == 0) {
                ReplayLifecycleTest.record(a);
            }
            String version = a.getBean(PolicyEngine.class).active().version();
            List<ReplayService> services = List.of(a.getBean(ReplayService.class), b.getBean(ReplayService.class));
            // Spring Batch creates each run's job instance and execution at the same moment, in both instances
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(8);
            java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<Long>> started = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ReplayService on = services.get(i % 2);
                started.add(starters.submit(() -> {
                    together.await();
                    return on.start(version, ReplayLifecycleTest.everything(), "test");
                }));
            }
            List<Long> ids = new java.util.ArrayList<>();
            for (var future : started) {
                ids.add(future.get());
            }
            starters.shutdown();
            ReplayService onA = services.get(0);
            await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().noneMatch(id -> onA.find(id).status().equals(ReplayRun.RUNNING)));
            for (long id : ids) {
                ReplayRun run = onA.find(id);
                assertThat(run.status()).as("run %d: %s", id, run.error()).isEqualTo(ReplayRun.SUCCEEDED);
                assertThat(run.summary().replayed()).isEqualTo(run.total());
            }
        }
    }

    /** The candidate of the two partitioned tests, and what one instance alone found with it (computed once). */
    private static String candidate;
    private static Result single;

    /** Replays the candidate on one partitioned instance alone, once for the class: the result both tests compare with. */
    private static synchronized Result single() {
        if (single == null) {
            Result alone;
            try (ConfigurableApplicationContext instance = startPartitioned()) {
                candidate = shorterRectificationWindow(instance);
                alone = replay(instance, candidate);
            }
            assertThat(alone.summary().changed()).as("a candidate that changes cases").isPositive();
            assertThat(alone.workers()).as("one instance alone").hasSize(1);
            single = alone;
        }
        return single;
    }

    @Test
    void bothInstancesWorkOnOneRunsPartitionsAndGiveTheSingleInstanceResult() {
        PostgresTestDatabase.ensureFresh();
        Result single = single();
        try (ConfigurableApplicationContext a = startPartitioned(); ConfigurableApplicationContext b = startPartitioned()) {
            Result shared = replay(a, candidate);
            assertThat(shared.workers()).as("partitions worked on by both instances")
                    .containsExactlyInAnyOrder(a.getBean(ReplayPartitionWorkers.class).name(),
                            b.getBean(ReplayPartitionWorkers.class).name());
            assertThat(shared.done()).isEqualTo(single.done());
            assertThat(shared.summary()).as("the same figures").isEqualTo(single.summary());
            assertThat(shared.changes()).as("the same changed cases, each once").hasSize((int) single.summary().changed())
                    .isEqualTo(single.changes());
        }
    }

    @Test
    void anInstanceThatStopsMidRunLeavesItsPartitionToTheOtherWithTheSameResult() {
        PostgresTestDatabase.ensureFresh();
        Result single = single();
        try (ConfigurableApplicationContext a = startPartitioned()) {
            ReplayService onA = a.getBean(ReplayService.class);
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            long id;
            String bName;
            try (ConfigurableApplicationContext b = startPartitioned()) {
                bName = b.getBean(ReplayPartitionWorkers.class).name();
                id = onA.start(candidate, ReplayLifecycleTest.everything(), "test");
                // b works on a partition and has committed chunks of it: then it stops
                await().atMost(Duration.ofSeconds(60)).until(() -> partitions(a, id).stream().anyMatch(p ->
                        bName.equals(p.getExecutionContext().getString(ReplayPartitionWorkers.WORKER, null))
                                && p.getStatus() == BatchStatus.STARTED && p.getCommitCount() >= 2));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> !onA.find(id).status().equals(ReplayRun.RUNNING));
            Result resumed = result(a, id);
            assertThat(onA.find(id).status()).isEqualTo(ReplayRun.SUCCEEDED);
            List<StepExecution> stopped = partitions(a, id).stream().filter(p -> p.getStatus() == BatchStatus.STOPPED).toList();
            assertThat(stopped).as("b's partition, stopped with b").isNotEmpty();
            assertThat(stopped).allMatch(p -> bName.equals(p.getExecutionContext().getString(ReplayPartitionWorkers.WORKER, null)));
            assertThat(resumed.done()).isEqualTo(single.done());
            assertThat(resumed.summary()).as("the same figures").isEqualTo(single.summary());
            assertThat(resumed.changes()).as("the same changed cases, each once").isEqualTo(single.changes());
            assertThat(jdbc.sql("select count(*) from replay_change where run_id = ?").param(id).query(Long.class).single())
                    .isEqualTo(single.summary().changed());
        }
    }

    /** What a run found: its cases done, its summary, its changed cases in order, and the instances that worked on it. */
    private record Result(long done, ReplaySummary.View summary, List<List<Object>> changes, java.util.Set<String> workers) {
    }

    /** Replays every recorded case on the candidate against the recorded decisions, and answers what it found. */
    private static Result replay(ConfigurableApplicationContext context, String candidate) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        if (jdbc.sql("select count(*) from aftersales_case where external_ref like 'LOAD-LIFECYCLE-%'").query(Long.class).single() == 0) {
            ReplayLifecycleTest.record(context);
        }
        ReplayService replays = context.getBean(ReplayService.class);
        long id = replays.start(candidate, ReplayLifecycleTest.everything(), "test");
        await().atMost(Duration.ofSeconds(120)).until(() -> !replays.find(id).status().equals(ReplayRun.RUNNING));
        ReplayRun run = replays.find(id);
        assertThat(run.status()).as(run.error()).isEqualTo(ReplayRun.SUCCEEDED);
        assertThat(run.done()).isEqualTo(run.total());
        assertThat(run.summary().replayed()).isEqualTo(run.total());
        return result(context, id);
    }

    private static Result result(ConfigurableApplicationContext context, long id) {
        ReplayRun run = context.getBean(ReplayService.class).find(id);
        List<List<Object>> changes = context.getBean(JdbcClient.class).sql("""
                        select case_id, received_at, before_json, after_json, external_ref, unit_code, customer_province,
                            product_category from replay_change where run_id = ? order by case_id""")
                .param(id).query((rs, i) -> java.util.Arrays.<Object>asList(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
        java.util.Set<String> workers = new java.util.TreeSet<>();
        for (StepExecution partition : partitions(context, id)) {
            if (partition.getStatus() == BatchStatus.COMPLETED && partition.getCommitCount() > 0) {
                workers.add(partition.getExecutionContext().getString(ReplayPartitionWorkers.WORKER));
            }
        }
        return new Result(run.done(), run.summary(), changes, workers);
    }

    /** The partitions' step executions of a run, over all its job's executions. */
    private static List<StepExecution> partitions(ConfigurableApplicationContext context, long id) {
        JobRepository repository = context.getBean(JobRepository.class);
        JobInstance instance = repository.getJobInstance(ReplayJob.JOB, ReplayJob.parameters(id));
        if (instance == null) {
            return List.of();
        }
        return repository.getJobExecutions(instance).stream().flatMap(e -> e.getStepExecutions().stream())
                .filter(s -> ReplayJob.isPartition(s.getStepName())).toList();
    }

    /** A stored candidate whose rectification triggers look back 7 days instead of 180: it removes orders. */
    private static String shorterRectificationWindow(ConfigurableApplicationContext context) {
        byte[] triggers = com.example.aftersales.Workbooks.withCell("decision-tables/rectification-triggers.xlsx", 9, 2, 7);
        for (int row = 10; row <= 11; row++) {
            triggers = com.example.aftersales.Workbooks.withCell(triggers, row, 2, 7);
        }
        RulesetStore store = context.getBean(RulesetStore.class);
        return store.store(store.activeFiles().with(java.util.Map.of("decision-tables/rectification-triggers.xlsx", triggers),
                List.of()), "TEST");
    }

    /**
     * An instance on the tests' PostgreSQL whose runs are split into 4 partitions, each instance taking one of a run at
     * a time and looking for them every 100 ms, 3 cases per chunk so that a partition lasts.
     */
    private static ConfigurableApplicationContext startPartitioned() {
        return new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE).profiles("pgtest")
                .run("--aftersales.replay.stale-after=5s", "--aftersales.replay.restart-check-millis=200",
                        "--aftersales.replay.chunk-size=3", "--aftersales.replay.threads=1",
                        "--aftersales.replay.partitions=4", "--aftersales.replay.partitions-per-instance=1",
                        "--aftersales.replay.partition-poll=100ms");
    }

    /**
     * An instance on the tests' PostgreSQL, taking a job execution that committed nothing for 2 s for dead and looking
     * for such every 200 ms, one case per chunk so runs are slow.
     */
    private static ConfigurableApplicationContext start() {
        return start("2s");
    }

    /**
     * The same, taking an execution for dead after {@code staleAfter}: eight runs started at once on a busy machine
     * may take longer than 2 s over their first chunk, and were taken for dead while alive (seen in CI).
     */
    private static ConfigurableApplicationContext start(String staleAfter) {
        return new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE).profiles("pgtest")
                .run("--aftersales.replay.stale-after=" + staleAfter, "--aftersales.replay.restart-check-millis=200",
                        "--aftersales.replay.chunk-size=1", "--aftersales.replay.threads=1");
    }
}
