package com.example.aftersales.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The document is the contract: the live {@code /v3/api-docs} must equal the committed {@code docs/openapi.json}, so an
 * unintended change of an address, a field, a code or an operationId fails the build and an intended one is a reviewed
 * diff of that file. To accept a change, rewrite the file and review the diff:
 * <pre>mvn test -Dtest=OpenApiContractTest -Dopenapi.update=true -Dpostgres-suite.skip</pre>
 * and raise {@code info.version} (ApiContract.VERSION) when clients must change. Also checked here: what a generated client
 * needs — every operation has a unique, meaningful operationId, one of the four user groups as its tag, both security
 * schemes, a described success and a problem+json error; no Jackson or untyped map schema.
 */
@WithMockUser(roles = "ADMIN")
@SpringBootTest // the shared context of the tests on the main database: the document needs no data
@AutoConfigureMockMvc
@ActiveProfiles("test")
class OpenApiContractTest {

    static final Path COMMITTED = Path.of("docs/openapi.json");
    private static final Set<String> GROUPS = Set.of(ApiContract.INTEGRATORS, ApiContract.QUALITY_MANAGERS, ApiContract.ANALYSTS,
            ApiContract.ADMINISTRATORS);
    private static final Pattern GENERIC_ID = Pattern.compile("(?i)(.*_\\d+|body|json|file|xlsx|list|find|get|start|cancel)");

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;

    /** The live document, in the committed file's layout (sorted keys are not needed: springdoc's order is stable). */
    String live() throws Exception {
        String body = mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode document = json.readTree(body);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        return json.writerWithDefaultPrettyPrinter().with(printer).writeValueAsString(document) + "\n";
    }

    @Test
    @DisplayName("/v3/api-docs equals the committed docs/openapi.json (rewrite it with -Dopenapi.update=true and review the diff)")
    void documentIsTheCommittedContract() throws Exception {
        String live = live();
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, live, StandardCharsets.UTF_8);
        }
        assertThat(COMMITTED).as("the committed contract %s", COMMITTED.toAbsolutePath()).exists();
        String committed = Files.readString(COMMITTED, StandardCharsets.UTF_8);
        if (!committed.equals(live)) {
            List<String> a = committed.lines().toList(), b = live.lines().toList();
            int line = 0;
            while (line < Math.min(a.size(), b.size()) && a.get(line).equals(b.get(line))) line++;
            fail("The live /v3/api-docs differs from the committed docs/openapi.json, first at line %d:%n  committed: %s%n  live:      %s%n"
                            + "If the change is intended, rewrite the file and review its diff:%n"
                            + "  mvn test -Dtest=OpenApiContractTest -Dopenapi.update=true -Dpostgres-suite.skip%n"
                            + "and raise info.version (contract.ApiContract.VERSION) when clients must change.",
                    line + 1, line < a.size() ? a.get(line) : "(end)", line < b.size() ? b.get(line) : "(end)");
        }
    }

    @Test
    @DisplayName("Every operation: a unique meaningful operationId, a user group, both security schemes, a success and a problem+json error")
    void operationsAreUsable() throws Exception {
        JsonNode document = json.readTree(live());
        assertThat(document.path("info").path("version").asString()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(document.path("components").path("securitySchemes").path("apiKey").path("name").asString()).isEqualTo("X-API-Key");
        assertThat(document.path("components").path("securitySchemes").path("basicAuth").path("scheme").asString()).isEqualTo("basic");
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (var path : document.get("paths").properties()) {
            for (var entry : path.getValue().properties()) {
                JsonNode op = entry.getValue();
                String where = entry.getKey().toUpperCase() + " " + path.getKey();
                String id = op.path("operationId").asString();
                if (!ids.add(id) || GENERIC_ID.matcher(id).matches()) problems.add(where + ": operationId " + id);
                if (op.path("tags").size() != 1 || !GROUPS.contains(op.path("tags").get(0).asString())) problems.add(where + ": tags " + op.path("tags"));
                if (op.path("security").size() != 2) problems.add(where + ": security " + op.path("security"));
                boolean success = false, error = false;
                for (var response : op.path("responses").properties()) {
                    if (response.getKey().startsWith("2")) {
                        success = true;
                        if (response.getValue().has("content") && response.getValue().get("content").has("*/*")) problems.add(where + ": */* answer");
                    }
                    if (response.getKey().startsWith("4")) error = true;
                }
                if (!success || !error) problems.add(where + ": responses " + op.path("responses").propertyNames());
            }
        }
        assertThat(problems).isEmpty();
        String text = document.toString();
        assertThat(text).doesNotContain("JsonNode").doesNotContain("\"*/*\"");
        JsonNode problem = document.at("/components/schemas/Problem/properties");
        assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "instance", "errors");
        assertThat(document.at("/components/schemas/CaseData/properties/channel/$ref").asString()).isEqualTo("#/components/schemas/Channel");
        assertThat(document.at("/components/schemas/Findings/properties/cause/$ref").asString()).isEqualTo("#/components/schemas/Cause");
        assertThat(document.at("/paths/~1api~1cases/post/responses/201/headers/Location").isMissingNode()).isFalse();
        assertThat(document.at("/paths/~1api~1cases/post/responses/200/headers/Idempotent-Replayed").isMissingNode()).isFalse();
        assertThat(document.at("/paths/~1api~1replays/post/requestBody/content").propertyNames().iterator().next()).isEqualTo("application/json");
        assertThat(document.at("/paths/~1api~1replays~1{id}~1export.xlsx/get/responses/200/content").propertyNames())
                .containsExactly(ApiContract.XLSX);
    }

    @Test
    @DisplayName("The document's example case is the README's (docs/examples/case.json)")
    void exampleIsTheReadmes() throws Exception {
        assertThat(json.readTree(Files.readString(Path.of("src/main/resources/contract/case.json"))))
                .isEqualTo(json.readTree(Files.readString(Path.of("docs/examples/case.json"))));
        JsonNode document = json.readTree(live());
        assertThat(document.at("/paths/~1api~1cases/post/requestBody/content/application~1json/examples/misfire/value/externalRef").asString())
                .isEqualTo(json.readTree(Files.readString(Path.of("docs/examples/case.json"))).path("externalRef").asString());
    }

    @Test
    @DisplayName("A problem's type leads to a page describing it, open to anyone")
    @org.springframework.security.test.context.support.WithAnonymousUser
    void problemTypesResolve() throws Exception {
        String refused = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/cases")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user("crm").roles("SYSTEM"))
                        .contentType("application/json").content("{\"quantity\": -1}"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String type = json.readTree(refused).path("type").asString();
        assertThat(type).isEqualTo("/problems/invalid-request");
        for (String name : ProblemTypes.TYPES.keySet()) {
            var page = mvc.perform(get("/problems/" + name)).andReturn().getResponse();
            assertThat(page.getStatus()).as(name).isEqualTo(200);
            assertThat(page.getContentType()).startsWith("text/html");
            assertThat(page.getContentAsString(StandardCharsets.UTF_8)).contains(ProblemTypes.TYPES.get(name).enTitle());
        }
        assertThat(mvc.perform(get("/problems")).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/problems/nonesuch")).andReturn().getResponse().getStatus()).isEqualTo(404);
    }
}
