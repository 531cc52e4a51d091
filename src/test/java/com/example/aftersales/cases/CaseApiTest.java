package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import com.example.aftersales.BothDatabases;

/**
 * The HTTP contract of the case endpoints against a real database, run on H2 and on PostgreSQL ({@link BothDatabases}).
 * Each test makes its own product code and external references, so tests do not see each other's cases.
 */
@BothDatabases
@WithMockUser(roles = "ADMIN")
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CaseApiTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter handlerAdapter;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("mvcValidator")
    org.springframework.validation.Validator mvcValidator;

    private final String product = "T-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    @DisplayName("A request body holding a case gets CaseDataCheck before Bean Validation; every other binder Spring Boot's validator alone")
    void caseBodiesAreCheckedPlainlyFirst() {
        var initializer = (org.springframework.web.bind.support.ConfigurableWebBindingInitializer) handlerAdapter.getWebBindingInitializer();
        assertThat(initializer.getValidator()).isSameAs(mvcValidator); // method validation of parameters is built from it
        var caseBinder = new org.springframework.web.bind.WebDataBinder(CaseDataCheckTest.base(), "caseData");
        initializer.initBinder(caseBinder);
        assertThat(caseBinder.getValidators()).singleElement().isNotSameAs(mvcValidator);
        assertThat(caseBinder.getConversionService()).isSameAs(initializer.getConversionService());
        var other = new org.springframework.web.bind.WebDataBinder(new CaseData.Problem("MISFIRE", null), "problem");
        initializer.initBinder(other);
        assertThat(other.getValidators()).containsExactly(mvcValidator);
    }

    @Test
    @DisplayName("POST /api/cases records the case and answers 201 with every decision and its source")
    void registersAndEvaluates() throws Exception {
        MvcResult result = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(example().toString()))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.matchesPattern("/api/cases/\\d+")))
                .andExpect(jsonPath("$.case.receivedAt").value("2026-11-20T09:30:00+08:00"))
                .andExpect(jsonPath("$.evaluation.referenceTime").value("2026-11-20T09:30:00+08:00"))
                .andExpect(jsonPath("$.evaluation.rulesetVersion").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.evaluation.decisions[*].type", hasItem("MAJOR_INCIDENT")))
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'APPROVAL')].value").value("SUBSIDIARY_GENERAL_MANAGER"))
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'APPROVAL')].source")
                        .value("decision-tables/approval-authority.xlsx!Authority!11"))
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'RESPONSE_DEADLINE')].value").value("2026-11-21T09:30:00+08:00"))
                .andExpect(jsonPath("$.evaluation.firedRules[*].rule", hasItem("满意度回访：每个案件 / Satisfaction call: every case")))
                .andReturn();
        long id = caseId(result);
        JsonNode evaluation = body(result).get("evaluation");
        for (JsonNode decision : evaluation.get("decisions")) {
            for (String field : new String[] {"type", "value", "clause", "rule", "source", "reason"}) {
                assertThat(decision.get(field).asString()).as(field + " of " + decision).isNotBlank();
            }
        }

        mvc.perform(get("/api/cases/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.caseId").value(id))
                .andExpect(jsonPath("$.case.product.code").value(product))
                .andExpect(jsonPath("$.evaluations", hasSize(1)))
                .andExpect(jsonPath("$.evaluations[0].referenceTime").value("2026-11-20T09:30:00+08:00"))
                .andExpect(jsonPath("$.evaluations[0].decisions", hasSize(evaluation.get("decisions").size())));
        assertThat(jdbc.sql("select count(*) from decision d join evaluation e on e.id = d.evaluation_id where e.case_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(evaluation.get("decisions").size());
    }

    @Test
    @DisplayName("reasons answer in the language asked for, and both are recorded as given")
    void reasonsInTheLanguageAskedFor() throws Exception {
        MvcResult chinese = mvc.perform(post("/api/cases").header("Accept-Language", "zh-CN,zh;q=0.9")
                        .contentType(MediaType.APPLICATION_JSON).content(example().toString()))
                .andExpect(status().isCreated()).andReturn();
        long id = caseId(chinese);
        for (JsonNode d : body(chinese).at("/evaluation/decisions")) {
            assertThat(d.get("reason").asString()).as("Chinese reason of " + d).containsPattern("\\p{IsHan}");
            assertThat(d.at("/reasons/zh").asString()).isEqualTo(d.get("reason").asString());
            assertThat(d.at("/reasons/en").asString()).as(d.toString()).isNotBlank().doesNotContainPattern("\\p{IsHan}");
        }
        JsonNode english = body(mvc.perform(get("/api/cases/" + id).header("Accept-Language", "en-GB,en;q=0.9"))
                .andExpect(status().isOk()).andReturn());
        JsonNode approval = null;
        for (JsonNode d : english.at("/evaluations/0/decisions")) {
            assertThat(d.get("reason").asString()).isEqualTo(d.at("/reasons/en").asString());
            if (d.get("type").asString().equals("APPROVAL")) approval = d;
        }
        assertThat(approval).isNotNull();
        assertThat(approval.at("/reasons/en").asString()).contains("CNY 8,000", "SUBSIDIARY_GENERAL_MANAGER");
        assertThat(approval.at("/reasons/zh").asString()).contains("¥8,000", "子（分）公司总经理", "权限范围");
        assertThat(jdbc.sql("""
                        select count(*) from decision d join evaluation e on e.id = d.evaluation_id
                        where e.case_id = ? and d.reason is not null and d.reason_zh is not null""")
                .param(id).query(Long.class).single()).isEqualTo(english.at("/evaluations/0/decisions").size());
    }

    @Test
    @DisplayName("POST /api/cases/{id}/evaluations adds findings and a second evaluation; the first stays as it was")
    void addsFindings() throws Exception {
        ObjectNode intake = example();
        intake.remove("findings");
        MvcResult first = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(intake.toString()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.evaluation.decisions[*].type", not(hasItem("REMEDY"))))
                .andReturn();
        long id = caseId(first);
        String firstDecisions = body(first).get("evaluation").get("decisions").toString();

        MvcResult second = mvc.perform(post("/api/cases/" + id + "/evaluations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"findings\": {\"cause\": \"IMPROPER_OPERATION\", \"staffDispatched\": 1}}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.caseId").value(id))
                .andExpect(jsonPath("$.case.findings.cause").value("IMPROPER_OPERATION"))
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'REMEDY')].value").value("NONE"))
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'CUSTOMER_TRAINING')].value").value("RECOMMENDED"))
                .andReturn();

        MvcResult history = mvc.perform(get("/api/cases/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.evaluations", hasSize(2)))
                .andExpect(jsonPath("$.case.findings.cause").value("IMPROPER_OPERATION"))
                .andReturn();
        JsonNode evaluations = body(history).get("evaluations");
        assertThat(evaluations.get(0).get("decisions").toString()).isEqualTo(firstDecisions);
        // each evaluation's own decisions, in their order (read for the whole case at once)
        assertThat(evaluations.get(1).get("decisions").toString())
                .isEqualTo(body(second).get("evaluation").get("decisions").toString());
        assertThat(evaluations.get(1).get("firedRules").toString())
                .isEqualTo(body(second).get("evaluation").get("firedRules").toString());
        assertThat(body(history).get("recordedBy").asString()).isNotBlank();
        assertThat(evaluations.get(0).get("id").asLong()).isLessThan(evaluations.get(1).get("id").asLong());
    }

    @Test
    @DisplayName("The third confirmed defect of a product and problem within 180 days gets a recurring rectification order")
    void priorDefectsComeFromTheRecords() throws Exception {
        register(defect("2026-03-01T10:00:00+08:00", "B1"));
        register(defect("2026-04-01T10:00:00+08:00", "B1"));
        ObjectNode third = defect("2026-05-01T10:00:00+08:00", "B1");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(third.toString()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.evaluation.priorDefects", hasSize(2)))
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'RECTIFICATION_ORDER')].value", hasItem("RECURRING")));
    }

    @Test
    @DisplayName("For systemic defects the latest defect of each other batch and site is loaded, and enough to decide")
    void systemicDefectsNeedTheLatestDefectPerBatchAndSite() throws Exception {
        register(defect("2026-03-01T10:00:00+08:00", "B1", "OTHER-1", "SITE-A"));
        long latestOfB1 = register(defect("2026-03-15T10:00:00+08:00", "B1", "OTHER-1", "SITE-A"));
        long b2 = register(defect("2026-04-01T10:00:00+08:00", "B2", "OTHER-2", "SITE-A"));
        long b3 = register(defect("2026-04-15T10:00:00+08:00", "B3", "OTHER-3", "SITE-B"));
        mvc.perform(post("/api/evaluate").contentType(MediaType.APPLICATION_JSON)
                        .content(defect("2026-05-01T10:00:00+08:00", "B4", "OTHER-4", "SITE-A").toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.evaluation.priorDefects[*].caseId", containsInAnyOrder(
                        (int) latestOfB1, (int) b2, (int) b3)))
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'RECTIFICATION_ORDER')].value",
                        containsInAnyOrder("SYSTEMIC")));
    }

    @Test
    @DisplayName("A case whose latest evaluation is no longer a product defect does not count as a prior defect")
    void onlyTheLatestEvaluationConfirmsADefect() throws Exception {
        register(defect("2026-03-01T10:00:00+08:00", "B1"));
        long revised = register(defect("2026-04-01T10:00:00+08:00", "B1"));
        mvc.perform(post("/api/cases/" + revised + "/evaluations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"findings\": {\"cause\": \"IMPROPER_OPERATION\"}}"))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/evaluate").contentType(MediaType.APPLICATION_JSON)
                        .content(defect("2026-05-01T10:00:00+08:00", "B1").toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.evaluation.priorDefects", hasSize(1)))
                .andExpect(jsonPath("$.evaluation.decisions[*].value", not(hasItem("RECURRING"))));
    }

    @Test
    @DisplayName("POST /api/evaluate answers the decisions and records nothing")
    void whatIfRecordsNothing() throws Exception {
        Map<String, Long> before = counts();
        mvc.perform(post("/api/evaluate").contentType(MediaType.APPLICATION_JSON).content(example().toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.evaluation.id").doesNotExist())
                .andExpect(jsonPath("$.evaluation.decisions[?(@.type == 'REMEDY')].value").value("RETURN_OR_REPLACE"));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @DisplayName("Invalid input answers 400 problem+json naming every bad field, and records nothing")
    void invalidInputNamesEveryField() throws Exception {
        Map<String, Long> before = counts();
        ObjectNode bad = example();
        bad.put("quantity", -5);
        bad.put("productionDate", "2026-12-01");
        bad.put("channel", "FAX");
        ((ObjectNode) bad.get("findings")).put("cause", "BAD_LUCK");
        ((ObjectNode) bad.get("customer")).remove("province");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(bad.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder(
                        "quantity", "productionDate", "channel", "findings.cause", "customer.province")));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @DisplayName("Malformed JSON and wrong types answer 400 problem+json; nothing is recorded")
    void malformedJson() throws Exception {
        Map<String, Long> before = counts();
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content("{\"externalRef\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The body is not valid JSON")));
        ObjectNode wrongType = example();
        wrongType.put("quantity", "many");
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(wrongType.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("quantity"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number"));
        mvc.perform(post("/api/cases/1/evaluations").contentType(MediaType.APPLICATION_JSON).content("{\"findings\": {}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("findings.cause")));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @DisplayName("An unknown case id answers 404 problem+json")
    void unknownCase() throws Exception {
        mvc.perform(get("/api/cases/987654321"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        Map<String, Long> before = counts();
        mvc.perform(post("/api/cases/987654321/evaluations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"findings\": {\"cause\": \"UNDETERMINED\"}}"))
                .andExpect(status().isNotFound());
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @DisplayName("A retry with the same externalRef and content answers 200 with the first answer and records nothing")
    void retryByExternalRefGetsTheFirstAnswer() throws Exception {
        ObjectNode data = example();
        MvcResult first = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated()).andReturn();
        Map<String, Long> before = counts();
        MvcResult retry = mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toPrettyString()))
                .andExpect(status().isOk())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(header().string("Location", "/api/cases/" + caseId(first)))
                .andReturn();
        assertThat(sameAnswer(body(retry))).isEqualTo(sameAnswer(body(first)));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @DisplayName("The same externalRef with other content answers 409 problem+json naming the recorded case; nothing is recorded")
    void sameExternalRefOtherContent() throws Exception {
        ObjectNode data = example();
        long id = register(data);
        Map<String, Long> before = counts();
        data.put("quantity", 999);
        mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.caseId").value(id));
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    @DisplayName("A retry with the same Idempotency-Key gets the first answer; the key with other content answers 422")
    void retryByIdempotencyKey() throws Exception {
        ObjectNode data = example();
        data.remove("externalRef");
        String key = UUID.randomUUID().toString();
        MvcResult first = mvc.perform(post("/api/cases").header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated()).andReturn();
        Map<String, Long> before = counts();
        MvcResult retry = mvc.perform(post("/api/cases").header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isOk())
                .andReturn();
        assertThat(sameAnswer(body(retry))).isEqualTo(sameAnswer(body(first)));
        data.put("quantity", 7);
        mvc.perform(post("/api/cases").header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.caseId").value(caseId(first)));
        mvc.perform(post("/api/cases").header("Idempotency-Key", "x".repeat(201))
                        .contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
        assertThat(counts()).isEqualTo(before);

        // a key is its client's own: another system that happens to choose the same key records its own case
        MvcResult other = mvc.perform(post("/api/cases").header("Idempotency-Key", key).with(user("another-system").roles("SYSTEM"))
                        .contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated()).andReturn();
        assertThat(caseId(other)).isNotEqualTo(caseId(first));
    }

    @Test
    @DisplayName("Findings added to one case at the same time each become an evaluation of their own (201), numbered in order")
    void concurrentFindingsOnOneCase() throws Exception {
        long id = register(example());
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MvcResult>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int staff = i + 1;
                answers.add(pool.submit(() -> {
                    start.await();
                    return mvc.perform(post("/api/cases/" + id + "/evaluations").contentType(MediaType.APPLICATION_JSON)
                            .content("{\"findings\": {\"cause\": \"IMPROPER_OPERATION\", \"staffDispatched\": " + staff + "}}")
                            .with(user("crm").roles("SYSTEM"))).andReturn();
                }));
            }
            start.countDown();
            for (Future<MvcResult> answer : answers) {
                MvcResult result = answer.get(60, TimeUnit.SECONDS);
                assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select seq from evaluation where case_id = ? order by seq").param(id).query(Integer.class).list())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        Set<Long> staff = new HashSet<>(jdbc.sql("select facts_json from evaluation where case_id = ? and seq > 1")
                .param(id).query(String.class).list().stream()
                .map(facts -> json.readTree(facts).at("/findings/staffDispatched").asLong()).toList());
        assertThat(staff).as("every request's findings recorded once").hasSize(n);
    }

    @Test
    @DisplayName("50 concurrent identical requests with one externalRef record exactly one case, and all get its answer")
    void concurrentRetriesByExternalRef() throws Exception {
        ObjectNode data = example();
        assertConcurrentRetriesRecordOne(data, null);
    }

    @Test
    @DisplayName("50 concurrent identical requests with one Idempotency-Key record exactly one case")
    void concurrentRetriesByIdempotencyKey() throws Exception {
        ObjectNode data = example();
        data.remove("externalRef");
        assertConcurrentRetriesRecordOne(data, UUID.randomUUID().toString());
    }

    private void assertConcurrentRetriesRecordOne(ObjectNode data, String key) throws Exception {
        Map<String, Long> before = counts();
        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MvcResult>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    var request = post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString())
                            .with(user("crm").roles("SYSTEM")); // the test's own user lives on the test's thread only
                    if (key != null) {
                        request.header("Idempotency-Key", key);
                    }
                    return mvc.perform(request).andReturn();
                }));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            Set<String> distinctAnswers = new HashSet<>();
            for (Future<MvcResult> answer : answers) {
                MvcResult result = answer.get(60, TimeUnit.SECONDS);
                statuses.merge(result.getResponse().getStatus(), 1, Integer::sum);
                assertThat(body(result).has("evaluation")).as("%d %s", result.getResponse().getStatus(),
                        result.getResponse().getContentAsString()).isTrue();
                distinctAnswers.add(sameAnswer(body(result)));
            }
            assertThat(statuses).isEqualTo(Map.of(201, 1, 200, n - 1));
            assertThat(distinctAnswers).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> after = counts();
        assertThat(after.get("cases")).isEqualTo(before.get("cases") + 1);
        assertThat(after.get("evaluations")).isEqualTo(before.get("evaluations") + 1);
    }

    @Test
    @DisplayName("Concurrent new cases, retries and changed duplicates (sharing commits): each new case 201, each retry"
            + " the first answer (200), each changed duplicate 409; a conflict never fails the others")
    void concurrentNewCasesRetriesAndDuplicates() throws Exception {
        ObjectNode recorded = example();
        long first = register(recorded);
        ObjectNode changed = recorded.deepCopy().put("quantity", 999);
        Map<String, Long> before = counts();
        int n = 48;
        Map<Integer, ObjectNode> sent = new java.util.HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MvcResult>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ObjectNode data = i % 4 == 0 ? recorded : i % 4 == 1 ? changed : example();
                sent.put(i, data);
                answers.add(pool.submit(() -> {
                    start.await();
                    return mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString())
                            .with(user("crm").roles("SYSTEM"))).andReturn();
                }));
            }
            start.countDown();
            Set<Long> created = new HashSet<>();
            for (int i = 0; i < n; i++) {
                MvcResult result = answers.get(i).get(60, TimeUnit.SECONDS);
                int expected = i % 4 == 0 ? 200 : i % 4 == 1 ? 409 : 201;
                assertThat(result.getResponse().getStatus()).as("request %d: %s", i, result.getResponse().getContentAsString())
                        .isEqualTo(expected);
                long caseId = body(result).get("caseId").asLong();
                if (expected == 201) {
                    created.add(caseId);
                    assertOwnCase(sent.get(i), body(result));
                } else {
                    assertThat(caseId).isEqualTo(first);
                }
            }
            assertThat(created).hasSize(n / 2);
            for (long id : created) { // answered 201: committed, with its evaluation
                assertThat(jdbc.sql("select count(*) from evaluation where case_id = ?").param(id).query(Long.class).single())
                        .isEqualTo(1L);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> after = counts();
        assertThat(after.get("cases")).isEqualTo(before.get("cases") + n / 2);
        assertThat(after.get("evaluations")).isEqualTo(before.get("evaluations") + n / 2);
    }

    @Test
    @DisplayName("Concurrent new cases (written together, one statement per table): each 201 names its own case and"
            + " evaluation")
    void concurrentNewCasesEachGetTheirOwn() throws Exception {
        Map<String, Long> before = counts();
        int n = 40;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<ObjectNode> sent = new ArrayList<>();
        List<Future<MvcResult>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ObjectNode data = example();
                data.put("quantity", 1 + i);
                sent.add(data);
                answers.add(pool.submit(() -> {
                    start.await();
                    return mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString())
                            .with(user("crm").roles("SYSTEM"))).andReturn();
                }));
            }
            start.countDown();
            for (int i = 0; i < n; i++) {
                MvcResult result = answers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
                assertOwnCase(sent.get(i), body(result));
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> after = counts();
        assertThat(after.get("cases")).isEqualTo(before.get("cases") + n);
        assertThat(after.get("evaluations")).isEqualTo(before.get("evaluations") + n);
    }

    /** The answer's case is the one sent, recorded with it, and its evaluation is that case's. */
    private void assertOwnCase(ObjectNode sent, JsonNode answer) {
        long caseId = answer.get("caseId").asLong();
        assertThat(jdbc.sql("select intake_json from aftersales_case where id = ?").param(caseId).query(String.class)
                .single()).contains("\"externalRef\":\"" + sent.get("externalRef").asText() + "\"")
                .contains("\"quantity\":" + sent.get("quantity").asInt());
        assertThat(jdbc.sql("select case_id from evaluation where id = ?").param(answer.get("evaluation").get("id").asLong())
                .query(Long.class).single()).isEqualTo(caseId);
    }

    /** An answer without evaluatedAt, whose text the database may give with another offset or precision. */
    private static String sameAnswer(JsonNode answer) {
        ObjectNode copy = (ObjectNode) answer.deepCopy();
        ((ObjectNode) copy.get("evaluation")).remove("evaluatedAt");
        return copy.toString();
    }

    @Test
    @DisplayName("Health shows the active ruleset version; the OpenAPI document lists the endpoints")
    void healthAndOpenApi() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.ruleset.details.version").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")));
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/cases']").exists())
                .andExpect(jsonPath("$.paths['/api/evaluate']").exists());
    }

    private long register(ObjectNode data) throws Exception {
        return caseId(mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated()).andReturn());
    }

    private ObjectNode defect(String receivedAt, String batch) {
        return defect(receivedAt, batch, product, "SITE-A");
    }

    private ObjectNode defect(String receivedAt, String batch, String productCode, String site) {
        ObjectNode data = example();
        ((ObjectNode) data.get("product")).put("code", productCode);
        data.put("productionSite", site);
        data.put("receivedAt", receivedAt);
        data.put("productionDate", "2026-02-01");
        data.put("batchNumber", batch);
        ((ObjectNode) data.get("problem")).put("category", "P" + product.replace("-", "_").toUpperCase());
        return data;
    }

    /** The README's example case, with this test's own product code and a fresh external reference. */
    ObjectNode example() {
        try {
            ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
            data.put("externalRef", "TEST-" + UUID.randomUUID());
            ((ObjectNode) data.get("product")).put("code", product);
            return data;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    private long caseId(MvcResult result) throws Exception {
        return body(result).get("caseId").asLong();
    }

    private Map<String, Long> counts() {
        return Map.of(
                "cases", jdbc.sql("select count(*) from aftersales_case").query(Long.class).single(),
                "evaluations", jdbc.sql("select count(*) from evaluation").query(Long.class).single(),
                "decisions", jdbc.sql("select count(*) from decision").query(Long.class).single());
    }
}
