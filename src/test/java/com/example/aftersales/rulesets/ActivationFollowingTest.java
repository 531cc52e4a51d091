package com.example.aftersales.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.aftersales.BothDatabases;
import com.example.aftersales.OneQualityManagerContext;
import com.example.aftersales.policy.PolicyEngine;

/**
 * An activation recorded in a caller's transaction (an approval) and the once-a-second poll that follows other
 * instances' activations: a poll that reads the table before that transaction commits must not switch the engine back
 * to the version just replaced, and a transaction that rolls back takes the switch back with it.
 */
@BothDatabases
@OneQualityManagerContext
class ActivationFollowingTest {

    @Autowired
    RulesetStore store;

    @Autowired
    Drafts drafts;

    @Autowired
    PolicyEngine engine;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aPollBeforeTheActivationCommitsDoesNotSwitchBack() {
        String before = engine.active().version();
        String draft = drafts.create(Map.of("rules/notices.drl", RulesetLifecycleTest.HARMLESS_RULE.getBytes(StandardCharsets.UTF_8)),
                List.of(), "activation following", new Drafts.Author("test", true)).version();
        try {
            transaction.executeWithoutResult(status -> {
                store.activate(draft, "approved in a transaction", "test", null);
                // another thread's poll, on a connection of its own, sees the table as it was before this commit
                CompletableFuture.runAsync(store::followActivations).join();
                assertThat(engine.active().version()).as("after a poll during the transaction").isEqualTo(draft);
            });
            store.followActivations();
            assertThat(engine.active().version()).as("after the commit").isEqualTo(draft);

            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                store.activate(before, "to be rolled back", "test", null);
                assertThat(engine.active().version()).isEqualTo(before);
                throw new IllegalStateException("the approval failed after the switch");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(engine.active().version()).as("after a roll back").isEqualTo(draft);
            store.followActivations();
            assertThat(engine.active().version()).as("after a poll following the roll back").isEqualTo(draft);
            assertThat(store.activations().get(0).toVersion()).isEqualTo(draft);
        } finally {
            store.activate(before, "given back", "test");
        }
    }
}
