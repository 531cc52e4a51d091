package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.bench.HttpLoad;
import com.example.aftersales.cases.CaseViews.CaseResult;

/**
 * The benchmark switch aftersales.bench.skip-rules: what it records instead of the rules' decisions. In a database of
 * its own, so that no other test meets these records.
 */
@SpringBootTest(properties = {"aftersales.bench.skip-rules=true",
        "spring.datasource.url=jdbc:h2:mem:bench-skip-rules;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"})
@ActiveProfiles("test")
class BenchSkipRulesTest {

    @Autowired
    CaseService service;
    @Autowired
    JsonMapper json;

    @Test
    @DisplayName("With skip-rules, cases after the first evaluated one with findings get its decisions, marked as not from the rules")
    void skipsTheRules() {
        SplittableRandom random = new SplittableRandom(5);
        CaseResult first = null;
        CaseResult later = null;
        while (later == null) {
            CaseData data = json.readValue(HttpLoad.randomCase(random, UUID.randomUUID().toString()), CaseData.class);
            CaseResult result = service.register(data, "test");
            if (first == null) {
                if (data.findings() != null) {
                    first = result;
                    assertThat(first.evaluation().rulesetVersion()).isNotEqualTo(CaseService.SKIPPED_RULES);
                }
            } else if (!data.equals(first.caseData())) {
                later = result;
            }
        }
        assertThat(later.evaluation().rulesetVersion()).isEqualTo(CaseService.SKIPPED_RULES);
        assertThat(later.evaluation().decisions()).isEqualTo(first.evaluation().decisions());
        assertThat(service.find(later.caseId()).evaluations().get(0).rulesetVersion()).isEqualTo(CaseService.SKIPPED_RULES);
    }
}
