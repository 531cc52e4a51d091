package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
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

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.PostgresTestDatabase;

/**
 * PostgreSQL goes away under the running service (connections denied and the open ones terminated): requests answer
 * 503 problem+json with Retry-After, nothing is half-written, and once the database is back the service records
 * cases again by itself. Its own database, so that other tests' connections are not cut.
 */
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("pgtest")
class DatabaseOutageTest {

    private static String database;

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        String url = PostgresTestDatabase.fresh("outage");
        database = url.substring(url.lastIndexOf('/') + 1);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
    }

    @AfterEach
    void allowConnections() {
        PostgresTestDatabase.admin("alter database " + database + " allow_connections true");
    }

    @Test
    @DisplayName("Database down: 503 with Retry-After and nothing recorded; database back: 201 without a restart")
    void answers503AndRecovers() throws Exception {
        long recorded = register(example()).andExpect(status().isCreated()).andReturn().getResponse()
                .getHeader("Location").transform(l -> Long.parseLong(l.substring(l.lastIndexOf('/') + 1)));

        PostgresTestDatabase.admin("alter database " + database + " allow_connections false",
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");

        ObjectNode during = example();
        register(during)
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/cases/" + recorded))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"));

        PostgresTestDatabase.admin("alter database " + database + " allow_connections true");

        Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                mvc.perform(get("/api/cases/" + recorded)).andExpect(status().isOk()));
        assertThat(jdbc.sql("select count(*) from aftersales_case where external_ref = ?")
                .param(during.get("externalRef").asString()).query(Long.class).single())
                .as("the request answered 503 recorded nothing").isZero();
        register(during).andExpect(status().isCreated());
        assertThat(jdbc.sql("select count(*) from evaluation e join aftersales_case c on c.id = e.case_id where c.external_ref = ?")
                .param(during.get("externalRef").asString()).query(Long.class).single()).isEqualTo(1);
    }

    private org.springframework.test.web.servlet.ResultActions register(ObjectNode data) throws Exception {
        return mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()));
    }

    private ObjectNode example() throws Exception {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "OUTAGE-" + UUID.randomUUID());
        return data;
    }
}
