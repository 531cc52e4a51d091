package com.example.aftersales.imports.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import com.example.aftersales.BothDatabases;

/**
 * Imports as jobs: a file over {@code sync-max-rows} (50 here) answers 202 with the job's Location, its progress and
 * then its report; one running import per person (409 in words), cancellable (it stops, the rows recorded are kept);
 * a job whose instance stopped is reported INTERRUPTED. Its own database; on H2 and in the PostgreSQL run.
 */
@BothDatabases
@SpringBootTest(properties = {"aftersales.test.database=imports", "aftersales.import.sync-max-rows=50",
        "aftersales.import.threads=2"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ImportJobTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    ImportJobs jobs;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private final RequestPostProcessor analyst = user("analyst-" + run).roles("ANALYST");

    @Test
    @DisplayName("POST /api/cases/import of a file over sync-max-rows answers 202 + Location; the job ends SUCCEEDED with the report")
    void largeFileBecomesAJob() throws Exception {
        String location = mvc.perform(multipart("/api/cases/import").file(csv("LARGE", 60)).with(analyst))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", startsWith("/api/imports/")))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.total").value(60))
                .andReturn().getResponse().getHeader("Location");
        JsonNode done = awaitEnd(location);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("done").asInt()).isEqualTo(60);
        assertThat(done.get("imported").asInt()).isEqualTo(60);
        assertThat(done.get("requestedBy").asString()).isEqualTo("analyst-" + run);
        assertThat(done.get("report").get("imported").asInt()).isEqualTo(60);
        assertThat(done.get("report").get("importedCases")).hasSize(60);
        assertThat(recorded("LARGE")).isEqualTo(60);

        // a small file is still answered with its report at once (DESIGN.md's contract)
        mvc.perform(multipart("/api/cases/import").file(csv("SMALL", 5)).with(analyst))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(5));
    }

    @Test
    @DisplayName("One running import per person: a second is refused 409 in words; cancelled, the job stops and keeps its rows")
    void oneAtATimeAndCancel() throws Exception {
        String location = mvc.perform(multipart("/api/imports").file(csv("BIG", 20_000)).with(analyst))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getHeader("Location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));

        mvc.perform(multipart("/api/imports").file(csv("SECOND", 3)).with(analyst).header("Accept-Language", "en"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("An import is running"))
                .andExpect(jsonPath("$.detail").value("Your import " + id + " is still running: one import at a time per"
                        + " person. Wait until it ends (GET /api/imports/" + id + ") or cancel it (DELETE /api/imports/" + id + ")."))
                .andExpect(jsonPath("$.running").value(location));
        mvc.perform(multipart("/api/cases/import").file(csv("SECOND", 3)).with(analyst).header("Accept-Language", "zh-CN"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("已有导入在进行"));
        assertThat(recorded("SECOND")).isZero();

        // someone else imports meanwhile
        JsonNode other = awaitEnd(mvc.perform(multipart("/api/imports").file(csv("OTHER", 3))
                        .with(user("other-" + run).roles("ANALYST")))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location"));
        assertThat(other.get("status").asString()).isEqualTo("SUCCEEDED");

        await().atMost(Duration.ofSeconds(60)).until(() -> recorded("BIG") > 0);
        mvc.perform(delete(location).with(analyst))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"));
        JsonNode cancelled = await().atMost(Duration.ofSeconds(30)).until(() -> job(location), j -> !j.get("report").isNull());
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        long kept = recorded("BIG");
        Thread.sleep(1_500);
        assertThat(recorded("BIG")).as("nothing recorded after the job stopped").isEqualTo(kept);
        assertThat(kept).as("stopped before the end").isLessThan(20_000);
        assertThat(cancelled.get("report").get("imported").asLong()).isEqualTo(kept);
        assertThat(cancelled.get("imported").asLong()).isEqualTo(kept);

        // the person may import again
        assertThat(awaitEnd(mvc.perform(multipart("/api/imports").file(csv("AGAIN", 3)).with(analyst))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location")).get("status").asString())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    @DisplayName("A job whose instance stopped (its lease ran out) is reported INTERRUPTED, saying how to complete it")
    void interrupted() throws Exception {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        OffsetDateTime long_ago = OffsetDateTime.now().minusMinutes(10);
        jdbc.sql("""
                        insert into import_job (status, requested_by, running_by, total, done, imported, skipped, rejected,
                                                owner, lease_until, created_at)
                        values ('RUNNING', ?, ?, 500, 120, 120, 0, 0, 'a-stopped-instance', ?, ?)""")
                .params("gone-" + run, "gone-" + run, long_ago, long_ago).update(keys, "id");
        long id = ((Number) keys.getKeys().get("id")).longValue();
        jobs.keepLeases();
        mvc.perform(get("/api/imports/" + id).with(analyst).header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("INTERRUPTED"))
                .andExpect(jsonPath("$.imported").value(120))
                .andExpect(jsonPath("$.message").value(startsWith("The service stopped while this import ran.")));
        assertThat(jdbc.sql("select running_by from import_job where id = ?").param(id).query(String.class).optional())
                .as("the person may import again").isEmpty();
        mvc.perform(get("/api/imports/999999").with(analyst).header("Accept-Language", "en"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no import 999999."));
    }

    private JsonNode awaitEnd(String location) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> job(location), j -> !"RUNNING".equals(j.get("status").asString()));
    }

    private JsonNode job(String location) throws Exception {
        return json.readTree(mvc.perform(get(location).with(analyst)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    private long recorded(String name) {
        return jdbc.sql("select count(*) from aftersales_case where external_ref like ?")
                .param("JOB-" + run + "-" + name + "-%").query(Long.class).single();
    }

    /** {@code rows} good cases (no findings: quick to evaluate), received a minute apart. */
    private MockMultipartFile csv(String name, int rows) {
        StringBuilder csv = new StringBuilder("externalRef,receivedAt,channel,customerName,customerProvince,unitCode,"
                + "unitProvince,productCode,productCategory,regulated,batchNumber,productionDate,productionSite,quantity,"
                + "problemCategory,remoteReplyPossible\n");
        OffsetDateTime at = OffsetDateTime.parse("2025-03-01T08:00:00+08:00");
        for (int i = 0; i < rows; i++) {
            csv.append("JOB-").append(run).append('-').append(name).append('-').append(i).append(',')
                    .append(at.plusMinutes(i)).append(",MARKETING_BRANCH,Xiangtan Mining Co.,Hunan,SUB-01,Hunan,EX-200,")
                    .append("EMULSION_EXPLOSIVE,true,B1,2025-01-10,SITE-A,10,PACKAGING,true\n");
        }
        return new MockMultipartFile("file", "cases.csv", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
