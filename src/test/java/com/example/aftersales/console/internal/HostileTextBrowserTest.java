package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.Workbooks;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.rulesets.RulesetStore;

/**
 * Stored and reflected cross-site scripting, in a real Chromium (zh-CN): a system records, through the API with its
 * key, cases whose every free-text field holds hostile text (markup, a closing script tag, a {@code javascript:}
 * address, template syntax, an attribute breaker, formula starters, Chinese), with follow-up events; a draft and an
 * activation carry hostile comments and a hostile cell; a replay filters on the hostile product code. Then every
 * console page is opened: no dialog opens (alert, confirm and prompt are watched from before any page script), no
 * markup of the hostile text becomes an element or an event handler, the text is shown as text, the charts draw
 * (with a tooltip shown), the browser reports no Content-Security-Policy violation, and every answer carries the
 * security headers. The downloads keep the hostile text from being a formula.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.security.admin-password=hostile-text-password",
        "aftersales.test.database=hostile_browser",
        // not about governance (GovernedActivationTest): one quality manager activates, as before
        "aftersales.rules.four-eyes=false", "aftersales.rules.impact-required=false"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTextBrowserTest {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    // the hostile texts, each in a field a page or an export shows
    static final String REF = "HX\"><svg/onload=alert(1)>-";
    static final String CUSTOMER = "湘潭矿业</script><script>alert(2)</script>";
    static final String PROVINCE = "湖南' onmouseover='alert(3)";
    static final String CONTACT = "javascript:alert(4)";
    static final String UNIT = "U<svg/onload=alert(5)>";
    static final String PRODUCT = "=1+2 P</script><script>alert(6)</script>";
    static final String PRODUCT_NAME = "{{7*7}} [[${7*7}]] ${7*7} 起爆具";
    static final String SPEC = "<img src=x onerror=alert(7)>";
    static final String BATCH = "+B\"><iframe src=javascript:alert(8)>";
    static final String SITE = "@S<style>body{display:none}</style>";
    static final String DESCRIPTION_1 = "-1 三个炮孔拒爆 <script>alert(9)</script>";
    static final String DESCRIPTION_2 = "<a href=\"javascript:alert(10)\">点击</a>";
    static final String REMARKS = "=HYPERLINK(\"http://evil.example\") <img src=x onerror=alert(11)> 备注";
    static final String LINE_REASON = "<body onload=alert(12)>退货原因";
    static final String DRAFT_COMMENT = "草稿 <script>alert(13)</script>";
    static final String ACTIVATION_COMMENT = "启用 \"><img src=x onerror=alert(14)>";
    static final String CELL = "<img src=x onerror=alert(15)>";

    /** Records alert, confirm, prompt and print calls and policy violations, in every document before its scripts. */
    static final String WATCH = """
            (function () {
              var seen = window.__hostile = [];
              ['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
                window[name] = function (message) { seen.push(name + '(' + message + ')'); return null; };
              });
              document.addEventListener('securitypolicyviolation', function (e) {
                seen.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
              });
            })();""";

    /**
     * What is wrong on the page: an event handler attribute, a javascript: address, a script not loaded from this
     * service, or an element the console never renders (hostile markup that became an element).
     */
    static final String LIVE_MARKUP = """
            var found = [];
            document.querySelectorAll('*').forEach(function (el) {
              Array.from(el.attributes).forEach(function (a) {
                if (/^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)) found.push(el.tagName + ' ' + a.name + '=' + a.value);
              });
            });
            document.querySelectorAll('script').forEach(function (s) {
              if (!s.src || s.src.indexOf(location.origin + '/') !== 0) found.push('script ' + s.outerHTML.substring(0, 80));
            });
            document.querySelectorAll('body svg, body img, body iframe, body object, body embed, body style, base')
              .forEach(function (el) { found.push(el.outerHTML.substring(0, 80)); });
            return found;""";

    @LocalServerPort
    int port;
    @Value("${aftersales.security.admin-password}")
    String adminPassword;
    @Autowired
    JsonMapper json;
    @Autowired
    RulesetStore rulesets;

    private final String shipped = RuleFiles.load(Path.of(".")).version();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private RestClient api;
    private Browser browser;
    private String systemKey;
    private final List<Long> caseIds = new ArrayList<>();
    private YearMonth month;
    private String validDraft;
    private String invalidDraft;
    private long replayId;

    @BeforeAll
    void recordHostileText() throws Exception {
        api = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
        systemKey = json.readTree(admin(api.post().uri("/api/admin/api-keys").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"crm-hostile\", \"roles\": [\"SYSTEM\"]}"), 201)).get("secret").asString();

        // three product defects of a primer produced 30 months before (expired under the shipped 24 months): a notice
        // each, a recurring-defect rectification order
        OffsetDateTime received = OffsetDateTime.now(CHINA).minusHours(2).truncatedTo(ChronoUnit.SECONDS);
        month = YearMonth.from(received.atZoneSameInstant(CHINA));
        for (int i = 1; i <= 3; i++) {
            ObjectNode c = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
            c.put("externalRef", REF + i);
            c.put("receivedAt", received.minusSeconds(i).toString());
            c.put("productionDate", received.toLocalDate().minusMonths(30).toString());
            c.withObject("customer").put("name", CUSTOMER).put("province", PROVINCE).put("contact", CONTACT);
            c.withObject("responsibleUnit").put("code", UNIT).put("province", PROVINCE);
            c.withObject("product").put("code", PRODUCT).put("name", PRODUCT_NAME).put("spec", SPEC).put("category", "PRIMER");
            c.put("batchNumber", BATCH + i);
            c.put("productionSite", SITE);
            c.withObject("problem").put("description", DESCRIPTION_1 + "\n" + DESCRIPTION_2);
            JsonNode created = json.readTree(system(api.post().uri("/api/cases").contentType(MediaType.APPLICATION_JSON)
                    .body(json.writeValueAsString(c)), 201));
            caseIds.add(created.get("caseId").asLong());
        }
        long first = caseIds.get(0);
        event(first, Map.of("type", "ON_SITE_ARRIVAL", "occurredAt", received.plusMinutes(30).toString(), "remarks", REMARKS));
        event(first, Map.of("type", "RESULT_FORM_RECEIVED", "occurredAt", received.plusMinutes(60).toString(),
                "customerSigned", true, "remarks", REMARKS,
                "lines", List.of(Map.of("disposition", "RETURNED", "productCode", PRODUCT, "productName", PRODUCT_NAME,
                        "spec", SPEC, "quantity", 5, "reason", LINE_REASON))));

        // a valid draft (primers valid for 36 months: the cases' warranty changes) and an invalid one
        validDraft = draft("validity-period.xlsx", Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, 36));
        invalidDraft = draft("approval-authority.xlsx", Workbooks.withCell("decision-tables/approval-authority.xlsx", 10, 2, CELL));
        activate(validDraft);
        activate(shipped);

        // a replay of the valid draft over the hostile product's cases
        Map<String, Object> replay = Map.of("candidate", Map.of("rulesetVersion", validDraft), "baseline", "RECORDED",
                "from", received.toLocalDate().minusDays(1).toString(), "to", LocalDate.now(CHINA).toString(),
                "filters", Map.of("productCode", PRODUCT, "responsibleUnit", UNIT));
        replayId = json.readTree(admin(api.post().uri("/api/replays").contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(replay)), 202)).get("id").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> json.readTree(admin(api.get()
                .uri("/api/replays/" + replayId), 200)).get("status").asString(), s -> !s.equals("RUNNING"));
        JsonNode run = json.readTree(admin(api.get().uri("/api/replays/" + replayId), 200));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.at("/summary/replayed").asInt()).isEqualTo(3);
        assertThat(run.at("/summary/changed").asInt()).as("the warranty of each case changes").isEqualTo(3);

        browser = Browser.start(port, "zh-CN");
        ((ChromeDriver) browser.driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
        browser.logIn(adminPassword);
    }

    @AfterAll
    void stopChromium() {
        if (browser != null) {
            browser.close();
        }
        rulesets.activate(shipped, "test over", "test");
    }

    @Test
    void everyConsolePageShowsHostileTextAsTextRunsNoScriptAndBreaksNoPolicy() {
        long first = caseIds.get(0);
        String product = URLEncoder.encode(PRODUCT, StandardCharsets.UTF_8);
        String unit = URLEncoder.encode(UNIT, StandardCharsets.UTF_8);

        page("/console", REF + "1", PRODUCT, ACTIVATION_COMMENT);
        page("/console/cases", REF + "1", REF + "2", REF + "3", PRODUCT);
        // the filters come back in the form (and in the address htmx pushes)
        page("/console/cases?product=" + product + "&unit=" + unit + "&ref=" + URLEncoder.encode(REF, StandardCharsets.UTF_8)
                + "&decisionValue=" + URLEncoder.encode(SPEC, StandardCharsets.UTF_8), REF + "1", PRODUCT);
        assertThat(browser.driver.findElement(By.name("unit")).getAttribute("value")).isEqualTo(UNIT);
        assertThat(browser.driver.findElement(By.name("decisionValue")).getAttribute("value")).isEqualTo(SPEC);
        // the search form, sent by htmx, swaps the results in place
        browser.driver.findElement(By.cssSelector("#case-search button[type=submit]")).click();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) ((JavascriptExecutor) browser.driver)
                .executeScript("return !document.querySelector('.htmx-request');"));
        browser.waitFor(By.id("case-table"));
        checkPage("/console/cases (htmx search)");

        page("/console/cases/" + first, REF + "1", CUSTOMER, PROVINCE, CONTACT, UNIT, PRODUCT, PRODUCT_NAME, SPEC,
                BATCH + "1", SITE, DESCRIPTION_1, DESCRIPTION_2, REMARKS);
        assertThat(browser.driver.getTitle()).contains(REF + "1");
        assertThat(browser.driver.findElement(By.id("event-table")).getText()).contains(REMARKS).contains(PRODUCT);
        String source = browser.driver.findElement(By.cssSelector("a.source")).getAttribute("href");

        page("/console/rulesets", DRAFT_COMMENT);
        page("/console/rulesets/" + invalidDraft, DRAFT_COMMENT, CELL);
        assertThat(browser.driver.findElement(By.id("validation-errors")).getText()).contains(CELL);
        page("/console/rulesets/" + validDraft, DRAFT_COMMENT);
        page("/console/rulesets/diff?left=" + shipped + "&right=" + invalidDraft, CELL);
        page(source.substring(source.indexOf("/console/")));
        page("/console/rulesets/activations", ACTIVATION_COMMENT);

        page("/console/replays", DRAFT_COMMENT);
        page("/console/replays/" + replayId, PRODUCT, UNIT);
        browser.waitFor(By.cssSelector("#chart-by-type canvas"));
        browser.waitFor(By.cssSelector("#chart-matrix canvas"));
        hover("chart-by-type");
        checkPage("/console/replays/" + replayId + " (charts)");
        assertThat(browser.driver.findElements(By.cssSelector("table.impact-groups tr[data-key]"))).isNotEmpty();
        page("/console/replays/" + replayId + "/changes", REF + "1");
        page("/console/replays/" + replayId + "/changes?type=WARRANTY", REF + "1");
        // the impact in money by unit and province, its drill-down, and two runs side by side
        page("/console/replays/" + replayId + "/changes?unit=" + unit + "&province="
                + URLEncoder.encode(PROVINCE, StandardCharsets.UTF_8), REF + "1", UNIT, PROVINCE);
        page("/console/replays/compare?a=" + replayId + "&b=" + replayId, UNIT, PROVINCE);
        // free text (the hostile customer name, found in any case) with its facets, and a sort
        page("/console/cases?q=" + URLEncoder.encode(CUSTOMER.toUpperCase(java.util.Locale.ROOT), StandardCharsets.UTF_8),
                REF + "1", PRODUCT);
        page("/console/cases?sort=-ref&q=" + URLEncoder.encode(REF, StandardCharsets.UTF_8), REF + "1");

        page("/console/followup?unit=" + unit, UNIT, REF + "1");
        page("/console/orders", REF + "1", PRODUCT, BATCH + "1");
        page("/console/orders?notices=ALL", REF + "1", PRODUCT);
        page("/console/reports/monthly?month=" + month, PRODUCT, UNIT, PROVINCE);
        assertThat(browser.driver.findElement(By.cssSelector("#table-byProduct tr")).getAttribute("data-key")).isEqualTo(PRODUCT);
        assertThat(browser.driver.findElement(By.cssSelector("#table-byUnit tr")).getAttribute("data-key")).isEqualTo(UNIT);
        for (String chart : List.of("chart-product", "chart-unit", "chart-province", "chart-sla", "chart-decisions")) {
            browser.waitFor(By.cssSelector("#" + chart + " canvas"));
        }
        hover("chart-product");
        hover("chart-sla");
        checkPage("/console/reports/monthly (charts)");

        // error pages repeat what was asked for: in words, as text
        page("/console/rulesets/" + URLEncoder.encode(SPEC, StandardCharsets.UTF_8).replace("+", "%20"), SPEC);
        page("/console/reports/monthly?month=" + URLEncoder.encode(CELL, StandardCharsets.UTF_8));
        page("/console/no-such-page");
        // the error page's back link works without a javascript: address
        browser.open("/console/rulesets/activations");
        browser.open("/console/rulesets/" + URLEncoder.encode(SPEC, StandardCharsets.UTF_8).replace("+", "%20"));
        browser.driver.findElement(By.id("error-back")).click();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.getCurrentUrl().endsWith("/console/rulesets/activations"));
        checkPage("back from the error page");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndTheSessionCookieIsLax() throws Exception {
        Cookie session = browser.driver.manage().getCookieNamed("JSESSIONID");
        assertThat(session).isNotNull();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.isHttpOnly()).isTrue();

        Map<String, Integer> pages = new LinkedHashMap<>();
        pages.put("/console", 200);
        pages.put("/console/cases?product=" + URLEncoder.encode(PRODUCT, StandardCharsets.UTF_8), 200);
        pages.put("/console/cases/" + caseIds.get(0), 200);
        pages.put("/console/rulesets", 200);
        pages.put("/console/rulesets/" + validDraft, 200);
        pages.put("/console/rulesets/diff?left=" + shipped + "&right=" + invalidDraft, 200);
        pages.put("/console/rulesets/activations", 200);
        pages.put("/console/replays", 200);
        pages.put("/console/replays/" + replayId, 200);
        pages.put("/console/replays/" + replayId + "/changes", 200);
        pages.put("/console/replays/" + replayId + "/changes?unit=" + URLEncoder.encode(UNIT, StandardCharsets.UTF_8), 200);
        pages.put("/console/replays/compare?a=" + replayId + "&b=" + replayId, 200);
        pages.put("/console/replays/" + replayId + "/export.csv", 200);
        pages.put("/console/followup", 200);
        pages.put("/console/orders", 200);
        pages.put("/console/reports/monthly?month=" + month, 200);
        pages.put("/console/reports/monthly.xlsx?month=" + month, 200);
        pages.put("/console/rulesets/unknown-version", 404);
        pages.put("/console/no-such-page", 404);
        pages.put("/refused", 403); // a refused console action, in words (the access-denied handler's page)
        pages.put("/assets/console.js", 200);
        pages.put("/assets/console.css", 200);
        pages.put("/webjars/htmx.org/dist/htmx.min.js", 200);
        pages.put("/login", 200);
        String cookie = "JSESSIONID=" + session.getValue();
        pages.forEach((path, status) -> assertSecurityHeaders(path, get(path, cookie), status));

        // without a session: the sign-in redirect and the API's answers carry them too
        assertSecurityHeaders("/console (signed out)", get("/console", null), 302);
        assertSecurityHeaders("/api/me (no key)", get("/api/me", null), 401);
        HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(url("/api/me"))).header("X-API-Key", systemKey).build());
        assertSecurityHeaders("/api/me", me, 200);
        assertSecurityHeaders("/api/cases/" + caseIds.get(0), send(HttpRequest.newBuilder(URI.create(url("/api/cases/" + caseIds.get(0))))
                .header("X-API-Key", systemKey).build()), 200);
        assertSecurityHeaders("/actuator/health", get("/actuator/health", null), 200);
    }

    @Test
    void downloadsKeepHostileTextFromBeingAFormula() throws Exception {
        String base = "http://localhost:" + port;
        // the monthly workbook names the hostile product and unit, as text that no spreadsheet evaluates
        for (String lang : List.of("zh-CN", "en")) {
            List<String> cells = xlsxTexts(browser.download(base + "/console/reports/monthly.xlsx?month=" + month + "&lang=" + lang,
                    "spreadsheetml"));
            assertThat(cells).contains("'" + PRODUCT, UNIT, PROVINCE);
            assertNoFormula(cells);
        }
        for (String lang : List.of("zh-CN", "en")) {
            assertNoFormula(xlsxTexts(browser.download(base + "/console/replays/" + replayId + "/export.xlsx?lang=" + lang,
                    "spreadsheetml")));
            String csv = new String(browser.download(base + "/console/replays/" + replayId + "/export.csv?lang=" + lang, "text/csv"),
                    StandardCharsets.UTF_8);
            List<String> fields = new ArrayList<>();
            for (CSVRecord record : CSVFormat.DEFAULT.parse(new StringReader(csv.substring(1)))) {
                record.forEach(fields::add);
            }
            assertThat(fields).hasSizeGreaterThan(3 * 13);
            // a field that starts a formula is a number (a spreadsheet reads it as one), never text
            assertThat(fields).filteredOn(f -> !f.isEmpty() && "=+-@\t\r".indexOf(f.charAt(0)) >= 0)
                    .allSatisfy(f -> assertThat(f).matches("-?[0-9.]+"));
        }
    }

    /** Opens the page, then checks it: see {@link #checkPage}; each of {@code texts} is shown as text. */
    private void page(String path, String... texts) {
        browser.open(path);
        browser.waitFor(By.tagName("main"));
        checkPage(path);
        String shown = browser.driver.findElement(By.tagName("body")).getText();
        for (String text : texts) {
            assertThat(shown).as(path + " shows the text as text").contains(text);
        }
        assertThat(browser.driver.findElements(By.cssSelector("nav a")).stream().map(WebElement::getText))
                .as(path + " in Chinese").contains("案件", "回放");
    }

    /** No dialog opened, no hostile markup is live, no policy violation and no error in the browser's console. */
    @SuppressWarnings("unchecked")
    private void checkPage(String what) {
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).as(what + ": a dialog is open")
                .isInstanceOf(NoAlertPresentException.class);
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        assertThat((List<String>) js.executeScript("return window.__hostile;")).as(what + ": dialogs and CSP violations").isEmpty();
        assertThat((List<String>) js.executeScript(LIVE_MARKUP)).as(what + ": live markup").isEmpty();
        assertThat(browser.browserLog()).as(what + ": the browser's console")
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Content-Security-Policy")
                        || line.contains("Permissions-Policy")
                        // error pages answer 4xx on purpose (and no favicon is served): nothing else may be severe
                        || line.startsWith("SEVERE") && !line.contains("Failed to load resource: the server responded with a status of 4"));
    }

    /** Moves the mouse over the chart (its tooltip is drawn) and back. */
    private void hover(String chart) {
        WebElement element = browser.driver.findElement(By.id(chart));
        new Actions(browser.driver).moveToElement(element).pause(Duration.ofMillis(300))
                .moveToElement(element, 20, 10).pause(Duration.ofMillis(300)).perform();
    }

    private void assertSecurityHeaders(String what, HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        HttpHeaders headers = new HttpHeaders();
        response.headers().map().forEach(headers::addAll);
        assertThat(headers.getFirst("Content-Security-Policy")).as(what + " CSP").isNotNull()
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                        "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(headers.getFirst("Referrer-Policy")).as(what).isEqualTo("same-origin");
        assertThat(headers.getFirst("Permissions-Policy")).as(what).contains("camera=()", "microphone=()", "geolocation=()");
        assertThat(headers.getFirst("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).as(what).isEqualTo("DENY");
    }

    private HttpResponse<String> get(String path, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The texts of every cell of every sheet; no cell is a formula. */
    private static List<String> xlsxTexts(byte[] xlsx) throws Exception {
        List<String> texts = new ArrayList<>();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            for (Sheet sheet : workbook) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).as(sheet.getSheetName() + "!" + cell.getAddress()).isNotEqualTo(CellType.FORMULA);
                        if (cell.getCellType() == CellType.STRING) {
                            texts.add(cell.getStringCellValue());
                        }
                    }
                }
            }
        }
        return texts;
    }

    private static void assertNoFormula(List<String> texts) {
        assertThat(texts).isNotEmpty().noneMatch(t -> !t.isEmpty() && "=+-@\t\r".indexOf(t.charAt(0)) >= 0);
    }

    private String draft(String name, byte[] workbook) throws Exception {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("files", new ByteArrayResource(workbook) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        parts.add("comment", DRAFT_COMMENT);
        JsonNode draft = json.readTree(admin(api.post().uri("/api/rulesets/drafts").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts), 201));
        return draft.get("version").asString();
    }

    private void activate(String version) throws Exception {
        admin(api.post().uri("/api/rulesets/" + version + "/activate").contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(Map.of("comment", ACTIVATION_COMMENT))), 200);
    }

    private void event(long caseId, Map<String, Object> event) throws Exception {
        system(api.post().uri("/api/cases/" + caseId + "/events").contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(event)), 201);
    }

    private String admin(RestClient.RequestHeadersSpec<?> request, int status) {
        return call(request.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8))), status);
    }

    private String system(RestClient.RequestHeadersSpec<?> request, int status) {
        return call(request.header("X-API-Key", systemKey), status);
    }

    private static String call(RestClient.RequestHeadersSpec<?> request, int status) {
        ResponseEntity<String> response = request.retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        return response.getBody();
    }
}
