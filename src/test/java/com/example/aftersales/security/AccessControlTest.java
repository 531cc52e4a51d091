package com.example.aftersales.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import com.example.aftersales.OneQualityManagerContext;
import com.example.aftersales.BothDatabases;

/**
 * Nothing but health is open; each role may make exactly the calls of its job; API keys are issued, used and revoked;
 * who did what is recorded.
 */
@BothDatabases
@OneQualityManagerContext // not about governance (GovernedActivationTest): one quality manager activates
class AccessControlTest {

    private static final String ADMIN_PASSWORD = OneQualityManagerContext.ADMIN_PASSWORD;

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    /** A call of the API and the roles that may make it (ADMIN may make every call). */
    record Call(HttpMethod method, String path, List<Role> allowed) {
    }

    private static final List<Call> CALLS = List.of(
            new Call(HttpMethod.POST, "/api/cases", List.of(Role.SYSTEM)),
            new Call(HttpMethod.POST, "/api/evaluate", List.of(Role.SYSTEM)),
            new Call(HttpMethod.POST, "/api/cases/1/evaluations", List.of(Role.SYSTEM)),
            new Call(HttpMethod.GET, "/api/cases/1", List.of(Role.SYSTEM, Role.QUALITY_MANAGER, Role.ANALYST, Role.AUDITOR)),
            new Call(HttpMethod.POST, "/api/cases/import", List.of(Role.ANALYST)),
            new Call(HttpMethod.POST, "/api/imports", List.of(Role.ANALYST)),
            new Call(HttpMethod.GET, "/api/imports/1", List.of(Role.ANALYST, Role.AUDITOR)),
            new Call(HttpMethod.DELETE, "/api/imports/1", List.of(Role.ANALYST)),
            new Call(HttpMethod.GET, "/api/rulesets", List.of(Role.QUALITY_MANAGER, Role.RULE_AUTHOR, Role.ANALYST, Role.AUDITOR)),
            new Call(HttpMethod.POST, "/api/rulesets/drafts", List.of(Role.QUALITY_MANAGER, Role.RULE_AUTHOR)),
            new Call(HttpMethod.POST, "/api/rulesets/abc/activate", List.of(Role.QUALITY_MANAGER)),
            new Call(HttpMethod.POST, "/api/rulesets/abc/activation-requests", List.of(Role.QUALITY_MANAGER)),
            new Call(HttpMethod.POST, "/api/rulesets/activation-requests/1/approve", List.of(Role.QUALITY_MANAGER)),
            new Call(HttpMethod.POST, "/api/rulesets/activation-requests/1/reject", List.of(Role.QUALITY_MANAGER)),
            new Call(HttpMethod.GET, "/api/rulesets/activation-requests", List.of(Role.QUALITY_MANAGER, Role.RULE_AUTHOR, Role.ANALYST, Role.AUDITOR)),
            new Call(HttpMethod.POST, "/api/rulesets/reload", List.of(Role.QUALITY_MANAGER)),
            new Call(HttpMethod.POST, "/api/rulesets/abc/impact", List.of(Role.QUALITY_MANAGER, Role.ANALYST)),
            new Call(HttpMethod.POST, "/api/replays", List.of(Role.ANALYST, Role.QUALITY_MANAGER)),
            new Call(HttpMethod.GET, "/api/replays/1", List.of(Role.ANALYST, Role.QUALITY_MANAGER, Role.AUDITOR)),
            new Call(HttpMethod.DELETE, "/api/replays/1", List.of(Role.ANALYST, Role.QUALITY_MANAGER)),
            new Call(HttpMethod.GET, "/api/glossary", List.of(Role.values())),
            new Call(HttpMethod.GET, "/api/glossary/decisionTypes", List.of(Role.values())),
            new Call(HttpMethod.GET, "/api/admin/users", List.of()),
            new Call(HttpMethod.POST, "/api/admin/api-keys", List.of()),
            new Call(HttpMethod.GET, "/actuator/prometheus", List.of(Role.MONITORING)),
            new Call(HttpMethod.GET, "/actuator/env", List.of()));

