package com.example.aftersales.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.AftersalesApplication;
import com.example.aftersales.PostgresTestDatabase;
import com.example.aftersales.Workbooks;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.rulesets.Drafts;

/**
 * A shadow run lives in the database: a restarted service (a new application context on the same H2 file, or on the
 * same PostgreSQL database) goes on shadowing into it; two instances on one PostgreSQL database each shadow their own
 * cases into the one run, and a run's maxCases holds across them.
 */
class ShadowInstancesTest {

    private static final AtomicInteger REFS = new AtomicInteger();

    @TempDir
    Path dir;

    @Test
    void aRestartedServiceGoesOnWithTheRunOnAnH2File() throws Exception {
        String url = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("aftersales")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
        long run;
        try (ConfigurableApplicationContext first = start(null, url)) {
            run = first.getBean(ShadowService.class).start(primerDraft(first), null, null, "li.na").id();
            record(first, 2);
            awaitShadowed(first, run, 2);
        }
        try (ConfigurableApplicationContext second = start(null, url)) {
            ShadowService shadows = second.getBean(ShadowService.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> shadows.shadowing(run));
            record(second, 2);
            ShadowRun after = awaitShadowed(second, run, 4);
            assertThat(after.status()).isEqualTo(ShadowRun.RUNNING);
            assertThat(after.agreed()).isZero();
            assertThat(after.differencesByType()).contains(new ShadowRun.TypeCount("WARRANTY", 4));
            assertThat(after.comparison().replayed()).isEqualTo(4);
            assertThat(shadows.stop(run, "li.na").stopReason()).isEqualTo(ShadowRun.BY_HAND);
        }
    }

    @Test
    void twoInstancesOnPostgresqlShadowIntoOneRunWhichSurvivesARestart() throws Exception {
        String url = "--spring.datasource.url=" + PostgresTestDatabase.fresh("shadow_two");
        try (ConfigurableApplicationContext a = start("pgtest", url); ConfigurableApplicationContext b = start("pgtest", url)) {
            ShadowService onA = a.getBean(ShadowService.class);
            ShadowService onB = b.getBean(ShadowService.class);
            long run = onA.start(primerDraft(a), null, null, "li.na").id();
            await().atMost(Duration.ofSeconds(10)).until(() -> onB.shadowing(run));
            List<Long> casesA = record(a, 3);
            List<Long> casesB = record(b, 3);
            ShadowRun both = awaitShadowed(b, run, 6);
            assertThat(both.shadowed()).isEqualTo(6);
            assertThat(both.differencesByType()).contains(new ShadowRun.TypeCount("WARRANTY", 6));
            List<Long> differing = onB.differences(run, "WARRANTY", 0, 50).items().stream().map(ShadowRun.Difference::caseId).toList();
            assertThat(differing).containsAll(casesA).containsAll(casesB).hasSize(6);

            // A restarts (a new instance in its place): the run goes on there too
            a.close();
            try (ConfigurableApplicationContext c = start("pgtest", url)) {
                ShadowService onC = c.getBean(ShadowService.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> onC.shadowing(run));
                record(c, 2);
                assertThat(awaitShadowed(c, run, 8).status()).isEqualTo(ShadowRun.RUNNING);
                onC.stop(run, "li.na");

                // maxCases holds across instances: 5 of the 6 cases recorded on two instances
                long limited = onC.start(primerDraft(c), null, 5L, "li.na").id();
                await().atMost(Duration.ofSeconds(10)).until(() -> onB.shadowing(limited));
                record(b, 3);
                record(c, 3);
                await().atMost(Duration.ofSeconds(30)).until(() -> onB.find(limited).status().equals(ShadowRun.STOPPED));
                ShadowRun full = onB.find(limited);
                assertThat(full.stopReason()).isEqualTo(ShadowRun.MAX_CASES);
                assertThat(full.shadowed()).isEqualTo(5);
            }
        }
    }

