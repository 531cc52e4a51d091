package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
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
