package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.AftersalesApplication;
import com.example.aftersales.bench.RandomCases;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.policy.PolicyEngine;

/** A run survives a restart of the service (it resumes from its checkpoint), and a cancelled run stops. */
class ReplayLifecycleTest {

    static final int CASES = 300;

    @TempDir
    Path dir;

    @Test
    void aRunInterruptedByARestartResumesAndFinishesWithTheSameResult() {
        long id;
        try (ConfigurableApplicationContext first = start()) {
            record(first);
            ReplayService replays = first.getBean(ReplayService.class);
            id = replays.start(first.getBean(PolicyEngine.class).active().version(), everything(), "test");
            await().atMost(Duration.ofSeconds(30)).until(() -> replays.find(id).done() >= 30);
        } // the service stops mid-run
        try (ConfigurableApplicationContext second = start()) {
            ReplayRun interrupted = second.getBean(ReplayRuns.class).find(id).orElseThrow();
            ReplayService replays = second.getBean(ReplayService.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> !replays.find(id).status().equals(ReplayRun.RUNNING));
            ReplayRun run = replays.find(id);
            assertThat(run.status()).isEqualTo(ReplayRun.SUCCEEDED);
            assertThat(run.done()).isEqualTo(CASES);
            assertThat(run.summary().replayed()).isEqualTo(CASES);
            assertThat(run.summary().changed()).isZero();
            assertThat(interrupted.done()).as("progress kept across the restart").isGreaterThanOrEqualTo(30);
        }
    }

    /**
     * The tests' context cache pauses the contexts not in use, and a paused context's idle partition looks stop
     * ({@code PausedContextTest}); a run going on there goes on: its partitions keep working and saying they are alive.
     */
    @Test
    void aRunGoesOnWhileItsContextIsPaused() {
        try (ConfigurableApplicationContext context = start()) {
            record(context);
            ReplayService replays = context.getBean(ReplayService.class);
            long id = replays.start(context.getBean(PolicyEngine.class).active().version(), everything(), "test");
            await().atMost(Duration.ofSeconds(30)).until(() -> replays.find(id).done() >= 30);
            context.pause();
            assertThat(replays.find(id).status()).isEqualTo(ReplayRun.RUNNING);
            await().atMost(Duration.ofSeconds(60)).until(() -> !replays.find(id).status().equals(ReplayRun.RUNNING));
            ReplayRun run = replays.find(id);
            assertThat(run.status()).isEqualTo(ReplayRun.SUCCEEDED);
            assertThat(run.done()).isEqualTo(CASES);
            assertThat(context.getBean(ReplayPartitionWorkers.class).isRunning()).as("idle looks, paused").isFalse();
            context.restart();
            assertThat(context.getBean(ReplayPartitionWorkers.class).isRunning()).isTrue();
        }
    }

    @Test
    void aCancelledRunStopsAndStaysCancelled() {
        try (ConfigurableApplicationContext context = start()) {
            record(context);
            ReplayService replays = context.getBean(ReplayService.class);
            long id = replays.start(context.getBean(PolicyEngine.class).active().version(), everything(), "test");
            ReplayRun cancelled = replays.cancel(id);
            assertThat(cancelled.status()).isEqualTo(ReplayRun.CANCELLED);
            long done = replays.find(id).done();
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(replays.find(id).status()).isEqualTo(ReplayRun.CANCELLED);
            assertThat(replays.find(id).done()).isLessThan(CASES).isLessThanOrEqualTo(done + 1);
            assertThat(context.getBean(JdbcClient.class).sql("select count(*) from replay_run where status = 'RUNNING'")
                    .query(Long.class).single()).isZero();
        }
    }

    /**
     * Spring Batch writes a partition in two steps, its execution and then its range, each committed on its own: an
     * instance looking in between must leave it — taken then, it would read the run's whole window and record the
     * other partitions' changed cases again (a duplicate key of {@code replay_change} in TwoInstancesReplayTest under
     * load) — and take it once its range is there.
     */
    @Test
    void aPartitionIsTakenOnlyOnceItsRangeIsWritten() {
        try (ConfigurableApplicationContext context = start()) {
            ReplayRequest everything = everything();
            long id = context.getBean(ReplayRuns.class).create(context.getBean(PolicyEngine.class).active().version(),
                    null, everything.from(), everything.to(), everything.filtersOrNone(), 0, OffsetDateTime.now(), "test");
            JobRepository repository = context.getBean(JobRepository.class);
            JobParameters parameters = ReplayJob.parameters(id);
            JobExecution job = repository.createJobExecution(repository.createJobInstance(ReplayJob.JOB, parameters),
                    parameters, new ExecutionContext());
            job.setStatus(BatchStatus.STARTED);
            job.setStartTime(LocalDateTime.now());
            repository.update(job);
            StepExecution partition = repository.createStepExecution(ReplayJob.PARTITION + ":00", job);
            ReplayPartitionWorkers workers = context.getBean(ReplayPartitionWorkers.class);

            workers.claimSoon();
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            assertThat(stored(repository, job, partition).getStatus()).as("no range yet: not taken")
                    .isEqualTo(BatchStatus.STARTING);

            ExecutionContext range = partition.getExecutionContext();
            range.putString(ReplayJob.Ranges.FROM, OffsetDateTime.parse("2025-01-01T00:00:00+08:00").toString());
            range.putString(ReplayJob.Ranges.TO, OffsetDateTime.parse("2028-01-01T00:00:00+08:00").toString());
            repository.updateExecutionContext(partition);
            workers.claimSoon();
            await().atMost(Duration.ofSeconds(20)).until(() -> stored(repository, job, partition).getStatus()
                    == BatchStatus.COMPLETED);
            assertThat(stored(repository, job, partition).getExecutionContext().getString(ReplayJob.Ranges.FROM))
                    .as("its range kept by the taking").startsWith("2025-01-01");
        }
    }

    private static StepExecution stored(JobRepository repository, JobExecution job, StepExecution partition) {
        return repository.getJobExecution(job.getId()).getStepExecutions().stream()
                .filter(s -> s.getId() == partition.getId()).findFirst().orElseThrow();
    }

    static ReplayRequest everything() {
        return new ReplayRequest(null, null, LocalDate.of(2025, 1, 1), LocalDate.of(2027, 12, 31), null);
    }

    /** Records {@link #CASES} varied cases. */
    static void record(ConfigurableApplicationContext context) {
        JsonMapper json = context.getBean(JsonMapper.class);
        CaseService cases = context.getBean(CaseService.class);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < CASES; i++) {
            cases.register(json.readValue(RandomCases.randomCase(random, "LIFECYCLE-" + i), CaseData.class), "test");
        }
    }

    /** The service on an H2 file of this test's own, replaying one case per checkpoint so that runs are slow. */
    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE).run(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("aftersales")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "--aftersales.replay.chunk-size=1", "--aftersales.replay.threads=1");
    }
}
