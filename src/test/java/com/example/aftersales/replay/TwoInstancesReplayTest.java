package com.example.aftersales.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.aftersales.AftersalesApplication;
import com.example.aftersales.PostgresTestDatabase;
import com.example.aftersales.policy.PolicyEngine;

/**
 * Two instances on one PostgreSQL: a run whose instance died (its lease expired) is adopted by exactly one of them and
 * finishes once, with every case counted once; a run is never worked on by two instances.
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
            // a run as an instance that has died leaves it: RUNNING, owned, its lease run out
            OffsetDateTime now = OffsetDateTime.now();
            long id = runs.create(a.getBean(PolicyEngine.class).active().version(), null, everything.from(), everything.to(),
                    everything.filtersOrNone(), total, now, "test", "dead-instance", now.minusSeconds(1));

            await().atMost(Duration.ofSeconds(60)).until(() -> !runs.find(id).orElseThrow().status().equals(ReplayRun.RUNNING));
            ReplayRun run = runs.find(id).orElseThrow();
            assertThat(run.status()).isEqualTo(ReplayRun.SUCCEEDED);
            assertThat(run.done()).isEqualTo(total);
            assertThat(run.summary().replayed()).as("every case counted once").isEqualTo(total);
            String owner = jdbc.sql("select owner from replay_run where id = ?").param(id).query(String.class).single();
            assertThat(owner).isIn(Set.of(a.getBean(ReplayService.class).instance(), b.getBean(ReplayService.class).instance()));
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

    /** An instance on the tests' PostgreSQL, checking leases every 200 ms, one case per checkpoint so runs are slow. */
    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE).profiles("pgtest")
                .run("--aftersales.replay.lease=2s", "--aftersales.replay.lease-check-millis=200",
                        "--aftersales.replay.chunk-size=1", "--aftersales.replay.threads=1");
    }
}
