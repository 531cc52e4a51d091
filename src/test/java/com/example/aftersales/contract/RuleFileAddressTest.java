package com.example.aftersales.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rule files are addressed by their full name, slashes and all ({@code decision-tables/major-incident.xlsx}): on the API
 * as a path ({@code /files/decision-tables/…}) or a query parameter ({@code /file?path=…}), in the console by the links
 * its pages print; each answers the stored bytes, as many as the version's file list says.
 */
@WithMockUser(roles = "QUALITY_MANAGER")
@SpringBootTest // the shared context of the tests on the main database: it reads the active version as it is
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RuleFileAddressTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;

    @Test
    @DisplayName("A rule file by its full name: the path form, the ?path= form and the console's link give the listed bytes")
    void byFullName() throws Exception {
        JsonNode active = json.readTree(mvc.perform(get("/api/rulesets/active")).andReturn().getResponse().getContentAsString());
        String version = active.path("version").asString();
        assertThat(active.path("files").size()).isGreaterThan(5);
        for (JsonNode file : active.path("files")) {
            String name = file.path("name").asString();
            long size = file.path("size").asLong();
            byte[] byPath = mvc.perform(get("/api/rulesets/" + version + "/files/" + name)).andReturn().getResponse().getContentAsByteArray();
            byte[] byQuery = mvc.perform(get("/api/rulesets/" + version + "/file").param("path", name)).andReturn().getResponse().getContentAsByteArray();
            assertThat(byPath).as(name).hasSize((int) size);
            assertThat(byQuery).as(name).isEqualTo(byPath);
        }
        var missing = mvc.perform(get("/api/rulesets/" + version + "/file").param("path", "decision-tables/none.xlsx")).andReturn().getResponse();
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getContentType()).startsWith("application/problem+json");

        String page = mvc.perform(get("/console/rulesets/" + version)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        Matcher link = Pattern.compile("href=\"(/console/rulesets/" + version + "/files/decision-tables/major-incident\\.xlsx)\"").matcher(page);
        assertThat(link.find()).as("the console links the file by its full name, slash unencoded").isTrue();
        byte[] fromConsole = mvc.perform(get(link.group(1))).andReturn().getResponse().getContentAsByteArray();
        assertThat(fromConsole).isEqualTo(mvc.perform(get("/api/rulesets/" + version + "/file")
                .param("path", "decision-tables/major-incident.xlsx")).andReturn().getResponse().getContentAsByteArray());
    }
}
