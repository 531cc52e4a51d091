package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.Workbooks;
import com.example.aftersales.policy.RuleFiles;

/**
 * The console in a real Chromium (zh-CN) as on a phone and over a slow line (issue 14): at 400 px no page scrolls
 * sideways; the static files have addresses with a hash of their content and are cached for a year (still with the
 * Content-Security-Policy), the pages themselves are not; ECharts is loaded only where a chart is drawn (never on the
 * sign-in page); every time is in China time, the zone named in the header, never as raw ISO text; money is
 * {@code ¥92,050} in Chinese and {@code CNY 92,050} in English, in the facts, the reasons and the ruleset diff.
 */
@SharedBrowserContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayoutBrowserTest {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final int NARROW = 400;
    /** A moment as ISO 8601 text (2026-11-20T09:30 or with seconds and offset): never shown on a page. */
    static final Pattern ISO_MOMENT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
    static final Pattern CHINA_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");

    @LocalServerPort
    int port;
    @Value("${aftersales.security.admin-password}")
    String adminPassword;
    @org.springframework.beans.factory.annotation.Autowired
    JsonMapper json;

    private final String shipped = RuleFiles.load(Path.of(".")).version();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private RestClient api;
    private Browser browser;
    private long caseId;
    private String draft;
    private long replayId;
    /** The case's receipt: 2026-11-20 01:30 UTC is 09:30 in China. */
    private final OffsetDateTime received = OffsetDateTime.parse("2026-11-20T01:30:00Z");

    @BeforeAll
    void recordACaseADraftAndAReplay() throws Exception {
        api = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
        String key = json.readTree(admin(api.post().uri("/api/admin/api-keys").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"crm-layout\", \"roles\": [\"SYSTEM\"]}"), 201)).get("secret").asString();

        // a major incident: a loss of 92,050 CNY (threshold 20,000), a return worth 8,000
        ObjectNode c = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        c.put("externalRef", "LAYOUT-0000000000000000000000000000000000000001");
        c.put("receivedAt", received.toString());
        c.put("productionDate", LocalDate.of(2026, 6, 1).toString());
        c.withObject("findings").put("directLossCny", 92050).put("remedyValueCny", 8000);
        ResponseEntity<String> created = api.post().uri("/api/cases").header("X-API-Key", key)
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(c)).retrieve().toEntity(String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        caseId = json.readTree(created.getBody()).get("caseId").asLong();
        // one below the shipped threshold and above the draft's: the replay changes it
        c.put("externalRef", "LAYOUT-2");
        c.withObject("findings").put("directLossCny", 15000);
        assertThat(api.post().uri("/api/cases").header("X-API-Key", key).contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(c)).retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(201);

        // a draft with the major-incident threshold at 10,000 CNY, and its replay over the case
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("files", new ByteArrayResource(Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 10000)) {
            @Override
            public String getFilename() {
                return "major-incident.xlsx";
            }
        });
        parts.add("comment", "P15 at 10,000 CNY");
        draft = json.readTree(admin(api.post().uri("/api/rulesets/drafts").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts), 201)).get("version").asString();
        Map<String, Object> replay = Map.of("candidate", Map.of("rulesetVersion", draft), "baseline", "RECORDED",
                "from", "2026-11-01", "to", "2026-11-30");
        replayId = json.readTree(admin(api.post().uri("/api/replays").contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(replay)), 202)).get("id").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> json.readTree(admin(api.get()
                .uri("/api/replays/" + replayId), 200)).get("status").asString(), s -> !s.equals("RUNNING"));

        browser = Browser.start(port, "zh-CN");
    }

    @AfterAll
    void stopChromium() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void atFourHundredPixelsNoPageScrollsSideways() {
        narrow();
        browser.driver.manage().deleteAllCookies();
        browser.open("/login");
        browser.waitFor(By.id("login-form"));
        assertFits("/login");
        browser.logIn(adminPassword);
        narrow();
        List<String> overflowing = new ArrayList<>();
        for (String page : consolePages()) {
            browser.open(page);
            browser.waitFor(By.tagName("main"));
            if (page.equals("/console/replays/" + replayId)) {
                browser.waitFor(By.cssSelector("#chart-by-type canvas"));
            }
            long width = scrollWidth();
            if (width > NARROW) {
                overflowing.add(page + " is " + width + " px wide: " + widest());
            }
            // the header's navigation is all there, wrapped (with the shadow runs: 7 links)
            assertThat(browser.driver.findElements(By.cssSelector("header.top nav a"))).as(page).hasSize(7);
        }
        assertThat(overflowing).isEmpty();
    }

    @Test
    void staticFilesHaveHashedAddressesAndAreCachedForAYearPagesAreNot() throws Exception {
        browser.logIn(adminPassword);
        browser.open("/console/cases/" + caseId);
        browser.waitFor(By.tagName("main"));
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        String css = (String) js.executeScript("return document.querySelector('link[rel=stylesheet]').getAttribute('href');");
        String htmx = (String) js.executeScript("return document.querySelector('script[src*=htmx]').getAttribute('src');");
        String console = (String) js.executeScript("return document.querySelector('script[src*=console]').getAttribute('src');");
        String echarts = (String) js.executeScript("return document.querySelector('meta[name=echarts-src]').content;");
        assertThat(css).matches("/assets/console-[0-9a-f]{32}\\.css");
        assertThat(console).matches("/assets/console-[0-9a-f]{32}\\.js");
        assertThat(htmx).matches("/webjars/htmx\\.org/[^/]+/dist/htmx\\.min-[0-9a-f]{32}\\.js");
        assertThat(echarts).matches("/webjars/echarts/[^/]+/dist/echarts\\.min-[0-9a-f]{32}\\.js");
        for (String file : List.of(css, htmx, console, echarts)) {
            HttpResponse<String> answer = get(file, null);
            assertThat(answer.statusCode()).as(file).isEqualTo(200);
            assertThat(answer.headers().firstValue("Cache-Control").orElse("")).as(file)
                    .contains("max-age=31536000").contains("public").doesNotContain("no-store").doesNotContain("no-cache");
            assertThat(answer.headers().firstValue("Content-Security-Policy").orElse("")).as(file)
                    .contains("default-src 'self'", "script-src 'self'");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(file).contains("nosniff");
            assertThat(answer.headers().firstValue("Set-Cookie")).as(file + " makes no session").isEmpty();
        }
        // the page itself is not kept
        String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<String> page = get("/console/cases/" + caseId, "JSESSIONID=" + session);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(get("/login", null).headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void echartsIsLoadedOnlyWhereAChartIsDrawn() {
        browser.driver.manage().deleteAllCookies();
        browser.open("/login");
        browser.waitFor(By.id("login-form"));
        assertThat(loadedScripts()).as("the sign-in page").anyMatch(s -> s.contains("htmx")).noneMatch(s -> s.contains("echarts"));
        browser.logIn(adminPassword);
        for (String page : List.of("/console", "/console/cases", "/console/cases/" + caseId, "/console/rulesets")) {
            browser.open(page);
            browser.waitFor(By.tagName("main"));
            assertThat(loadedScripts()).as(page).noneMatch(s -> s.contains("echarts"));
        }
        browser.open("/console/replays/" + replayId);
        browser.waitFor(By.cssSelector("#chart-by-type canvas"));
        assertThat(loadedScripts()).as("the replay's charts").anyMatch(s -> s.matches(".*/echarts\\.min-[0-9a-f]{32}\\.js"));
        assertThat(browser.browserLog()).noneMatch(line -> line.contains("Content Security Policy")
                || line.startsWith("SEVERE") && !line.contains("favicon.ico")); // no favicon is served
    }

    @Test
    void timesAreInChinaTimeWithTheZoneNamedAndMoneyIsInYuan() throws Exception {
        browser.logIn(adminPassword);
        for (String page : consolePages()) {
            browser.open(page);
            browser.waitFor(By.tagName("main"));
            String text = browser.driver.findElement(By.tagName("body")).getText();
            assertThat(text).as(page + " shows no raw ISO moment").doesNotContainPattern(ISO_MOMENT);
            assertThat(browser.driver.findElement(By.id("console-zone")).getText()).as(page).isEqualTo("北京时间（UTC+8）");
            assertThat(browser.driver.findElement(By.id("console-zone")).getAttribute("title")).as(page).contains("北京时间");
        }

        // the case: received at 09:30 China time; the loss in the facts and in the reasons
        browser.open("/console/cases/" + caseId);
        String facts = browser.waitFor(By.id("facts")).getText();
        assertThat(facts).contains("2026-11-20 09:30").contains("¥92,050").contains("¥8,000").doesNotContain("92050");
        String body = browser.driver.findElement(By.tagName("main")).getText();
        assertThat(body).contains("直接质量损失 ¥92,050，达到较大以上质量事故标准（¥20,000 及以上）")
                .contains("退货、换货或赔偿金额 ¥8,000").doesNotContain("92050");
        assertThat(timesIn(body)).as("the evaluation's time, in China time").isNotEmpty();

        // the ruleset pages and the activation history: China time
        browser.open("/console/rulesets/" + draft);
        assertThat(timesIn(browser.driver.findElement(By.tagName("main")).getText())).isNotEmpty();
        browser.open("/console/rulesets");
        assertThat(timesIn(browser.driver.findElement(By.tagName("main")).getText())).isNotEmpty();
        browser.open("/console/rulesets/activations");
        browser.waitFor(By.tagName("main"));
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).doesNotContainPattern(ISO_MOMENT);

        // the diff: amounts in yuan
        browser.open("/console/rulesets/diff?left=" + shipped + "&right=" + draft);
        String changed = browser.waitFor(By.cssSelector(".sheet-diff td.changed")).getText();
        assertThat(changed).isEqualTo("¥20,000 ¥10,000");

        // in English: CNY, the zone as China time (the same session, Accept-Language en)
        String cookie = "JSESSIONID=" + browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        String en = get("/console/cases/" + caseId, cookie, "en").body();
        assertThat(en).contains("CNY 92,050", "CNY 8,000", "A direct quality loss of CNY 92,050 reaches the major-incident threshold of CNY 20,000",
                "China time (UTC+8)", "2026-11-20 09:30").doesNotContain("¥")
                // no unformatted amount in the text (the findings form's field holds the plain number, value="92050")
                .doesNotContainPattern("[>\\s]92050");
        String enDiff = get("/console/rulesets/diff?left=" + shipped + "&right=" + draft, cookie, "en").body();
        assertThat(enDiff).contains("CNY 20,000", "CNY 10,000");
    }

    private List<String> consolePages() {
        String source = "decision-tables/major-incident.xlsx";
        return List.of("/console", "/console/cases", "/console/cases/" + caseId, "/console/rulesets",
                "/console/rulesets/" + draft, "/console/rulesets/" + shipped,
                "/console/rulesets/diff?left=" + shipped + "&right=" + draft,
                "/console/rulesets/" + draft + "/view?source=" + source,
                "/console/rulesets/activations", "/console/replays", "/console/replays/" + replayId,
                "/console/replays/" + replayId + "/changes", "/console/replays/" + replayId + "/changes?type=MAJOR_INCIDENT",
                "/console/followup", "/console/orders", "/console/orders?notices=ALL", "/console/reports/monthly?month=2026-11",
                "/console/no-such-page",
                "/console/shadow-runs");
    }

    /** The times on the page in the China-time form (2026-11-20 09:30). */
    private static List<String> timesIn(String text) {
        List<String> times = new ArrayList<>();
        Matcher m = CHINA_TIME.matcher(text);
        while (m.find()) {
            times.add(m.group());
        }
        return times;
    }

    /** The window as a phone's: 400 CSS pixels wide. */
    private void narrow() {
        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", NARROW, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    }

    private void assertFits(String page) {
        assertThat(scrollWidth()).as(page + ": " + widest()).isLessThanOrEqualTo(NARROW);
    }

    private long scrollWidth() {
        return ((Number) ((JavascriptExecutor) browser.driver).executeScript(
                "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);")).longValue();
    }

    /** The elements that reach past the window's right edge, for the failure's message. */
    private String widest() {
        return String.valueOf(((JavascriptExecutor) browser.driver).executeScript("""
                var out = [];
                document.querySelectorAll('body *').forEach(function (el) {
                  var r = el.getBoundingClientRect();
                  if (r.right > window.innerWidth + 1 && out.length < 8) out.push(el.tagName + (el.id ? '#' + el.id : '')
                    + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') + ' ' + Math.round(r.right));
                });
                return out.join(', ');"""));
    }

    /** The scripts the page has loaded (its tags and what it fetched). */
    @SuppressWarnings("unchecked")
    private List<String> loadedScripts() {
        return (List<String>) ((JavascriptExecutor) browser.driver).executeScript("""
                return Array.from(document.querySelectorAll('script[src]')).map(function (s) { return s.src; })
                  .concat(performance.getEntriesByType('resource').map(function (e) { return e.name; })
                    .filter(function (n) { return /\\.js(\\?|$)/.test(n); }));""");
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        return get(path, cookie, "zh-CN");
    }

    private HttpResponse<String> get(String path, String cookie, String language) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept-Language", language);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String admin(RestClient.RequestHeadersSpec<?> request, int status) {
        ResponseEntity<String> response = request.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8))).retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        return response.getBody();
    }
}
