package com.example.aftersales.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * Completes springdoc's document into the contract integrators generate clients from. Everything an annotation on a
 * controller cannot say well, in one place: each operation's stable operationId, its user group (tag) and the roles that
 * may call it; both security schemes; its success code(s) with their headers; its problem+json errors (one RFC 9457
 * schema); code sets as named enums; binary media types for downloads; the version of the contract.
 * <p>
 * An operation missing from {@link #OPERATIONS} keeps springdoc's id and tag; {@code OpenApiContractTest} compares the
 * whole document with {@code docs/openapi.json}, so a new address is a reviewed change of the contract.
 */
@Configuration(proxyBeanMethods = false)
class ApiContract {

    /** The contract's version: the major changes when a shape clients rely on changes incompatibly. */
    static final String VERSION = "1.2.0";

    static final String INTEGRATORS = "Integrators";
    static final String QUALITY_MANAGERS = "Quality managers";
    static final String ANALYSTS = "Analysts";
    static final String ADMINISTRATORS = "Administrators";

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String PROBLEM_JSON = "application/problem+json";

    private static final String ANY = "any role";
    private static final String READ_CASES = "SYSTEM QUALITY_MANAGER ANALYST AUDITOR";
    private static final String READ_RULES = "QUALITY_MANAGER RULE_AUTHOR ANALYST AUDITOR";
    private static final String DRAFT = "QUALITY_MANAGER RULE_AUTHOR";
    private static final String QM = "QUALITY_MANAGER";
    private static final String REPLAY = "ANALYST QUALITY_MANAGER";
    private static final String READ_REPLAYS = "ANALYST QUALITY_MANAGER AUDITOR";
    private static final String FOLLOWUP = "QUALITY_MANAGER ANALYST AUDITOR";
    private static final String ADMIN = "ADMIN";

    /** One operation: its id, its user group, who may call it (besides ADMIN, who may do everything). */
    record Op(String id, String tag, String roles) {
    }

    static final Map<String, Op> OPERATIONS = new LinkedHashMap<>();

    static {
        op("GET /api/cases", "searchCases", INTEGRATORS, READ_CASES);
        op("POST /api/cases", "recordCase", INTEGRATORS, "SYSTEM");
        op("GET /api/cases/{id}", "getCase", INTEGRATORS, READ_CASES);
        op("POST /api/cases/{id}/evaluations", "addFindings", INTEGRATORS, "SYSTEM");
        op("POST /api/evaluate", "evaluateWhatIf", INTEGRATORS, "SYSTEM");
        op("GET /api/glossary", "getGlossary", INTEGRATORS, ANY);
        op("GET /api/glossary/{codeSet}", "getCodeSet", INTEGRATORS, ANY);
        op("GET /api/me", "whoAmI", INTEGRATORS, ANY);
        op("GET /api/cases/{id}/events", "listCaseEvents", QUALITY_MANAGERS, READ_CASES);
        op("POST /api/cases/{id}/events", "recordCaseEvent", QUALITY_MANAGERS, "SYSTEM QUALITY_MANAGER");
        op("GET /api/rulesets", "listRulesets", QUALITY_MANAGERS, READ_RULES);
        op("GET /api/rulesets/active", "getActiveRuleset", QUALITY_MANAGERS, READ_RULES);
        op("GET /api/rulesets/{version}", "getRuleset", QUALITY_MANAGERS, READ_RULES);
        op("GET /api/rulesets/{version}/files/{name}", "getRuleFile", QUALITY_MANAGERS, READ_RULES);
        op("GET /api/rulesets/{version}/file", "getRuleFileByPath", QUALITY_MANAGERS, READ_RULES);
        op("POST /api/rulesets/drafts", "createDraft", QUALITY_MANAGERS, DRAFT);
        op("POST /api/rulesets/{version}/scenarios/accept", "acceptScenarioExpectations", QUALITY_MANAGERS, DRAFT);
        op("POST /api/rulesets/{version}/activate", "activateRuleset", QUALITY_MANAGERS, QM);
        op("POST /api/rulesets/reload", "reloadRules", QUALITY_MANAGERS, QM);
        op("GET /api/rulesets/activations", "listActivations", QUALITY_MANAGERS, READ_RULES);
        op("GET /api/rulesets/activation-requests", "listActivationRequests", QUALITY_MANAGERS, READ_RULES);
        op("GET /api/rulesets/activation-requests/{id}", "getActivationRequest", QUALITY_MANAGERS, READ_RULES);
        op("GET /api/rulesets/{version}/activation-requests", "listActivationRequestsOfVersion", QUALITY_MANAGERS, READ_RULES);
        op("POST /api/rulesets/{version}/activation-requests", "requestActivation", QUALITY_MANAGERS, QM);
        op("POST /api/rulesets/activation-requests/{id}/approve", "approveActivation", QUALITY_MANAGERS, QM);
        op("POST /api/rulesets/activation-requests/{id}/reject", "rejectActivation", QUALITY_MANAGERS, QM);
        op("GET /api/rulesets/{version}/impact", "getLatestImpact", QUALITY_MANAGERS, READ_RULES);
        op("POST /api/rulesets/{version}/impact", "startImpact", QUALITY_MANAGERS, "QUALITY_MANAGER ANALYST");
        op("GET /api/followup/overdue", "listOverdue", QUALITY_MANAGERS, FOLLOWUP);
        op("GET /api/followup/due", "listDue", QUALITY_MANAGERS, FOLLOWUP);
        op("GET /api/rectification-orders", "listRectificationOrders", QUALITY_MANAGERS, FOLLOWUP);
        op("GET /api/rectification-orders/{id}", "getRectificationOrder", QUALITY_MANAGERS, FOLLOWUP);
        op("GET /api/notices", "listNotices", QUALITY_MANAGERS, FOLLOWUP);
        op("GET /api/reports/monthly/{month}", "getMonthlySummary", QUALITY_MANAGERS, FOLLOWUP);
        op("GET /api/reports/monthly/{month}.xlsx", "getMonthlySummaryWorkbook", QUALITY_MANAGERS, FOLLOWUP);
        op("POST /api/replays", "startReplay", ANALYSTS, REPLAY);
        op("GET /api/replays/{id}", "getReplay", ANALYSTS, READ_REPLAYS);
        op("DELETE /api/replays/{id}", "cancelReplay", ANALYSTS, REPLAY);
        op("GET /api/replays/{id}/changes", "listReplayChanges", ANALYSTS, READ_REPLAYS);
        op("GET /api/replays/{id}/export.csv", "exportReplayCsv", ANALYSTS, READ_REPLAYS);
        op("GET /api/replays/{id}/export.xlsx", "exportReplayWorkbook", ANALYSTS, READ_REPLAYS);
        op("GET /api/replays/compare", "compareReplays", ANALYSTS, READ_REPLAYS);
        op("POST /api/cases/{id}/evidence", "attachEvidence", INTEGRATORS, "SYSTEM QUALITY_MANAGER");
        op("GET /api/cases/{id}/evidence", "listEvidence", INTEGRATORS, READ_CASES);
        op("GET /api/cases/{id}/evidence/{evidenceId}", "getEvidence", INTEGRATORS, READ_CASES);
        op("GET /api/cases/{id}/evidence/{evidenceId}/content", "downloadEvidence", INTEGRATORS, READ_CASES);
        op("GET /api/cases/{id}/evidence/{evidenceId}/thumbnail", "getEvidenceThumbnail", INTEGRATORS, READ_CASES);
        op("POST /api/cases/{id}/evidence/{evidenceId}/removal", "removeEvidence", QUALITY_MANAGERS, QM);
        op("POST /api/cases/{id}/evidence/{evidenceId}/purge", "purgeEvidence", ADMINISTRATORS, ADMIN);
        op("GET /api/cases/{id}/dossier.pdf", "getDossierPdf", QUALITY_MANAGERS, READ_CASES);
        op("GET /api/cases/{id}/dossier.zip", "getDossierZip", QUALITY_MANAGERS, READ_CASES);
        op("GET /api/rulesets/{version}/activation-evidence", "getActivationEvidence", QUALITY_MANAGERS, READ_RULES);
        op("POST /api/shadow-runs", "startShadowRun", QUALITY_MANAGERS, "QUALITY_MANAGER ANALYST");
        op("GET /api/shadow-runs", "listShadowRuns", QUALITY_MANAGERS, "QUALITY_MANAGER ANALYST AUDITOR");
        op("GET /api/shadow-runs/{id}", "getShadowRun", QUALITY_MANAGERS, "QUALITY_MANAGER ANALYST AUDITOR");
        op("GET /api/shadow-runs/{id}/differences", "listShadowDifferences", QUALITY_MANAGERS, "QUALITY_MANAGER ANALYST AUDITOR");
        op("POST /api/shadow-runs/{id}/stop", "stopShadowRun", QUALITY_MANAGERS, "QUALITY_MANAGER ANALYST");
        op("POST /api/cases/import", "importCases", ANALYSTS, "ANALYST");
        op("POST /api/imports", "startImportJob", ANALYSTS, "ANALYST");
        op("GET /api/imports/{id}", "getImportJob", ANALYSTS, "ANALYST AUDITOR");
        op("DELETE /api/imports/{id}", "cancelImportJob", ANALYSTS, "ANALYST");
        op("POST /api/me/password", "changeOwnPassword", ADMINISTRATORS, ANY);
        op("GET /api/admin/users", "listUsers", ADMINISTRATORS, ADMIN);
        op("POST /api/admin/users", "createUser", ADMINISTRATORS, ADMIN);
        op("PUT /api/admin/users/{username}/roles", "setUserRoles", ADMINISTRATORS, ADMIN);
        op("POST /api/admin/users/{username}/password", "resetUserPassword", ADMINISTRATORS, ADMIN);
        op("POST /api/admin/users/{username}/enable", "enableUser", ADMINISTRATORS, ADMIN);
        op("POST /api/admin/users/{username}/disable", "disableUser", ADMINISTRATORS, ADMIN);
        op("GET /api/admin/api-keys", "listApiKeys", ADMINISTRATORS, ADMIN);
        op("POST /api/admin/api-keys", "issueApiKey", ADMINISTRATORS, ADMIN);
        op("DELETE /api/admin/api-keys/{id}", "revokeApiKey", ADMINISTRATORS, ADMIN);
    }

    private static void op(String key, String id, String tag, String roles) {
        OPERATIONS.put(key, new Op(id, tag, roles));
    }

    /** Success codes other than 200, with the headers they carry. */
    private static final Map<String, String> CREATED = Map.ofEntries(
            Map.entry("POST /api/cases", "201"), Map.entry("POST /api/cases/{id}/evaluations", "201"),
            Map.entry("POST /api/cases/{id}/events", "201"), Map.entry("POST /api/rulesets/drafts", "201"),
            Map.entry("POST /api/rulesets/{version}/scenarios/accept", "201"),
            Map.entry("POST /api/rulesets/{version}/activation-requests", "201"),
            Map.entry("POST /api/admin/users", "201"), Map.entry("POST /api/admin/api-keys", "201"),
            Map.entry("POST /api/shadow-runs", "201"), Map.entry("POST /api/cases/{id}/evidence", "201"),
            Map.entry("POST /api/replays", "202"), Map.entry("POST /api/imports", "202"),
            Map.entry("POST /api/rulesets/{version}/impact", "202"),
            Map.entry("PUT /api/admin/users/{username}/roles", "204"), Map.entry("POST /api/me/password", "204"),
            Map.entry("POST /api/admin/users/{username}/password", "204"),
            Map.entry("POST /api/admin/users/{username}/enable", "204"),
            Map.entry("POST /api/admin/users/{username}/disable", "204"));

    /** Refusals beyond the common ones, by operation. */
    private static final Map<String, List<String>> MORE_ERRORS = Map.of(
            "POST /api/cases", List.of("409", "422"),
            "POST /api/rulesets/{version}/activate", List.of("409"),
            "POST /api/rulesets/{version}/activation-requests", List.of("409"),
            "POST /api/rulesets/activation-requests/{id}/approve", List.of("409"),
            "POST /api/rulesets/activation-requests/{id}/reject", List.of("409"),
            "POST /api/imports", List.of("409"), "POST /api/cases/import", List.of("409"),
            "POST /api/admin/users", List.of("409"));

    /** The document's components while its operations are completed. */
    private static final ThreadLocal<Components> COMPONENTS = new ThreadLocal<>();

    private static final Pattern CODE_ALTERNATIVES = Pattern.compile("[A-Z][A-Z0-9_]*(\\|[A-Z][A-Z0-9_]*)+");

    @Bean
    OpenApiCustomizer aftersalesContract() {
        return ApiContract::complete;
    }

    static void complete(OpenAPI api) {
        api.info(new Info().title("Aftersales Decision Service").version(VERSION)
                .description("Evaluates product-quality complaint cases against the after-sales policy and records every "
                        + "decision with its reason, clause and source. Errors are application/problem+json (RFC 9457); "
                        + "each `type` is a page under /problems describing it. The contract's version follows semantic "
                        + "versioning; the committed copy is docs/openapi.json.")
                .contact(new Contact().name("Quality Department, after-sales service"))
                .license(new License().name("Proprietary").identifier("LicenseRef-Proprietary")));
        api.servers(List.of(new Server().url("/").description("The instance serving this document (locally http://localhost:8080)")));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.components(components);
        renameCaseProblem(api);
        components.addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name("X-API-Key").description("A system's API key, issued by an administrator (POST /api/admin/api-keys)."));
        components.addSecuritySchemes("basicAuth", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("A person's user name and password."));
        problemSchemas(components);
        codeSets(components);
        baseline(components);
        api.tags(List.of(
                new Tag().name(INTEGRATORS).description("Other systems (the CRM, the ERP): record and evaluate cases, read them, "
                        + "the labels of the codes."),
                new Tag().name(QUALITY_MANAGERS).description("Decision tables and rule versions, their activation, the "
                        + "follow-up of cases, rectification orders, notices and the monthly summary."),
                new Tag().name(ANALYSTS).description("Replays of history on other rules and their exports; imports of history."),
                new Tag().name(ADMINISTRATORS).description("People and API keys; passwords.")));
        if (api.getPaths() == null) {
            return;
        }
        COMPONENTS.set(components);
        try {
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    operation(method.name() + " " + path, item, operation)));
        } finally {
            COMPONENTS.remove();
        }
    }

    private static void operation(String key, PathItem item, Operation operation) {
        Op op = OPERATIONS.get(key);
        if (op != null) {
            operation.operationId(op.id()).tags(List.of(op.tag()));
            String roles = op.roles().equals(ANY) ? "any role" : String.join(", ", op.roles().split(" ")) + " (or ADMIN)";
            operation.addExtension("x-roles", op.roles().equals(ANY) ? List.of() : List.of(op.roles().split(" ")));
            operation.description((operation.getDescription() == null ? "" : operation.getDescription() + "\n\n")
                    + "Roles: " + roles + ".");
        }
        if (operation.getSummary() == null) {
            operation.summary(key);
        }
        operation.security(List.of(new SecurityRequirement().addList("apiKey"), new SecurityRequirement().addList("basicAuth")));
        if (operation.getParameters() != null) { // a Content-Type "parameter" is the media type of the body, not a header to fill in
            operation.getParameters().removeIf(p -> "header".equals(p.getIn()) && "Content-Type".equalsIgnoreCase(p.getName()));
            if (operation.getParameters().isEmpty()) operation.parameters(null);
            else operation.getParameters().stream()
                    .filter(p -> "path".equals(p.getIn()) && "version".equals(p.getName()) && p.getSchema() != null)
                    .forEach(p -> p.getSchema().pattern("^[0-9a-f]{64}$").description("A ruleset version: its SHA-256, 64 hex digits"));
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().size() > 1) {
            // JSON first: a generated client takes the first media type as the operation's body
            Content ordered = new Content();
            operation.getRequestBody().getContent().entrySet().stream()
                    .sorted((a, b) -> Boolean.compare(!a.getKey().contains("json"), !b.getKey().contains("json")))
                    .forEach(e -> ordered.addMediaType(e.getKey(), e.getValue()));
            operation.getRequestBody().content(ordered);
            // the multipart form as a named schema, so that a client generated for the JSON form still knows it
            MediaType form = ordered.get("multipart/form-data");
            if (form != null && form.getSchema() != null && form.getSchema().get$ref() == null && op != null) {
                String name = Character.toUpperCase(op.id().charAt(0)) + op.id().substring(1) + "Upload";
                COMPONENTS.get().addSchemas(name, form.getSchema());
                form.schema(new Schema<>().$ref("#/components/schemas/" + name));
            }
        }
        if ((key.equals("POST /api/imports") || key.equals("POST /api/cases/import")) && operation.getRequestBody() != null
                && operation.getRequestBody().getContent() != null) {
            // the file may also be the body itself (curl --data-binary @cases.csv -H 'Content-Type: text/csv')
            operation.getRequestBody().getContent().addMediaType("text/csv", new MediaType().schema(new StringSchema().format("binary")));
            operation.getRequestBody().getContent().addMediaType(XLSX, new MediaType().schema(new StringSchema().format("binary")));
            operation.getRequestBody().required(true);
        }
        successes(key, operation);
        errors(key, operation);
        if ((key.equals("POST /api/cases") || key.equals("POST /api/evaluate")) && operation.getRequestBody() != null
                && operation.getRequestBody().getContent() != null && operation.getRequestBody().getContent().get("application/json") != null) {
            operation.getRequestBody().getContent().get("application/json").addExamples("misfire", new io.swagger.v3.oas.models.examples.Example()
                    .summary("The README's case (docs/examples/case.json): a misfire of an emulsion explosive, with its findings")
                    .value(README_CASE));
        }
    }

    /** The README's example case, as docs/examples/case.json holds it (a copy on the class path; OpenApiContractTest compares them). */
    static final Object README_CASE = readmeCase();

    private static Object readmeCase() {
        try (var in = ApiContract.class.getResourceAsStream("/contract/case.json")) {
            return in == null ? null : tools.jackson.databind.json.JsonMapper.shared().readValue(in, LinkedHashMap.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void successes(String key, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponse ok = responses.remove("200");
        Schema<?> schema = null;
        if (ok != null && ok.getContent() != null && !ok.getContent().isEmpty()) {
            schema = ok.getContent().values().iterator().next().getSchema();
        }
        String path = key.substring(key.indexOf(' ') + 1);
        ApiResponses out = new ApiResponses();
        if (path.endsWith(".xlsx")) {
            out.addApiResponse("200", download("The workbook (.xlsx).", XLSX));
        } else if (path.endsWith(".csv")) {
            out.addApiResponse("200", download("The CSV file (UTF-8 with a byte order mark).", "text/csv"));
        } else if (path.endsWith("/dossier.pdf")) {
            out.addApiResponse("200", download("The case's dossier for the archive (PDF).", "application/pdf"));
        } else if (path.endsWith("/dossier.zip")) {
            out.addApiResponse("200", download("The dossier with the case's files and their SHA256SUMS (ZIP).", "application/zip"));
        } else if (path.endsWith("/evidence/{evidenceId}/content")) {
            out.addApiResponse("200", download("The file's bytes as attached, checked against its SHA-256.", "application/octet-stream"));
        } else if (path.endsWith("/evidence/{evidenceId}/thumbnail")) {
            out.addApiResponse("200", download("A thumbnail of a photo (PNG).", "image/png"));
        } else if (path.startsWith("/api/rulesets/{version}/file")) {
            out.addApiResponse("200", download("The file's bytes as stored.", XLSX, "application/vnd.ms-excel", "text/plain"));
        } else {
            String code = CREATED.getOrDefault(key, "200");
            String description = switch (code) {
                case "201" -> "Created: the Location header names it.";
                case "202" -> "Accepted: it runs; follow it at the Location.";
                case "204" -> "Done; no body.";
                default -> "OK";
            };
            ApiResponse success = new ApiResponse().description(description);
            if (!code.equals("204")) {
                success.content(new Content().addMediaType("application/json", new MediaType().schema(schema == null ? new ObjectSchema() : schema)));
            }
            if (code.equals("201") || code.equals("202")) {
                success.addHeaderObject("Location", location());
            }
            out.addApiResponse(code, success);
            if (key.equals("POST /api/cases")) {
                out.addApiResponse("200", new ApiResponse().description("A retry of a recorded request (same Idempotency-Key, or "
                                + "same externalRef, and the same content): nothing recorded, the first answer again.")
                        .content(new Content().addMediaType("application/json", new MediaType().schema(schema)))
                        .addHeaderObject("Location", location())
                        .addHeaderObject("Idempotent-Replayed", new Header().description("true: this is the first answer again")
                                .schema(new StringSchema()._enum(List.of("true")))));
            }
            if (key.equals("POST /api/cases/import")) {
                out.addApiResponse("202", new ApiResponse().description("More rows than aftersales.import.sync-max-rows: "
                                + "imported as a job; follow it at the Location (GET /api/imports/{id}).")
                        .content(new Content().addMediaType("application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/ImportStarted"))))
                        .addHeaderObject("Location", location()));
            }
        }
        responses.forEach(out::addApiResponse); // anything springdoc knew beyond 200
        operation.responses(out);
    }

    private static Header location() {
        return new Header().description("The address of what was created or started").schema(new StringSchema().format("uri-reference"));
    }

    private static ApiResponse download(String description, String... types) {
        Content content = new Content();
        for (String type : types) {
            content.addMediaType(type, new MediaType().schema(new StringSchema().format("binary")));
        }
        return new ApiResponse().description(description).content(content)
                .addHeaderObject("Content-Disposition", new Header().description("attachment, with the file name")
                        .schema(new StringSchema()));
    }

    private static void errors(String key, Operation operation) {
        ApiResponses responses = operation.getResponses();
        Set<String> codes = new TreeSet<>();
        boolean body = operation.getRequestBody() != null;
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        boolean pathParameters = parameters && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()));
        if (body || parameters) codes.add("400");
        codes.add("401");
        codes.add("403");
        if (pathParameters) codes.add("404");
        if (body) {
            codes.add("413");
            codes.add("415");
        }
        codes.add("429");
        codes.add("503");
        codes.addAll(MORE_ERRORS.getOrDefault(key, List.of()));
        for (String code : codes) {
            if (!responses.containsKey(code)) {
                responses.addApiResponse(code, new ApiResponse().$ref("#/components/responses/" + RESPONSES.get(code)));
            }
        }
    }

    private static final Map<String, String> RESPONSES = Map.of("400", "BadRequest", "401", "Unauthorized", "403", "Forbidden",
            "404", "NotFound", "409", "Conflict", "413", "ContentTooLarge", "415", "UnsupportedMediaType",
            "422", "UnprocessableContent", "429", "TooManyRequests", "503", "ServiceUnavailable");

    /** The RFC 9457 problem, with the invalid fields, and one response per refusal. */
    private static void problemSchemas(Components components) {
        Schema<Object> fieldError = new ObjectSchema().description("One invalid field, named as the request names it.")
                .addProperty("field", new StringSchema().description("The field's path, e.g. product.code or lines[2].quantity"))
                .addProperty("message", new StringSchema().description("What is wrong, in words, in the request's language"));
        fieldError.required(List.of("field", "message"));
        components.addSchemas("FieldError", fieldError);
        Schema<Object> problem = new ObjectSchema().description("A refusal, as RFC 9457 (application/problem+json) describes it, "
                + "in the language the request asks for (Accept-Language; Chinese when it asks for neither).")
                .addProperty("type", new StringSchema().format("uri-reference").description("What kind of problem: a page "
                        + "at /problems/{name} (e.g. /problems/invalid-request) describes it; about:blank when the status says it all."))
                .addProperty("title", new StringSchema().description("The kind of problem, in words"))
                .addProperty("status", new IntegerSchema().format("int32").description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("This occurrence, in words"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("The address the request was sent to"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))
                        .description("Every invalid field (empty when the problem is not about fields)"));
        problem.required(List.of("title", "status"));
        problem.additionalProperties(Boolean.TRUE);
        components.addSchemas("Problem", problem);
        Header retryAfter = new Header().description("Seconds to wait before trying again").schema(new IntegerSchema());
        Map<String, String> words = new TreeMap<>(Map.of(
                "BadRequest", "The request is not valid: the errors name every invalid field; nothing was recorded.",
                "Unauthorized", "No valid API key or user name and password.",
                "Forbidden", "The key or login has no role that may do this.",
                "NotFound", "No such case, version, run or file.",
                "Conflict", "The request conflicts with what is recorded (the detail says what).",
                "ContentTooLarge", "The body is larger than this address takes.",
                "UnsupportedMediaType", "The body's Content-Type is not one this address takes.",
                "UnprocessableContent", "The Idempotency-Key was sent before with other content.",
                "TooManyRequests", "Sign-in with this user name or from this address is locked for a while.",
                "ServiceUnavailable", "The database or a needed resource is unavailable for now; try again."));
        words.forEach((name, description) -> {
            ApiResponse response = new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
            if (name.equals("TooManyRequests") || name.equals("ServiceUnavailable")) {
                response.addHeaderObject("Retry-After", retryAfter);
            }
            components.addResponses(name, response);
        });
    }

    /** A replay's baseline: "RECORDED" (the decisions as recorded) or a ruleset version. No Jackson type leaks through. */
    private static void baseline(Components components) {
        if (components.getSchemas() == null) return;
        components.getSchemas().remove("JsonNode");
        Schema<Object> version = new ObjectSchema().description("A ruleset version, by its SHA-256 (64 hex digits)")
                .addProperty("rulesetVersion", new StringSchema().pattern("[0-9a-f]{64}"));
        version.required(List.of("rulesetVersion"));
        components.getSchemas().putIfAbsent("RulesetRef", version);
        Schema<Object> baseline = new Schema<>().description("What the candidate is compared with: \"RECORDED\" (the "
                + "decisions as recorded, the default) or {\"rulesetVersion\": …}.");
        baseline.oneOf(List.of(new StringSchema()._enum(List.of("RECORDED")), new Schema<>().$ref("#/components/schemas/RulesetRef")));
        components.addSchemas("Baseline", baseline);
    }

    /** The case's own "problem" (what the customer reports) is CaseProblem; "Problem" is RFC 9457's. */
    private static void renameCaseProblem(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        if (schemas == null || !schemas.containsKey("Problem")) {
            return;
        }
        Schema<?> caseProblem = schemas.remove("Problem");
        schemas.put("CaseProblem", caseProblem);
        eachSchema(api, s -> {
            if ("#/components/schemas/Problem".equals(s.get$ref())) s.set$ref("#/components/schemas/CaseProblem");
        });
    }

    /**
     * Code sets as named enums: a string held to "A|B|C" becomes an enum; the channels, causes, event types and roles
     * are components every schema holding them refers to (one type in a generated client, not one per field).
     */
    private static void codeSets(Components components) {
        Map<String, Schema> schemas = components.getSchemas();
        if (schemas == null) return;
        OpenAPI holder = new OpenAPI().components(components);
        eachSchema(holder, s -> {
            if (s.getPattern() != null && CODE_ALTERNATIVES.matcher(s.getPattern()).matches()) {
                List<String> values = List.of(s.getPattern().split("\\|"));
                ((Schema<Object>) s).setEnum(new ArrayList<>(values));
                s.setPattern(null);
                s.setMaxLength(null);
                s.setMinLength(null);
            }
        });
        Map<String, List<String>> named = new LinkedHashMap<>();
        named.put("Channel", enumOf(schemas, "CaseData", "channel"));
        named.put("Cause", enumOf(schemas, "Findings", "cause"));
        named.put("EventType", enumOf(schemas, "EventRequest", "type"));
        Schema<?> newUser = schemas.get("NewUser");
        if (newUser != null && newUser.getProperties() != null && newUser.getProperties().get("roles") != null) {
            Schema<?> items = newUser.getProperties().get("roles").getItems();
            named.put("Role", items == null || items.getEnum() == null ? null : items.getEnum().stream().map(String::valueOf).toList());
        }
        named.values().removeIf(v -> v == null);
        named.forEach((name, values) -> components.addSchemas(name, new StringSchema()._enum(values)));
        // every schema whose enum is one of these sets refers to the component instead
        eachProperty(components, (owner, property, schema, replace) -> {
            if (schema.getEnum() != null && schema.get$ref() == null) {
                Set<String> values = new LinkedHashSet<>(schema.getEnum().stream().map(String::valueOf).toList());
                named.forEach((name, set) -> {
                    if (!name.equals(owner) && values.equals(new LinkedHashSet<>(set))) {
                        replace.accept(ref(name, schema));
                    }
                });
            }
        });
        // plain strings that hold a code of a set
        setItems(schemas, "Me", "roles", "Role", named);
        setProperty(schemas, "CaseEvent", "type", "EventType", named);
    }

    private static Schema<?> ref(String name, Schema<?> was) {
        Schema<Object> ref = new Schema<>().$ref("#/components/schemas/" + name);
        if (was.getDescription() != null) ref.description(was.getDescription());
        return ref;
    }

    private static void setItems(Map<String, Schema> schemas, String schema, String property, String to, Map<String, List<String>> named) {
        Schema<?> s = schemas.get(schema);
        if (named.containsKey(to) && s != null && s.getProperties() != null && s.getProperties().get(property) != null
                && s.getProperties().get(property).getItems() != null) {
            s.getProperties().get(property).setItems(new Schema<>().$ref("#/components/schemas/" + to));
        }
    }

    private static void setProperty(Map<String, Schema> schemas, String schema, String property, String to, Map<String, List<String>> named) {
        Schema<?> s = schemas.get(schema);
        if (named.containsKey(to) && s != null && s.getProperties() != null && s.getProperties().get(property) != null) {
            s.getProperties().put(property, new Schema<>().$ref("#/components/schemas/" + to));
        }
    }

    private static List<String> enumOf(Map<String, Schema> schemas, String schema, String property) {
        Schema<?> s = schemas.get(schema);
        if (s == null || s.getProperties() == null || s.getProperties().get(property) == null) return null;
        List<?> values = s.getProperties().get(property).getEnum();
        return values == null ? null : values.stream().map(String::valueOf).toList();
    }

    interface PropertyVisitor {
        void visit(String owner, String property, Schema<?> schema, Consumer<Schema<?>> replace);
    }

    /** Every property (and array item) of every component schema, replaceable in place. */
    private static void eachProperty(Components components, PropertyVisitor visitor) {
        components.getSchemas().forEach((name, schema) -> properties(name, schema, visitor, 0));
    }

    private static void properties(String owner, Schema<?> schema, PropertyVisitor visitor, int depth) {
        if (schema == null || depth > 20) return;
        if (schema.getProperties() != null) {
            for (var e : new ArrayList<>(schema.getProperties().entrySet())) {
                Schema<?> property = e.getValue();
                visitor.visit(owner, e.getKey(), property, r -> schema.getProperties().put(e.getKey(), r));
                Schema<?> now = schema.getProperties().get(e.getKey());
                if (now.getItems() != null) {
                    Schema<?> items = now.getItems();
                    visitor.visit(owner, e.getKey() + "[]", items, now::setItems);
                }
                properties(owner, schema.getProperties().get(e.getKey()), visitor, depth + 1);
            }
        }
        if (schema.getItems() != null) properties(owner, schema.getItems(), visitor, depth + 1);
    }

    /** Every schema object of the document (components, bodies, responses, parameters), depth first. */
    static void eachSchema(OpenAPI api, Consumer<Schema<?>> visit) {
        if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().values().forEach(s -> walk(s, visit, 0));
        }
        if (api.getPaths() != null) {
            api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().stream().map(Parameter::getSchema).forEach(s -> walk(s, visit, 0));
                }
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().values().forEach(m -> walk(m.getSchema(), visit, 0));
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().values().forEach(r -> {
                        if (r.getContent() != null) r.getContent().values().forEach(m -> walk(m.getSchema(), visit, 0));
                    });
                }
            }));
        }
    }

    private static void walk(Schema<?> schema, Consumer<Schema<?>> visit, int depth) {
        if (schema == null || depth > 30) return;
        visit.accept(schema);
        if (schema.getProperties() != null) schema.getProperties().values().forEach(s -> walk(s, visit, depth + 1));
        walk(schema.getItems(), visit, depth + 1);
        if (schema.getAdditionalProperties() instanceof Schema<?> more) walk(more, visit, depth + 1);
        if (schema.getOneOf() != null) schema.getOneOf().forEach(s -> walk(s, visit, depth + 1));
        if (schema.getAnyOf() != null) schema.getAnyOf().forEach(s -> walk(s, visit, depth + 1));
        if (schema.getAllOf() != null) schema.getAllOf().forEach(s -> walk(s, visit, depth + 1));
    }
}
