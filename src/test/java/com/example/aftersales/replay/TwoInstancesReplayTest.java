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

/**
 * Two instances on one PostgreSQL: a run whose instance died (its job execution left STARTED in Spring Batch's job
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
        try (ConfigurableApplicationContext a = start(); ConfigurableApplicationContext b = start()) {
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

    /**
     * An instance on the tests' PostgreSQL, taking a job execution that committed nothing for 2 s for dead and looking
     * for such every 200 ms, one case per chunk so runs are slow.
     */
    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE).profiles("pgtest")
                .run("--aftersales.replay.stale-after=2s", "--aftersales.replay.restart-check-millis=200",
                        "--aftersales.replay.chunk-size=1", "--aftersales.replay.threads=1");
    }
}