    @ParameterizedTest
    @EnumSource(Role.class)
    @DisplayName("each role may make the calls of its job and is refused 403 problem+json for the others")
    void eachRoleMakesOnlyItsOwnCalls(Role role) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Call call : CALLS) {
            boolean allowed = role == Role.ADMIN || call.allowed().contains(role);
            int status = mvc.perform(request(call.method(), call.path()).with(user("someone").roles(role.name()))
                            .contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andReturn().getResponse().getStatus();
            if (allowed == (status == 403) || status == 401) {
                wrong.add(call.method() + " " + call.path() + " answered " + status + (allowed ? " (allowed)" : " (denied)"));
            }
        }
        assertThat(wrong).as(role + ": calls answered against the matrix").isEmpty();
    }

    @Test
    @DisplayName("without credentials only health answers; everything else is 401 problem+json")
    void nothingButHealthIsOpen() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist());
        for (String path : List.of("/api/cases/1", "/api/rulesets", "/api/replays/1", "/api/admin/users",
                "/v3/api-docs", "/actuator/prometheus", "/api/me", "/api/glossary", "/api/glossary/roles")) {
            mvc.perform(get(path)).andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(caseJson()))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/cases/1").with(httpBasic("admin", "not-the-password"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/console")).andExpect(status().is3xxRedirection());
    }

    @Test
    @DisplayName("the first admin issues a system's API key: the key records cases, is refused elsewhere, and stops when revoked")
    void apiKeysAreIssuedUsedAndRevoked() throws Exception {
        String name = "crm-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode issued = json.readTree(mvc.perform(post("/api/admin/api-keys").with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"" + name + "\", \"roles\": [\"SYSTEM\"]}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString());
        String key = issued.get("secret").asString();
        long id = issued.at("/key/id").asLong();
        assertThat(key).startsWith("ask_");
        assertThat(jdbc.sql("select key_hash from api_key where id = ?").param(id).query(String.class).single())
                .as("stored as a hash, never the key").isNotEqualTo(key).hasSize(64).doesNotContain(key.substring(4, 16 + 4));

        mvc.perform(get("/api/me").header("X-API-Key", key))
                .andExpect(jsonPath("$.name").value("key:" + name))
                .andExpect(jsonPath("$.roles[0]").value("SYSTEM"));
        String created = mvc.perform(post("/api/cases").header("X-API-Key", key).contentType(MediaType.APPLICATION_JSON)
                        .content(caseJson()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        mvc.perform(get("/api/cases/" + json.readTree(created).get("caseId").asLong()).header("X-API-Key", key))
                .andExpect(jsonPath("$.recordedBy").value("key:" + name));
        mvc.perform(get("/api/rulesets").header("X-API-Key", key)).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/me").header("X-API-Key", key + "x")).andExpect(status().isUnauthorized());

        mvc.perform(delete("/api/admin/api-keys/" + id).with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.revokedBy").value("admin"));
        mvc.perform(post("/api/cases").header("X-API-Key", key).contentType(MediaType.APPLICATION_JSON).content(caseJson()))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/admin/api-keys").with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(jsonPath("$[?(@.name == '" + name + "')].secret").doesNotExist());
    }

    @Test
    @DisplayName("people get logins with roles; a wrong role, a short password and a taken name are refused")
    void peopleGetLoginsWithRoles() throws Exception {
        String name = "analyst-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/admin/users").with(httpBasic("admin", ADMIN_PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\": \"" + name + "\", \"password\": \"long-enough-password\", \"roles\": [\"ANALYST\"]}"))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/admin/users").with(httpBasic("admin", ADMIN_PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\": \"" + name + "\", \"password\": \"long-enough-password\", \"roles\": [\"ANALYST\"]}")
                        .header("Accept-Language", "zh-CN"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("用户名已被使用"))
                .andExpect(jsonPath("$.detail").value("已有名为“" + name + "”的用户，请换一个名称。"));
        mvc.perform(post("/api/admin/users/nobody-" + name + "/disable").with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("There is no user named 'nobody-" + name + "'."));
        mvc.perform(post("/api/admin/users").with(httpBasic("admin", ADMIN_PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\": \"x y\", \"password\": \"short\", \"roles\": []}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("password", "roles", "username")));

        mvc.perform(get("/api/me").with(httpBasic(name, "long-enough-password")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.roles[0]").value("ANALYST"));
        mvc.perform(get("/api/rulesets").with(httpBasic(name, "long-enough-password"))).andExpect(status().isOk());
        mvc.perform(post("/api/cases").with(httpBasic(name, "long-enough-password"))
                .contentType(MediaType.APPLICATION_JSON).content(caseJson())).andExpect(status().isForbidden());

        mvc.perform(post("/api/me/password").with(httpBasic(name, "long-enough-password")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"currentPassword\": \"wrong\", \"newPassword\": \"another-long-password\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The current password is wrong")));
        mvc.perform(post("/api/me/password").with(httpBasic(name, "long-enough-password")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"currentPassword\": \"long-enough-password\", \"newPassword\": \"another-long-password\"}"))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/me").with(httpBasic(name, "long-enough-password"))).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/admin/users/" + name + "/password").with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"password\": \"long-enough-password\"}"))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/me").with(httpBasic(name, "long-enough-password"))).andExpect(status().isOk());

        mvc.perform(post("/api/admin/users/" + name + "/disable").with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/me").with(httpBasic(name, "long-enough-password"))).andExpect(status().isUnauthorized());
    }

    @Test
    @DisplayName("the console: people of the right roles act, others are refused; a form without its CSRF token is refused")
    void consoleActionsFollowTheRoles() throws Exception {
        mvc.perform(get("/console/rulesets").with(user("auditor").roles("AUDITOR"))).andExpect(status().isOk());
        mvc.perform(post("/console/rulesets/abc/activate").with(user("auditor").roles("AUDITOR")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/replays").with(user("auditor").roles("AUDITOR")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/rulesets/drafts").with(user("analyst").roles("ANALYST")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/rulesets/abc/activate").with(user("manager").roles("QUALITY_MANAGER")))
                .andExpect(status().isForbidden()); // no CSRF token
        mvc.perform(get("/console/rulesets").with(user("monitor").roles("MONITORING"))).andExpect(status().isForbidden());
        mvc.perform(get("/console/rulesets")).andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/login"));
    }

    @Test
    @DisplayName("an analyst's replay of uploaded rule code is refused: rule code runs on the server")
    void anAnalystMayNotReplayRuleCode() throws Exception {
        String request = "{\"candidate\": {}, \"baseline\": \"RECORDED\", \"from\": \"2020-01-01\", \"to\": \"2020-01-02\"}";
        mvc.perform(multipart("/api/replays")
                        .file(new MockMultipartFile("request", "", "application/json", request.getBytes()))
                        .file(new MockMultipartFile("files", "notices.drl", "text/plain",
                                "package aftersales.policy;\n".getBytes()))
                        .with(user("analyst").roles("ANALYST")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.files[0]").value("rules/notices.drl"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("Only a rule author")));
    }

    @Test
    @DisplayName("401 and 403 are said in the language asked for: Chinese, English")
    void refusalsInTheLanguageAsked() throws Exception {
        mvc.perform(get("/api/rulesets").header("Accept-Language", "zh-CN,zh;q=0.9"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.title").value("未通过身份验证"))
                .andExpect(jsonPath("$.detail").value("请在 X-API-Key 请求头中提供 API 密钥，或提供用户名和密码（HTTP Basic）。"));
        mvc.perform(get("/api/rulesets").header("Accept-Language", "en"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.title").value("Unauthorized"))
                .andExpect(jsonPath("$.detail").value("Send an API key in the X-API-Key header, or a user name and password (HTTP Basic)."));
        mvc.perform(get("/api/me").header("X-API-Key", "ask_unknown").header("Accept-Language", "zh-CN"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("/problems/invalid-api-key"))
                .andExpect(jsonPath("$.detail").value("API 密钥不存在或已被吊销。"));
        mvc.perform(get("/api/me").header("X-API-Key", "ask_unknown").header("Accept-Language", "en"))
                .andExpect(jsonPath("$.detail").value("The API key is unknown or revoked."));
        mvc.perform(get("/api/admin/users").with(user("auditor").roles("AUDITOR")).header("Accept-Language", "zh-CN"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("无权操作"))
                .andExpect(jsonPath("$.detail").value("GET /api/admin/users 不在您的角色的权限范围内。"));
        mvc.perform(get("/api/admin/users").with(user("auditor").roles("AUDITOR")).header("Accept-Language", "en"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Forbidden"))
                .andExpect(jsonPath("$.detail").value("Your role does not allow GET /api/admin/users."));
    }

    @Test
    @DisplayName("who activated a version and who started a replay is recorded")
    void whoDidWhatIsRecorded() throws Exception {
        String active = json.readTree(mvc.perform(get("/api/rulesets/active").with(httpBasic("admin", ADMIN_PASSWORD)))
                .andReturn().getResponse().getContentAsString()).get("version").asString();
        mvc.perform(post("/api/rulesets/" + active + "/activate").with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"again\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.activatedBy").value("admin"));
        mvc.perform(get("/api/rulesets/activations").with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(jsonPath("$[0].activatedBy").value("admin"));
        String replay = mvc.perform(post("/api/replays").with(httpBasic("admin", ADMIN_PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"candidate\": {\"rulesetVersion\": \"" + active + "\"}, \"baseline\": \"RECORDED\", "
                                + "\"from\": \"2020-01-01\", \"to\": \"2020-01-02\"}"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        mvc.perform(get("/api/replays/" + json.readTree(replay).get("id").asLong()).with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(jsonPath("$.requestedBy").value("admin"));
    }

    private String caseJson() throws Exception {
        String ref = "ACL-" + UUID.randomUUID();
        return Files.readString(Path.of("docs/examples/case.json")).replace("CRM-2026-000123", ref);
    }
}
