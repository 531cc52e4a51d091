package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.AftersalesApplication;

/** The embedded default keeps its records in a file: a restarted service still has every case and evaluation. */
class RestartKeepsCasesTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedServiceStillHasTheCase() throws Exception {
        String url = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("aftersales")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
        long id;
        CaseViews.CaseResult recorded;
        try (ConfigurableApplicationContext first = start(url)) {
            CaseData data = first.getBean(JsonMapper.class)
                    .readValue(Files.readString(Path.of("docs/examples/case.json")), CaseData.class);
            recorded = first.getBean(CaseService.class).register(data, "test");
            id = recorded.caseId();
        }
        try (ConfigurableApplicationContext second = start(url)) {
            CaseViews.CaseHistory history = second.getBean(CaseService.class).find(id);
            assertThat(history.caseData()).isEqualTo(recorded.caseData());
            assertThat(history.evaluations()).hasSize(1);
            assertThat(history.evaluations().get(0).decisions()).isEqualTo(recorded.evaluation().decisions());
            assertThat(history.evaluations().get(0).rulesetVersion()).isEqualTo(recorded.evaluation().rulesetVersion());
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE).run(url);
    }
}
