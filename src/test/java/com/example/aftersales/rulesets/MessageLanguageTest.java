package com.example.aftersales.rulesets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.ShippedDefaultLanguage;
import com.example.aftersales.Workbooks;
import com.example.aftersales.policy.RuleFiles;

/**
 * Validation reports, scenario failures and problem+json in the language asked for ({@code Accept-Language}), Chinese
 * when none is asked for (the shipped default, read from application.properties); both languages in every report;
 * reports stored before there was Chinese still read, in English.
 */
@WithMockUser(username = "li.na", roles = "ADMIN")
@SpringBootTest(properties = "aftersales.test.database=language")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class MessageLanguageTest extends ShippedDefaultLanguage {

    private static final String APPROVAL = "decision-tables/approval-authority.xlsx";
    private static final String NOT_MONEY_ZH = "“abc”不是金额（元），此列需要金额";
    private static final String NOT_MONEY_EN = "'abc' is not an amount in CNY, which this column needs";

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    RulesetStore store;
    @Autowired
    Drafts drafts;

    private final String shipped = RuleFiles.load(Path.of(".")).version();

    @AfterEach
    void backToTheShippedRules() {
        store.activate(shipped, "test over", "test");
    }

    @Test
    void aBrokenCellIsReportedInChineseAndInEnglishAsAsked() throws Exception {
        MockMultipartFile broken = workbook(Workbooks.withCell(APPROVAL, 10, 2, "abc"));

        JsonNode zh = json.readTree(upload(broken, "zh-CN,zh;q=0.9").andExpect(status().isCreated()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8)).at("/validation/errors/0");
        assertThat(zh.get("file").asString()).isEqualTo(APPROVAL);
        assertThat(zh.get("sheet").asString()).isEqualTo("Authority");
        assertThat(zh.get("row").asInt()).isEqualTo(11);
        assertThat(zh.get("column").asString()).isEqualTo("C");
        assertThat(zh.get("message").asString()).isEqualTo(NOT_MONEY_ZH);
        assertThat(zh.at("/messages/zh").asString()).isEqualTo(NOT_MONEY_ZH);
        assertThat(zh.at("/messages/en").asString()).isEqualTo(NOT_MONEY_EN);

        // the same files again answer the report as stored: read back, in the language asked for
        JsonNode en = json.readTree(upload(broken, "en").andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(en.at("/validation/errors/0/message").asString()).isEqualTo(NOT_MONEY_EN);
        assertThat(en.at("/validation/errors/0/column").asString()).isEqualTo("C");
        JsonNode none = json.readTree(upload(broken, null).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(none.at("/validation/errors/0/message").asString()).as("Chinese unless asked otherwise").isEqualTo(NOT_MONEY_ZH);
    }

    @Test
    void droolsOwnWordsAreOnlyTheDetail() throws Exception {
        MockMultipartFile drl = new MockMultipartFile("files", "broken.drl", "text/plain", """
                package aftersales.policy;
                import com.example.aftersales.policy.facts.*;
                rule "Broken: no such fact"
                when
                    NoSuchFact()
                then
                end
                """.getBytes(StandardCharsets.UTF_8));
        JsonNode error = json.readTree(upload(drl, "zh-CN").andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                .at("/validation/errors/0");
        assertThat(error.get("file").asString()).isEqualTo("rules/broken.drl");
        assertThat(error.get("line").asInt()).isPositive();
        assertThat(error.get("message").asString()).isEqualTo("此处的规则代码无法编译；编译器的原文见技术细节");
        assertThat(error.at("/messages/en").asString()).doesNotContain("NoSuchFact");
        assertThat(error.get("detail").asString()).contains("NoSuchFact");
    }

    @Test
    void aScenarioFailureIsSaidInBothLanguages() throws Exception {
        JsonNode failure = json.readTree(upload(workbook("decision-tables/major-incident.xlsx", 9, 2, 10000), "zh-CN")
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8)).at("/validation/scenarioFailures/0");
        assertThat(failure.get("scenario").asString()).isEqualTo("scenarios/p15-no-major-incident-19999-99.yaml");
        assertThat(failure.at("/problems/0").asString()).startsWith("不应有 MAJOR_INCIDENT，但得到了来自 decision-tables/major-incident.xlsx");
        assertThat(failure.at("/problemMessages/0/en").asString()).startsWith("expected no MAJOR_INCIDENT, but got MAJOR_INCIDENT = ");
        assertThat(failure.at("/problemMessages/0/zh").asString()).isEqualTo(failure.at("/problems/0").asString());
    }

    @Test
    void aReportStoredBeforeThereWasChineseStillReadsInEnglish() throws Exception {
        byte[] bytes = Workbooks.withCell(APPROVAL, 10, 2, "old");
        String version = store.store(store.activeFiles().with(Map.of(APPROVAL, bytes), java.util.List.of()), "DRAFT", "stored long ago", """
                {"valid": false,
                 "errors": [{"file": "decision-tables/approval-authority.xlsx", "sheet": "Authority", "row": 11, "column": "C",
                             "line": null, "message": "'old' is not an amount in CNY, which this column needs"}],
                 "scenarioFailures": [{"scenario": "scenarios/x.yaml", "title": "X", "problems": ["expected WARRANTY, not decided"]}],
                 "warnings": ["no scenarios: the draft's decisions were not checked"]}""", "test");

        Drafts.Validation stored = drafts.validationOf(version).orElseThrow();
        assertThat(stored.errors()).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("'old' is not an amount in CNY, which this column needs");
            assertThat(e.column()).isEqualTo("C");
        });
        assertThat(stored.scenarioFailures().get(0).problems()).containsExactly("expected WARRANTY, not decided");
        assertThat(stored.warnings()).containsExactly("no scenarios: the draft's decisions were not checked");

        JsonNode zh = json.readTree(upload(workbook(bytes), "zh-CN").andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(zh.get("version").asString()).isEqualTo(version);
        assertThat(zh.at("/validation/errors/0/message").asString()).isEqualTo("'old' is not an amount in CNY, which this column needs");
        assertThat(zh.at("/validation/errors/0/row").asInt()).isEqualTo(11);
        assertThat(zh.at("/validation/scenarioFailures/0/problems/0").asString()).isEqualTo("expected WARRANTY, not decided");
        assertThat(zh.at("/validation/warnings/0").asString()).isEqualTo("no scenarios: the draft's decisions were not checked");

        String page = mvc.perform(get("/console/rulesets/" + version).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("校验", "C11", "&#39;old&#39; is not an amount in CNY");
    }

    @Test
    void theConsoleShowsTheReportInItsLanguageWithTheDetailForRuleAuthors() throws Exception {
        String version = json.readTree(upload(workbook(Workbooks.withCell(APPROVAL, 10, 2, "abc")), "en")
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("version").asString();
        String zh = mvc.perform(get("/console/rulesets/" + version).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(zh).contains(NOT_MONEY_ZH).doesNotContain("is not an amount");
        String en = mvc.perform(get("/console/rulesets/" + version).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(en).contains("&#39;abc&#39; is not an amount in CNY").doesNotContain(NOT_MONEY_ZH);

        String refused = mvc.perform(multipart("/console/rulesets/drafts")
                        .file(new MockMultipartFile("files", "notes.txt", "text/plain", new byte[] {1}))
                        .with(csrf()).header("Accept-Language", "zh-CN"))
                .andExpect(status().isUnprocessableContent()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("id=\"rule-errors\"", "notes.txt", "不是规则文件：").doesNotContain("not a rule file");
    }

    @Test
    void problemsAnswerInTheLanguageAsked() throws Exception {
        String unknown = "0".repeat(64);
        JsonNode zh = problem(get("/api/rulesets/" + unknown), "zh-CN", 404);
        assertThat(zh.get("title").asString()).isEqualTo("未找到规则集版本");
        assertThat(zh.get("detail").asString()).isEqualTo("没有保存版本为 " + unknown + " 的规则集。");
        JsonNode en = problem(get("/api/rulesets/" + unknown), "en", 404);
        assertThat(en.get("title").asString()).isEqualTo("Ruleset not found");
        assertThat(en.get("detail").asString()).isEqualTo("No ruleset version " + unknown + " is stored.");
        assertThat(problem(get("/api/rulesets/" + unknown), null, 404).get("title").asString()).isEqualTo("未找到规则集版本");

        JsonNode json400 = problem(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content("{\"externalRef\": "), "zh-CN", 400);
        assertThat(json400.get("title").asString()).isEqualTo("请求无效");
        assertThat(json400.get("detail").asString()).startsWith("请求体不是有效的 JSON：");

        JsonNode wrongType = problem(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content("{\"quantity\": \"many\"}"), "zh-CN", 400);
        assertThat(wrongType.get("detail").asString()).isEqualTo("字段 quantity 的值类型不对。");
        assertThat(wrongType.at("/errors/0/field").asString()).isEqualTo("quantity");
        assertThat(wrongType.at("/errors/0/message").asString()).isEqualTo("必须是整数");

        MockMultipartHttpServletRequestBuilder notARuleFile = multipart("/api/rulesets/drafts")
                .file(new MockMultipartFile("files", "notes.txt", "text/plain", new byte[] {1}));
        JsonNode compile = problem(notARuleFile, "zh-CN", 422);
        assertThat(compile.get("title").asString()).isEqualTo("规则无法编译");
        assertThat(compile.get("detail").asString()).isEqualTo("规则文件中有 1 个错误；每个错误都标明了文件及单元格或行号。");
        assertThat(compile.at("/errors/0/file").asString()).isEqualTo("notes.txt");
        assertThat(compile.at("/errors/0/message").asString()).startsWith("不是规则文件：");
        assertThat(compile.at("/errors/0/messages/en").asString()).startsWith("not a rule file:");
    }

    private org.springframework.test.web.servlet.ResultActions upload(MockMultipartFile file, String language) throws Exception {
        MockMultipartHttpServletRequestBuilder request = multipart("/api/rulesets/drafts").file(file);
        if (language != null) request.header("Accept-Language", language);
        return mvc.perform(request.param("comment", "language test"));
    }

    private JsonNode problem(AbstractMockHttpServletRequestBuilder<?> request, String language, int status) throws Exception {
        if (language != null) request.header("Accept-Language", language);
        var response = mvc.perform(request).andExpect(status().is(status)).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private static MockMultipartFile workbook(byte[] bytes) {
        return new MockMultipartFile("files", "approval-authority.xlsx", "application/octet-stream", bytes);
    }

    private static MockMultipartFile workbook(String file, int row, int column, Object value) {
        return new MockMultipartFile("files", file.substring(file.lastIndexOf('/') + 1), "application/octet-stream",
                Workbooks.withCell(file, row, column, value));
    }
}
