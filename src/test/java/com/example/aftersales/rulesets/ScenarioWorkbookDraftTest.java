package com.example.aftersales.rulesets;

import static com.example.aftersales.rulesets.ScenarioWorkbooks.FIRST;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.NAME;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.cell;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.copyRow;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.edit;
import static com.example.aftersales.rulesets.ScenarioWorkbooks.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.SharedContext;
import com.example.aftersales.Workbooks;

/** A quality manager's scenario workbook in a draft: its rows validated one by one, a failing row accepted in place. */
@SharedContext
class ScenarioWorkbookDraftTest {

    private static final RequestPostProcessor MANAGER = user("li.na").roles("QUALITY_MANAGER");

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;

    @Test
    void aDraftWithAnEditedScenarioWorkbookIsValidatedRowByRow() throws Exception {
        byte[] edited = edit(shipped(), sheet -> {
            cell(sheet, FIRST + 1, "receivedAt").setCellValue("yesterday");
            copyRow(sheet, FIRST, FIRST + 4);
            cell(sheet, FIRST + 4, "id").setCellValue("QD-05");
            cell(sheet, FIRST + 4, "expect").setCellValue("WARRANTY=EXPIRED");
        });
        JsonNode draft = draft(file("quality-department.scenarios.xlsx", edited));
        assertThat(draft.at("/validation/valid").asBoolean()).isFalse();
        assertThat(draft.at("/validation/errors")).isEmpty();
        assertThat(draft.at("/validation/warnings").toString()).as("scenarios are data").doesNotContain("rule code");
        Map<String, JsonNode> failures = failures(draft);
        assertThat(failures).containsOnlyKeys(NAME + "#QD-02", NAME + "#QD-05");
        assertThat(failures.get(NAME + "#QD-02").at("/problems/0").asString())
                .isEqualTo(NAME + ", sheet Scenarios, row 11, column D (receivedAt): not a date-time with offset such as 2026-11-20T09:30:00+08:00");
        assertThat(failures.get(NAME + "#QD-05").at("/problems").toString()).contains("expected WARRANTY = EXPIRED, not decided");

        byte[] stored = mvc.perform(get("/api/rulesets/" + draft.get("version").asString() + "/files/" + NAME).with(MANAGER))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(stored).isEqualTo(edited);
    }

    @Test
    void aFailingRowAcceptedHasItsExpectationRewrittenInPlaceAndTheNewDraftIsValid() throws Exception {
        byte[] workbook = edit(shipped(), sheet -> {
            copyRow(sheet, FIRST, FIRST + 4);
            cell(sheet, FIRST + 4, "id").setCellValue("QD-05");
            cell(sheet, FIRST + 4, "title").setCellValue("19,000 CNY is not a major incident.");
            cell(sheet, FIRST + 4, "directLossCny").setCellValue(19000);
            cell(sheet, FIRST + 4, "expect").setCellValue("SATISFACTION_CALL=REQUIRED @ rules/follow-up.drl");
            cell(sheet, FIRST + 4, "absent").setCellValue("MAJOR_INCIDENT");
            cell(sheet, FIRST + 4, "notes").setCellValue("Written by QD.");
        });
        JsonNode draft = json.readTree(mvc.perform(multipart("/api/rulesets/drafts").with(MANAGER)
                        .file(file("quality-department.scenarios.xlsx", workbook))
                        .file(file("major-incident.xlsx", Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 10000)))
                        .param("comment", "P15 at 10,000 CNY"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        assertThat(failures(draft)).containsOnlyKeys("scenarios/p15-no-major-incident-19999-99.yaml", NAME + "#QD-05");

        JsonNode accepted = json.readTree(mvc.perform(post("/api/rulesets/" + draft.get("version").asString() + "/scenarios/accept")
                        .with(MANAGER).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scenarios\": [\"" + NAME + "#QD-05\", \"scenarios/p15-no-major-incident-19999-99.yaml\"],"
                                + " \"comment\": \"QD decided on 10,000 CNY\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
        assertThat(accepted.at("/validation/valid").asBoolean()).as(accepted.toString()).isTrue();
        assertThat(accepted.get("comment").asString()).contains(NAME + "#QD-05", "QD decided on 10,000 CNY");

        byte[] rewritten = mvc.perform(get("/api/rulesets/" + accepted.get("version").asString() + "/files/" + NAME).with(MANAGER))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        Map<String, String> before = ScenarioWorkbooks.cells(workbook);
        Map<String, String> after = ScenarioWorkbooks.cells(rewritten);
        assertThat(after.get("Scenarios!AD14")).contains("MAJOR_INCIDENT=REPORT_TO_LEADERS @ 较大以上质量事故：直接损失达到起点 / Major incident: direct loss at or above the threshold",
                "SATISFACTION_CALL=REQUIRED @ rules/follow-up.drl");
        assertThat(after.get("Scenarios!AE14")).as("no longer absent").isNullOrEmpty();
        assertThat(after.get("Scenarios!AF14")).startsWith("Written by QD.\n").contains("by li.na: QD decided on 10,000 CNY");
        Map<String, String> rest = new HashMap<>(after);
        rest.keySet().removeAll(java.util.List.of("Scenarios!AD14", "Scenarios!AE14", "Scenarios!AF14"));
        Map<String, String> restBefore = new HashMap<>(before);
        restBefore.keySet().removeAll(java.util.List.of("Scenarios!AD14", "Scenarios!AE14", "Scenarios!AF14"));
        assertThat(rest).as("every other cell as it was").isEqualTo(restBefore);
    }

    private Map<String, JsonNode> failures(JsonNode draft) {
        Map<String, JsonNode> failures = new HashMap<>();
        draft.at("/validation/scenarioFailures").forEach(f -> failures.put(f.get("scenario").asString(), f));
        return failures;
    }

    private static MockMultipartFile file(String name, byte[] content) {
        return new MockMultipartFile("files", name, "application/octet-stream", content);
    }

    private JsonNode draft(MockMultipartFile file) throws Exception {
        return json.readTree(mvc.perform(multipart("/api/rulesets/drafts").file(file).with(MANAGER).param("comment", "QD scenarios"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
    }
}
