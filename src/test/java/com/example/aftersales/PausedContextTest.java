package com.example.aftersales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;

import com.example.aftersales.shadow.ShadowService;

/**
 * The background work that looks at the database on its own — the replays' partition looks, the shadow thread — stops
 * while its context is paused, as the tests' context cache pauses every cached context not in use (Spring's
 * {@code @Scheduled} tasks do so themselves), and goes on when it is started again.
 */
class PausedContextTest {

    @Test
    void theDatabaseLooksStopWhileTheContextIsPaused() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AftersalesApplication.class)
                .web(WebApplicationType.NONE).profiles("test").run("--aftersales.test.database=paused")) {
            Lifecycle partitionLooks = app.getBean("replayPartitionWorkers", Lifecycle.class);
            ShadowService shadow = app.getBean(ShadowService.class);
            assertThat(partitionLooks.isRunning()).isTrue();
            assertThat(shadow.isRunning()).isTrue();
            long running = shadowThreads(); // this context's, and those of other contexts in this JVM

            app.pause();
            assertThat(partitionLooks.isRunning()).as("the replays' partition looks, paused").isFalse();
            assertThat(shadow.isRunning()).isFalse();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(shadowThreads()).as("this context's shadow thread, ended").isEqualTo(running - 1));

            app.restart();
            assertThat(partitionLooks.isRunning()).isTrue();
            assertThat(shadow.isRunning()).isTrue();
            assertThat(shadowThreads()).isEqualTo(running);
        }
    }

    private static long shadowThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("shadow") && t.isAlive()).count();
    }
}
