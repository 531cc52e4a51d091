package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import com.example.aftersales.BothDatabases;

/**
 * A rule that never stops and a rule that throws: each answers 422 naming the rule, and nothing is recorded.
 * The shipped rules plus two bad ones, in a folder of this test's own.
 */
@BothDatabases
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RuleFailureApiTest {

    private static final String BAD_RULES = """
            package aftersales.policy;
            import com.example.aftersales.policy.facts.*;

            rule "Faulty: calls for a satisfaction call again and again"
            when
                CaseFacts( problemCategory == "LOOP" )
                Decision( type == "SATISFACTION_CALL" )
            then
                insert( Decision.of( kcontext, "SATISFACTION_CALL", "REQUIRED", "again" ) );
            end

            rule "Faulty: divides by zero"
            when
                CaseFacts( problemCategory == "THROW", $q : quantity )
            then
                insert( Decision.of( kcontext, "BROKEN", String.valueOf( $q / 0 ), "never" ) );
            end
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void rules(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("rules-with-faults");
        copy(Path.of("rules"), dir.resolve("rules"));
        copy(Path.of("decision-tables"), dir.resolve("decision-tables"));
        Files.writeString(dir.resolve("rules/faulty.drl"), BAD_RULES);
        registry.add("aftersales.rules.base-dir", dir::toString);
        registry.add("aftersales.rules.max-firings", () -> "200");
        registry.add("aftersales.test.database", () -> "rule_failures");
    }

    @Test
    void aRunawayRuleAnswers422AndRecordsNothing() throws Exception {
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(caseWithProblem("LOOP")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("more than 200 rules")))
                .andExpect(jsonPath("$.rules[0]").value("Faulty: calls for a satisfaction call again and again"));
        assertThat(jdbc.sql("select count(*) from aftersales_case").query(Long.class).single()).isZero();
    }

    @Test
    void aRuleThatThrowsAnswers422NamingItAndRecordsNothing() throws Exception {
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(caseWithProblem("THROW")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.rule").value("Faulty: divides by zero"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Faulty: divides by zero")));
        assertThat(jdbc.sql("select count(*) from aftersales_case").query(Long.class).single()).isZero();
    }

    @Test
    void otherCasesAreDecidedAsUsual() throws Exception {
        mvc.perform(post("/api/evaluate").contentType(MediaType.APPLICATION_JSON).content(caseWithProblem("MISFIRE")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'SATISFACTION_CALL')].value").value("REQUIRED"));
    }

    private static String caseWithProblem(String problem) throws IOException {
        return Files.readString(Path.of("docs/examples/case.json")).replace("\"MISFIRE\"", "\"" + problem + "\"");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            files.forEach(f -> {
                try {
                    Files.copy(f, to.resolve(f.getFileName().toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
