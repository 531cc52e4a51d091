package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.Workbooks;
import com.example.aftersales.bench.RandomCases;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;

/**
 * The impact of a draft in money, as a quality manager reads it: two drafts over a generated history — the major
 * incident threshold lowered to 10,000 CNY, and the 20,000 to 100,000 CNY approval tier given to the company's quality leader —
 * each replayed over the window chosen from the data; their figures (major incidents and loss before and after, in
 * all and by unit and province; approvals moving between levels with their value) checked against the recorded facts,
 * in the API and on the pages in a Chinese Chromium; the two side by side; a period without cases is a warning in words.
 * <p>On H2 only: what the pages show is computed from the replays' runs and changes, whose statements ReplayApiTest
 * runs on both databases (the same two-figure threshold change, its difference in money and approvals).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.security.admin-password=impact-test-password",
        "aftersales.test.database=impact_browser"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImpactBrowserTest {

    static final int CASES = 300;
    static final BigDecimal LOWER = new BigDecimal("10000");
    static final BigDecimal THRESHOLD = new BigDecimal("20000");
    /** The level of the 20,000 to 100,000 CNY tier, and the one the approval draft gives it to. */
    static final String QM = "QUALITY_DEPARTMENT_HEAD";
    static final String GM = "COMPANY_QUALITY_LEADER";

    @LocalServerPort
    int port;
    @Value("${aftersales.security.admin-password}")
    String adminPassword;
    @Autowired
    CaseService cases;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    private RestClient api;
    private Browser browser;

    /** The recorded cases whose loss is from 10,000 up to 20,000 CNY: they become major incidents. */
    private final List<CaseData> between = new ArrayList<>();
    /** The recorded cases approved by the quality department head: they move to the company's quality leader. */
    private final List<CaseData> approvedByQm = new ArrayList<>();
    private String thresholdDraft;
    private String approvalDraft;
    private long thresholdRun;
    private long approvalRun;

    @BeforeAll
    void historyAndTwoDrafts() throws Exception {
        api = RestClient.builder().baseUrl("http://localhost:" + port).defaultHeader(HttpHeaders.AUTHORIZATION, "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8))).build();
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < CASES; i++) {
            cases.register(json.readValue(RandomCases.randomCase(random, "IMPACT-" + i), CaseData.class), "test");
        }
        for (var row : jdbc.sql("select facts_json from evaluation").query().listOfRows()) {
            CaseData data = json.readValue((String) row.get("facts_json"), CaseData.class);
            BigDecimal loss = data.findings() == null ? null : data.findings().directLossCny();
            if (loss != null && loss.compareTo(LOWER) >= 0 && loss.compareTo(THRESHOLD) < 0) {
                between.add(data);
            }
        }
        for (var row : jdbc.sql("""
                        select e.facts_json from decision d join evaluation e on e.id = d.evaluation_id
                        where d.type = 'APPROVAL' and d.decision_value = ?""").param(QM).query().listOfRows()) {
            approvedByQm.add(json.readValue((String) row.get("facts_json"), CaseData.class));
        }
        assertThat(between).isNotEmpty();
        assertThat(approvedByQm).isNotEmpty();

        thresholdDraft = validDraft("major-incident.xlsx", Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 10000));
        approvalDraft = validDraft("approval-authority.xlsx",
                Workbooks.withCell("decision-tables/approval-authority.xlsx", 11, 3, GM));
        thresholdRun = impact(thresholdDraft);
        approvalRun = impact(approvalDraft);
        browser = Browser.start(port, "zh-CN");
        browser.logIn(adminPassword);
    }

    @AfterAll
    void stopChromium() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theDefaultWindowIsTheWholeHistoryAndItsMajorIncidentsAndLossAreCountedBeforeAndAfter() {
        JsonNode run = run(thresholdRun, "en");
        ZoneId china = ZoneId.of("Asia/Shanghai");
        LocalDate first = jdbc.sql("select min(received_at) from aftersales_case").query(java.time.OffsetDateTime.class).single()
                .atZoneSameInstant(china).toLocalDate();
        assertThat(run.get("from").asString()).isEqualTo(first.toString());
        assertThat(run.get("total").asLong()).isEqualTo(CASES);
        assertThat(run.get("warnings")).isEmpty();
        JsonNode business = run.at("/summary/business");
        BigDecimal lossOfBetween = sum(between, d -> d.findings().directLossCny());
        long majorBefore = business.at("/before/majorIncidents").asLong();
        assertThat(business.at("/after/majorIncidents").asLong() - majorBefore).isEqualTo(between.size());
        assertThat(business.at("/after/majorLossCny").decimalValue().subtract(business.at("/before/majorLossCny").decimalValue()))
                .isEqualByComparingTo(lossOfBetween);
        // by unit and by province: the differences are exactly the between-cases' losses there
        assertThat(differences(business.get("byUnit"))).isEqualTo(expected(between, d -> d.responsibleUnit().code()));
        assertThat(differences(business.get("byProvince"))).isEqualTo(expected(between, d -> d.customer().province()));
        // the money of compensation and approval does not move with the threshold
        assertThat(business.at("/after/compensationCny").decimalValue()).isEqualByComparingTo(business.at("/before/compensationCny").decimalValue());
        assertThat(business.get("approvalMoves")).isEmpty();
    }

    @Test
    void casesMoveFromOneApprovalLevelToAnotherWithTheirValue() {
        JsonNode business = run(approvalRun, "en").at("/summary/business");
        BigDecimal value = sum(approvedByQm, d -> d.findings().remedyValueCny());
        assertThat(business.get("approvalMoves")).hasSize(1);
        JsonNode move = business.get("approvalMoves").get(0);
        assertThat(move.get("before").asString()).isEqualTo(QM);
        assertThat(move.get("after").asString()).isEqualTo(GM);
        assertThat(move.get("cases").asLong()).isEqualTo(approvedByQm.size());
        assertThat(move.get("valueCny").decimalValue()).isEqualByComparingTo(value);
        for (JsonNode level : business.get("approvals")) {
            if (level.get("level").asString().equals(QM)) {
                assertThat(level.get("casesBefore").asLong()).isEqualTo(approvedByQm.size());
                assertThat(level.get("casesAfter").asLong()).isZero();
                assertThat(level.get("valueBeforeCny").decimalValue()).isEqualByComparingTo(value);
            }
            if (level.get("level").asString().equals(GM)) {
                assertThat(level.get("valueAfterCny").decimalValue().subtract(level.get("valueBeforeCny").decimalValue()))
                        .isEqualByComparingTo(value);
            }
        }
    }

    @Test
    void theReplayPageInChineseShowsTheMoneyAndDrillsDownToAUnitsCases() throws Exception {
        browser.open("/console/replays/" + thresholdRun);
        WebElement totals = browser.waitFor(By.id("impact-totals-" + thresholdRun));
        WebElement major = totals.findElement(By.cssSelector("tr[data-figure='impact.majorIncidents']"));
        assertThat(major.getText()).startsWith("较大以上质量事故（P15）").endsWith("+" + between.size());
        assertThat(major.getAttribute("class")).contains("moved");
        WebElement loss = totals.findElement(By.cssSelector("tr[data-figure='impact.majorLoss'] td.diff"));
        assertThat(loss.getText()).isEqualTo("+¥" + grouped(sum(between, d -> d.findings().directLossCny())));
        WebElement compensation = totals.findElement(By.cssSelector("tr[data-figure='impact.compensationValue']"));
        assertThat(compensation.getAttribute("class")).as("what did not change recedes").doesNotContain("moved");
        assertThat(compensation.findElement(By.cssSelector("td.diff")).getText()).isEqualTo("¥0");
        browser.waitFor(By.cssSelector("#chart-money canvas"));
        browser.waitFor(By.cssSelector("#chart-matrix canvas"));
        // the browser asks for less motion (Browser): the charts are drawn at once, not animated in
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "return [echarts.getInstanceByDom(document.getElementById('chart-money')).getOption().animation,"
                        + " echarts.getInstanceByDom(document.getElementById('chart-matrix')).getOption().animation]"))
                .isEqualTo(java.util.List.of(false, false));
        assertThat(browser.driver.findElement(By.cssSelector("#result")).getText()).contains("图中只画决策发生变化的案件");
        browser.screenshot("impact-money");

        // the unit with the largest change comes first; its link lists exactly its changed cases
        Map<String, BigDecimal> byUnit = expected(between, d -> d.responsibleUnit().code());
        WebElement top = browser.driver.findElement(By.cssSelector("#impact-unit-" + thresholdRun + " tbody tr"));
        String unit = top.getAttribute("data-key");
        assertThat(byUnit.get(unit)).isEqualByComparingTo(byUnit.values().stream().max(BigDecimal::compareTo).orElseThrow());
        long ofUnit = between.stream().filter(d -> d.responsibleUnit().code().equals(unit)).count();
        assertThat(top.findElements(By.cssSelector("td.diff")).get(0).getText()).isEqualTo("+¥" + grouped(byUnit.get(unit)));
        top.findElement(By.cssSelector("a.drill")).click();
        browser.waitFor(By.id("change-scope"));
        assertThat(browser.driver.findElement(By.id("change-scope")).getText()).contains("仅限").contains("责任单位");
        assertThat(browser.driver.findElement(By.id("change-count")).getText()).contains(String.valueOf(ofUnit));
        assertThat(browser.driver.findElements(By.cssSelector("#changes tbody tr"))).hasSize((int) Math.min(ofUnit, 25));
        // a case is shown by its reference, as on its own page
        assertThat(browser.driver.findElement(By.cssSelector("#changes tbody tr a")).getText()).startsWith("LOAD-IMPACT-");

        // filtered by decision type, each change keeps its reason, in Chinese
        browser.open("/console/replays/" + thresholdRun + "/changes?type=MAJOR_INCIDENT&unit=" + unit);
        WebElement row = browser.waitFor(By.cssSelector("#changes tbody tr"));
        assertThat(row.getText()).startsWith("LOAD-IMPACT-").contains("达到较大以上质量事故标准（¥10,000 及以上）");
        assertThat(browser.driver.findElement(By.id("change-count")).getText()).contains(String.valueOf(ofUnit));
    }

    @Test
    void theDraftsPageShowsItsImpactInMoney() {
        browser.open("/console/rulesets/" + approvalDraft);
        WebElement totals = browser.waitFor(By.id("impact-totals-" + approvalRun));
        assertThat(totals.findElement(By.cssSelector("tr[data-figure='impact.approvals']")).getText()).endsWith("0");
        assertThat(browser.driver.findElement(By.cssSelector("#impact-form input[name=days]")).getAttribute("placeholder"))
                .isEqualTo("留空：按已受理案件自动选择期间");
    }

    @Test
    void twoDraftsSideBySide() throws Exception {
        JsonNode compared = json.readTree(get("/api/replays/compare?a=" + thresholdRun + "&b=" + approvalRun, "en"));
        assertThat(compared.at("/a/id").asLong()).isEqualTo(thresholdRun);
        assertThat(compared.at("/b/id").asLong()).isEqualTo(approvalRun);
        assertThat(compared.at("/difference/majorIncidents").asLong()).isEqualTo(-between.size());

        browser.open("/console/replays/compare?a=" + thresholdRun + "&b=" + approvalRun);
        WebElement totals = browser.waitFor(By.id("compare-totals"));
        WebElement major = totals.findElement(By.cssSelector("tr[data-figure='impact.majorIncidents']"));
        assertThat(major.findElement(By.cssSelector("td.diff.a")).getText()).isEqualTo("+" + between.size());
        assertThat(major.findElement(By.cssSelector("td.diff.b")).getText()).isEqualTo("0");
        assertThat(major.findElement(By.cssSelector("td.diff.ba")).getText()).isEqualTo("−" + between.size());
        assertThat(browser.driver.findElement(By.tagName("h1")).getText())
                .isEqualTo("回放 " + thresholdRun + " 与回放 " + approvalRun + " 并排比较");
        assertThat(browser.driver.findElement(By.id("compare-transitions-B")).getText()).contains("审批");
        // a unit is listed with each run's figures and a link to each run's cases
        assertThat(browser.driver.findElements(By.cssSelector("#compare-unit tbody tr"))).isNotEmpty();
        browser.screenshot("impact-compare");
    }

    @Test
    void aPeriodWithoutCasesIsAWarningInWordsNotASilentSuccess() {
        String started = post("/api/replays", """
                {"candidate": {"rulesetVersion": "%s"}, "from": "2019-01-01", "to": "2019-01-31"}""".formatted(thresholdDraft));
        long id = json.readTree(started).get("id").asLong();
        awaitDone(id);
        JsonNode english = run(id, "en");
        assertThat(english.get("total").asLong()).isZero();
        assertThat(english.at("/summary/warnings/0").asString()).isEqualTo("EMPTY_WINDOW");
        assertThat(english.at("/warnings/0/code").asString()).isEqualTo("EMPTY_WINDOW");
        assertThat(english.at("/warnings/0/message").asString()).startsWith("No recorded case was received in this period");
        assertThat(run(id, "zh-CN").at("/warnings/0/message").asString()).startsWith("此期间内没有受理的案件");

        browser.open("/console/replays/" + id);
        WebElement warning = browser.waitFor(By.id("replay-warnings"));
        assertThat(warning.getText()).contains("此期间内没有受理的案件").contains("请选择包含案件的期间");
        assertThat(warning.findElement(By.cssSelector("p")).getAttribute("data-warning")).isEqualTo("EMPTY_WINDOW");
    }

    // --- helpers

    private static BigDecimal sum(List<CaseData> list, java.util.function.Function<CaseData, BigDecimal> amount) {
        return list.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static Map<String, BigDecimal> expected(List<CaseData> list, java.util.function.Function<CaseData, String> key) {
        Map<String, BigDecimal> map = new TreeMap<>();
        list.forEach(d -> map.merge(key.apply(d), d.findings().directLossCny(), BigDecimal::add));
        map.replaceAll((k, v) -> v.stripTrailingZeros());
        return map;
    }

    /** Per group, the difference in major-incident loss (groups whose loss did not change left out). */
    private static Map<String, BigDecimal> differences(JsonNode groups) {
        Map<String, BigDecimal> map = new TreeMap<>();
        for (JsonNode g : groups) {
            BigDecimal d = g.at("/after/majorLossCny").decimalValue().subtract(g.at("/before/majorLossCny").decimalValue());
            if (d.signum() != 0) {
                map.put(g.get("key").asString(), d.stripTrailingZeros());
            }
        }
        return map;
    }

    private static String grouped(BigDecimal amount) {
        BigDecimal scaled = amount.setScale(2, java.math.RoundingMode.HALF_UP);
        return new DecimalFormat(scaled.stripTrailingZeros().scale() <= 0 ? "#,##0" : "#,##0.00",
                DecimalFormatSymbols.getInstance(Locale.ROOT)).format(scaled);
    }

    /** A valid draft with one file changed: the scenarios it changes are accepted as its new expectation. */
    private String validDraft(String name, byte[] workbook) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("files", new ByteArrayResource(workbook) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        parts.add("comment", "impact test: " + name);
        JsonNode draft = json.readTree(call(api.post().uri("/api/rulesets/drafts").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts), 201));
        if (draft.at("/validation/valid").asBoolean()) {
            return draft.get("version").asString();
        }
        List<String> failing = new ArrayList<>();
        draft.at("/validation/scenarioFailures").forEach(f -> failing.add(f.get("scenario").asString()));
        assertThat(draft.at("/validation/errors")).as(draft.toString()).isEmpty();
        JsonNode accepted = json.readTree(call(api.post().uri("/api/rulesets/" + draft.get("version").asString() + "/scenarios/accept")
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(Map.of("scenarios", failing, "comment", "QD decided"))), 201));
        assertThat(accepted.at("/validation/valid").asBoolean()).as(accepted.toString()).isTrue();
        return accepted.get("version").asString();
    }

    /** Starts a draft's impact over the default window and waits for it. */
    private long impact(String version) {
        long id = json.readTree(call(api.post().uri("/api/rulesets/" + version + "/impact"), 202)).get("replayId").asLong();
        awaitDone(id);
        assertThat(run(id, "en").get("status").asString()).isEqualTo("SUCCEEDED");
        return id;
    }

    private void awaitDone(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> !run(id, "en").get("status").asString().equals("RUNNING"));
    }

    private JsonNode run(long id, String language) {
        return json.readTree(get("/api/replays/" + id, language));
    }

    private String get(String path, String language) {
        return call(api.get().uri(path).header(HttpHeaders.ACCEPT_LANGUAGE, language), 200);
    }

    private String post(String path, String body) {
        return call(api.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body), 202);
    }

    private static String call(RestClient.RequestHeadersSpec<?> request, int status) {
        ResponseEntity<String> response = request.retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        return response.getBody();
    }
}
