package com.example.aftersales.glossary.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.example.aftersales.ControllerSlice;
import com.example.aftersales.ShippedDefaultLanguage;

/** {@code GET /api/glossary}: both labels always, and {@code label} in the language asked for (Chinese by default). */
@ControllerSlice(GlossaryController.class) // no database: the glossary is code
class GlossaryApiTest extends ShippedDefaultLanguage {

    @Autowired
    MockMvc mvc;

    private static MockHttpServletRequestBuilder asSystem(String path) {
        return get(path).with(user("crm").roles("SYSTEM"));
    }

    @Test
    @DisplayName("without Accept-Language every code set answers with its Chinese label beside zh and en")
    void chineseByDefault() throws Exception {
        mvc.perform(asSystem("/api/glossary"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string("Content-Language", "zh-CN"))
                .andExpect(jsonPath("$.language").value("zh-CN"))
                .andExpect(jsonPath("$.codeSets.decisionTypes.label").value("决策类型"))
                .andExpect(jsonPath("$.codeSets.decisionTypes.codes.MAJOR_INCIDENT.zh").value("较大以上质量事故"))
                .andExpect(jsonPath("$.codeSets.decisionTypes.codes.MAJOR_INCIDENT.en").value("Major quality incident"))
                .andExpect(jsonPath("$.codeSets.decisionTypes.codes.MAJOR_INCIDENT.label").value("较大以上质量事故"))
                .andExpect(jsonPath("$.codeSets['decisionValues.MAJOR_INCIDENT'].codes.REPORT_TO_LEADERS.label").value("立即报告领导"))
                .andExpect(jsonPath("$.codeSets.productCategories.codes.EMULSION_EXPLOSIVE.label").value("乳化炸药"))
                .andExpect(jsonPath("$.codeSets.provinces.codes.Hunan.label").value("湖南"))
                .andExpect(jsonPath("$.codeSets.provinces.codes.Tibet.aliases[0]").value("Xizang"))
                .andExpect(jsonPath("$.codeSets.provinces.codes.Hunan.aliases").doesNotExist())
                .andExpect(jsonPath("$.codeSets.clauses.codes.P17.label").value("“四不放过”与闭环管理"));
    }

    @Test
    @DisplayName("Accept-Language: en gives English labels; both languages stay")
    void englishWhenAsked() throws Exception {
        mvc.perform(asSystem("/api/glossary").header("Accept-Language", "en-US,en;q=0.9"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "en"))
                .andExpect(jsonPath("$.language").value("en"))
                .andExpect(jsonPath("$.codeSets.decisionTypes.codes.RECTIFICATION_ORDER.label").value("Quality rectification order"))
                .andExpect(jsonPath("$.codeSets.decisionTypes.codes.RECTIFICATION_ORDER.zh").value("质量整改令"))
                .andExpect(jsonPath("$.codeSets.eventTypes.codes.ON_SITE_ARRIVAL.label").value("Arrived on site"));
        mvc.perform(asSystem("/api/glossary").header("Accept-Language", "fr, zh;q=0.8, en;q=0.5"))
                .andExpect(jsonPath("$.language").value("zh-CN"));
    }

    @Test
    @DisplayName("one code set by name, in either language; an unknown one is 404 problem+json")
    void oneCodeSet() throws Exception {
        mvc.perform(asSystem("/api/glossary/decisionValues.APPROVAL").header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("decisionValues.APPROVAL"))
                .andExpect(jsonPath("$.codes.COMPANY_QUALITY_LEADER.label").value("Company leader in charge of quality"))
                .andExpect(jsonPath("$.codes.COMPANY_QUALITY_LEADER.zh").value("公司质量分管领导"));
        mvc.perform(asSystem("/api/glossary/replayStatuses").header("Accept-Language", "zh-CN"))
                .andExpect(jsonPath("$.codes.SUCCEEDED.label").value("已完成"));
        mvc.perform(asSystem("/api/glossary/noSuchSet"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("noSuchSet")));
    }

    @Test
    @DisplayName("the glossary is in the OpenAPI document")
    void documented() throws Exception {
        // the committed contract, which OpenApiContractTest keeps equal to what the whole application serves
        var contract = new tools.jackson.databind.json.JsonMapper().readTree(java.nio.file.Path.of("docs/openapi.json").toFile());
        assertThat(contract.at("/paths/~1api~1glossary/get/summary").asString()).isNotBlank();
        assertThat(contract.at("/paths/~1api~1glossary~1{codeSet}/get/parameters").valueStream()
                .map(p -> p.path("name").asString()).toList()).contains("Accept-Language");
    }
}