    @Test
    void aFullBacklogSamplesAndSaysSoWhileAnswersStayFast() throws Exception {
        String url = "--spring.datasource.url=jdbc:h2:mem:shadow_sampling;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AftersalesApplication.class)
                .web(WebApplicationType.NONE).run(url, "--aftersales.shadow.refresh=200ms", "--aftersales.shadow.queue-capacity=1",
                        "--aftersales.shadow.timeout=30s", "--aftersales.shadow.linger=0ms")) {
            ShadowService shadows = context.getBean(ShadowService.class);
            Drafts.Draft draft = context.getBean(Drafts.class).create(Map.of("rules/shadow-faults.drl",
                    ShadowRunTest.FAULTS.getBytes(java.nio.charset.StandardCharsets.UTF_8)), List.of(), "faults",
                    new Drafts.Author("author.wang", true));
            long run = shadows.start(draft.version(), null, null, "li.na").id();
            // the draft takes 6 s on this one: the shadow thread is busy, the backlog (1) fills, the rest is skipped
            recordBatch(context, "SHADOW-SLOW");
            Thread.sleep(1000);
            long t0 = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                recordBatch(context, "B2026-0601-0" + i);
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).as("4 cases recorded while the shadow is stuck").isLessThan(5000);
            await().atMost(Duration.ofSeconds(30)).until(() -> shadows.find(run).skipped() >= 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> shadows.find(run).shadowed() >= 2);
            ShadowRun sampled = shadows.find(run);
            assertThat(sampled.skipped()).isEqualTo(3);
            assertThat(sampled.shadowed()).isEqualTo(2);
            assertThat(sampled.warnings()).contains(ShadowRun.SAMPLED);
            assertThat(sampled.status()).isEqualTo(ShadowRun.RUNNING);
        }
    }

    private static void recordBatch(ConfigurableApplicationContext context, String batch) throws Exception {
        JsonMapper json = context.getBean(JsonMapper.class);
        ObjectNode c = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        c.put("externalRef", "SHADOW-SAMPLE-" + System.nanoTime() + "-" + REFS.incrementAndGet());
        c.put("batchNumber", batch);
        c.remove("findings");
        context.getBean(CaseService.class).register(json.treeToValue(c, CaseData.class), "key:crm");
    }

    private static ConfigurableApplicationContext start(String profile, String url) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE);
        if (profile != null) builder.profiles(profile);
        return builder.run(url, "--aftersales.shadow.refresh=200ms");
    }

    /** A valid draft: primers valid for 36 months instead of 24. */
    private static String primerDraft(ConfigurableApplicationContext context) {
        Drafts.Draft draft = context.getBean(Drafts.class).create(Map.of("decision-tables/validity-period.xlsx",
                        Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, 36)), List.of(), "primers 36 months",
                new Drafts.Author("author.wang", false));
        assertThat(draft.validation().valid()).isTrue();
        return draft.version();
    }

    /** Records primer cases produced 30 months before receipt (out of validity now, within it with the draft). */
    private static List<Long> record(ConfigurableApplicationContext context, int n) throws Exception {
        JsonMapper json = context.getBean(JsonMapper.class);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode c = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
            c.put("externalRef", "SHADOW-INST-" + System.nanoTime() + "-" + REFS.incrementAndGet());
            ((ObjectNode) c.get("product")).put("category", "PRIMER");
            ((ObjectNode) c.get("product")).put("code", "PR-400");
            c.put("productionDate", "2024-05-01");
            c.remove("findings");
            ids.add(context.getBean(CaseService.class).register(json.treeToValue(c, CaseData.class), "key:crm").caseId());
        }
        return ids;
    }

    private static ShadowRun awaitShadowed(ConfigurableApplicationContext context, long run, long n) {
        ShadowService shadows = context.getBean(ShadowService.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> shadows.find(run).shadowed() >= n);
        return shadows.find(run);
    }
}
