package com.example.aftersales.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.aftersales.AftersalesApplication;
import com.example.aftersales.PostgresTestDatabase;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleFiles;

/** Two service instances on one PostgreSQL: an activation on one is followed by the other within 5 seconds. */
class TwoInstancesTest {

    @Test
    void bothInstancesSwitchToTheNewlyActivatedVersion() {
        PostgresTestDatabase.ensureFresh();
        try (ConfigurableApplicationContext a = start(); ConfigurableApplicationContext b = start()) {
            String shipped = RuleFiles.load(Path.of(".")).version();
            Drafts.Draft draft = a.getBean(Drafts.class).create(Map.of("rules/notices.drl",
                    RulesetLifecycleTest.HARMLESS_RULE.getBytes(StandardCharsets.UTF_8)), java.util.List.of(), "two instances",
                    new Drafts.Author("test", true));
            assertThat(draft.validation().valid()).isTrue();

            a.getBean(RulesetStore.class).activate(draft.version(), "switch both", "test");
            assertThat(a.getBean(PolicyEngine.class).active().version()).isEqualTo(draft.version());
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    b.getBean(PolicyEngine.class).active().version().equals(draft.version()));

            b.getBean(RulesetStore.class).activate(shipped, "roll back from the other instance", "test");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    a.getBean(PolicyEngine.class).active().version().equals(shipped));
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE)
                .profiles("pgtest").run();
    }
}
