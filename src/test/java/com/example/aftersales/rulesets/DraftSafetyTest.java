package com.example.aftersales.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.Workbooks;
import com.example.aftersales.BothDatabases;

/**
 * A quality manager's spreadsheet is data: code typed into a cell is refused at its cell as a value of the wrong type;
 * rule code (DRL, table definitions) is refused unless a rule author uploads it, before it is read; what is uploaded
 * downloads byte for byte. On PostgreSQL too ({@link BothDatabases} on the method): that nothing is stored of a refused
 * upload, and that what is stored downloads byte for byte; the other checks are the validation's, before and apart
 * from any statement (drafts are stored as in RulesetApiTest and RulesetLifecycleTest, which run on both).
 */
@WithMockUser(username = "manager", roles = "QUALITY_MANAGER")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DraftSafetyTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;

    @Test
    void codeInjectedIntoACellIsRefusedAtItsCell() throws Exception {
        JsonNode draft = draft(new MockMultipartFile("files", "validity-period.xlsx", "application/octet-stream",
                Workbooks.withCell("decision-tables/validity-period.xlsx", 9, 1, "\"); System.exit(1); //")));
        assertThat(draft.at("/validation/valid").asBoolean()).isFalse();
        assertThat(draft.at("/validation/errors").toString())
                .contains("\"file\":\"decision-tables/validity-period.xlsx\"", "\"sheet\":\"Validity\"", "\"row\":10", "\"column\":\"B\"");
    }

    @Test
    @BothDatabases
    void aQualityManagersUploadOfRuleCodeIsRefusedBeforeItIsReadAndNothingIsStored() throws Exception {
        int versions = json.readTree(mvc.perform(get("/api/rulesets")).andReturn().getResponse().getContentAsString()).size();
        for (MockMultipartFile code : new MockMultipartFile[] {
                new MockMultipartFile("files", "notices.drl", "text/plain", "package aftersales.policy;\n".getBytes(StandardCharsets.UTF_8)),
                new MockMultipartFile("files", "major-incident.table.yaml", "text/plain", "rule: x".getBytes(StandardCharsets.UTF_8))}) {
            mvc.perform(multipart("/api/rulesets/drafts").file(code))
                    .andExpect(status().isForbidden())
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                            .contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.files[0]")
                            .value(org.hamcrest.Matchers.startsWith("rules/")));
        }
        assertThat(json.readTree(mvc.perform(get("/api/rulesets")).andReturn().getResponse().getContentAsString()).size())
                .as("nothing stored").isEqualTo(versions);
    }

    @Test
    @WithMockUser(username = "author", roles = "RULE_AUTHOR")
    void aRuleAuthorsDraftMayChangeRuleCode() throws Exception {
        JsonNode drl = draft(new MockMultipartFile("files", "notices.drl", "text/plain",
                RulesetLifecycleTest.HARMLESS_RULE.getBytes(StandardCharsets.UTF_8)));
        assertThat(drl.at("/validation/valid").asBoolean()).as(drl.toString()).isTrue();
        assertThat(drl.at("/validation/warnings").toString()).contains("rule code, not only data: rules/notices.drl");
        mvc.perform(get("/api/rulesets/" + drl.get("version").asString()))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.createdBy").value("author"));
    }

    @Test
    @WithMockUser(username = "author", roles = "RULE_AUTHOR")
    @DisplayName("a second place stating the major-incident threshold differently is refused, naming both places")
    void theSameThresholdStatedDifferentlyInTwoPlacesIsRefused() throws Exception {
        String secondThreshold = """
                package aftersales.policy;
                import com.example.aftersales.policy.facts.*;

                rule "Major incident: a lower threshold"
                    @clause("P15")
                when
                    CaseFacts()
                then
                    insert( new MajorIncidentThreshold( kcontext, 10000 ) );
                end
                """;
        JsonNode draft = draft(new MockMultipartFile("files", "lower-threshold.drl", "text/plain",
                secondThreshold.getBytes(StandardCharsets.UTF_8)));
        assertThat(draft.at("/validation/valid").asBoolean()).isFalse();
        assertThat(draft.at("/validation/errors").toString()).contains(
                "the major-incident threshold as CNY 20,000", "states it as CNY 10,000",
                "decision-tables/major-incident.xlsx", "rules/lower-threshold.drl");
    }

    @Test
    @DisplayName("a zip bomb disguised as a workbook is refused at its file, and nothing is activated")
    void aZipBombIsRefused() throws Exception {
        byte[] bomb = Workbooks.zipBomb(Files.readAllBytes(Path.of("decision-tables/validity-period.xlsx")), 300);
        assertThat(bomb.length).as("small on the wire").isLessThan(2 * 1024 * 1024);
        JsonNode draft = draft(new MockMultipartFile("files", "validity-period.xlsx", "application/octet-stream", bomb));
        assertThat(draft.at("/validation/valid").asBoolean()).isFalse();
        assertThat(draft.at("/validation/errors/0/file").asString()).isEqualTo("decision-tables/validity-period.xlsx");
        assertThat(draft.at("/validation/errors/0/message").asString()).containsIgnoringCase("zip bomb");
    }

    @Test
    @BothDatabases
    void anUploadedWorkbookDownloadsByteForByte() throws Exception {
        byte[] uploaded = Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 19000);
        JsonNode draft = draft(new MockMultipartFile("files", "major-incident.xlsx", "application/octet-stream", uploaded));
        byte[] downloaded = mvc.perform(get("/api/rulesets/" + draft.get("version").asString()
                        + "/files/decision-tables/major-incident.xlsx"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(downloaded).isEqualTo(uploaded);
    }

    private JsonNode draft(MockMultipartFile file) throws Exception {
        return json.readTree(mvc.perform(multipart("/api/rulesets/drafts").file(file))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
    }
}
