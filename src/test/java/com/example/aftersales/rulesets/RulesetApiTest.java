package com.example.aftersales.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.BothDatabases;

/** The files the service started with are a stored version; its files download byte for byte. */
@BothDatabases
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RulesetApiTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    PolicyEngine engine;

    @Test
    void theStartingFilesAreTheActiveVersion() throws Exception {
        String version = RuleFiles.load(Path.of(".")).version();
        assertThat(engine.active().version()).isEqualTo(version);
        mvc.perform(get("/api/rulesets/active"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(version))
                .andExpect(jsonPath("$.active").value(true))
                .andExpect(jsonPath("$.files[?(@.name == 'decision-tables/approval-authority.xlsx')]").exists());
        mvc.perform(get("/api/rulesets")).andExpect(jsonPath("$[?(@.version == '" + version + "')].origin").value("FILES"));
    }

    @Test
    void aDownloadedFileIsByteIdenticalToTheFileThatRuns() throws Exception {
        String version = engine.active().version();
        for (String name : new String[] {"decision-tables/approval-authority.xlsx", "rules/remedy.drl"}) {
            byte[] downloaded = mvc.perform(get("/api/rulesets/" + version + "/files/" + name))
                    .andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsByteArray();
            assertThat(downloaded).isEqualTo(Files.readAllBytes(Path.of(name)));
        }
        mvc.perform(get("/api/rulesets/" + version + "/files/rules/nothing.drl")).andExpect(status().isNotFound());
        mvc.perform(get("/api/rulesets/" + "0".repeat(64))).andExpect(status().isNotFound());
    }
}
