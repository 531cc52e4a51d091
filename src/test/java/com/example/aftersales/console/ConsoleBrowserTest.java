package com.example.aftersales.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.Workbooks;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.rulesets.RulesetStore;

/**
 * The console in a real Chromium, as a quality manager and an analyst use it: a broken workbook's cell is named, a
 * good one is uploaded, its impact seen, it is activated and decides a new case, a replay runs and is exported.
 * Screenshots of the main pages go to docs/screenshots/. Needs Debian's chromium and chromium-driver; without
 * them the test is skipped, except under CI=true, where it fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.security.admin-password=console-test-password",
        "aftersales.test.database=console"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the screenshots go: target/ on every run; {@code -Dscreenshots.dir=docs/screenshots} refreshes the README's. */
    static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

    @LocalServerPort
    int port;
    @Value("${aftersales.security.admin-password}")
    String adminPassword;
    @Autowired
    CaseService cases;
    @Autowired
    RulesetStore rulesets;
    @Autowired
    PolicyEngine engine;
    @Autowired
    JsonMapper json;

    private final String shipped = RuleFiles.load(Path.of(".")).version();
    private WebDriver driver;
    private Path profile;
    private Path uploads;

    @BeforeAll
    void startChromium() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "Chromium or ChromeDriver is missing (apt-get install -y chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        profile = Files.createTempDirectory("console-chromium");
        uploads = Files.createTempDirectory("console-uploads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // without these, Chromium waits on the network this machine does not have
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterEach
    void backToTheShippedRules() {
        rulesets.activate(shipped, "test over", "test");
    }

    @Test
    void aQualityManagerPublishesAChangedTableAndAnAnalystReplaysIt() throws Exception {
        // three primers received in the last days, produced 30 months before: expired under the shipped 24 months
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
        for (int i = 1; i <= 3; i++) {
            register("CONSOLE-PRIMER-" + i, now.minusDays(i), "PRIMER", "PR-400", 30);
        }
        register("CONSOLE-EMULSION-1", now.minusDays(4), "EMULSION_EXPLOSIVE", "EX-200", 2);

        logIn(driver);
        open("/console");
        screenshot("home");

        // a broken cell: the report names file, sheet and cell
        open("/console/rulesets");
        upload("approval-authority.xlsx", Workbooks.withCell("decision-tables/approval-authority.xlsx", 10, 2, "abc"),
                "tier in words by mistake");
        WebElement errors = waitFor(By.id("validation-errors"));
        assertThat(errors.getText()).contains("decision-tables/approval-authority.xlsx").contains("Authority")
                .contains("C11").contains("'abc' is not a number");
        assertThat(driver.findElement(By.id("validation-invalid")).isDisplayed()).isTrue();
        assertThat(driver.findElements(By.id("activate-form"))).as("an invalid draft offers no activation").isEmpty();
        screenshot("draft-invalid");

        // a good one: primers valid for 36 months
        open("/console/rulesets");
        upload("validity-period.xlsx", Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, 36),
                "P12: primers valid for 36 months");
        waitFor(By.id("validation-valid"));
        String draft = driver.findElement(By.id("version")).getText();
        assertThat(draft).matches("[0-9a-f]{64}").isNotEqualTo(shipped);
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("VALID");
        screenshot("draft-valid");

        // its impact on the last 90 days: the three primers change from expired to in validity
        driver.findElement(By.id("impact-submit")).click();
        waitForText(By.id("replay-status"), "SUCCEEDED");
        assertThat(driver.findElement(By.id("replay-summary")).getText()).isEqualTo("4 cases replayed, 3 decided differently");
        WebElement transitions = driver.findElement(By.id("transitions"));
        assertThat(transitions.getText()).contains("WARRANTY EXPIRED IN_VALIDITY 3");
        waitFor(By.cssSelector("#chart-by-type canvas"));
        waitFor(By.cssSelector("#chart-matrix canvas"));
        screenshot("impact");
        transitions.findElement(By.linkText("WARRANTY")).click();
        waitFor(By.id("changes"));
        assertThat(driver.findElement(By.id("change-count")).getText()).isEqualTo("3 changed cases");
        assertThat(driver.findElement(By.id("changes")).getText()).contains("EXPIRED").contains("IN_VALIDITY")
                .contains("decision-tables/validity-period.xlsx!Validity!14");

        // the side-by-side differences from the shipped version
        open("/console/rulesets/diff?left=" + shipped + "&right=" + draft);
        WebElement changedCell = waitFor(By.cssSelector(".sheet-diff td.changed"));
        assertThat(changedCell.getText()).isEqualTo("24 36");
        assertThat(driver.findElement(By.cssSelector(".file-diff")).getAttribute("data-file"))
                .isEqualTo("decision-tables/validity-period.xlsx");
        screenshot("diff");

        // activate it with a comment
        open("/console/rulesets/" + draft);
        driver.findElement(By.id("activate-comment")).sendKeys("approved by the quality department");
        driver.findElement(By.id("activate-submit")).click();
        waitForText(By.id("status"), "ACTIVE");
        assertThat(engine.active().version()).isEqualTo(draft);

        // a new case is decided by it, and its page says why, with the row of the version that decided
        register("CONSOLE-PRIMER-NEW", now, "PRIMER", "PR-400", 30);
        open("/console/cases?ref=PRIMER-NEW");
        waitFor(By.id("case-table")).findElement(By.linkText("CONSOLE-PRIMER-NEW")).click();
        WebElement evaluation = waitFor(By.id("evaluation-1"));
        assertThat(evaluation.findElement(By.cssSelector("a.decided-by")).getAttribute("href")).endsWith("/console/rulesets/" + draft);
        WebElement warranty = evaluation.findElement(By.cssSelector("tr[data-type=WARRANTY]"));
        assertThat(warranty.getText()).contains("IN_VALIDITY").contains("P12").contains("Validity: primer");
        screenshot("case");
        warranty.findElement(By.cssSelector("a.source")).click();
        assertThat(waitFor(By.cssSelector("tr.marked")).getText()).startsWith("14 Validity: primer PRIMER 36");

        // the case list, searched by decision
        open("/console/cases?decisionType=WARRANTY&decisionValue=IN_VALIDITY");
        assertThat(waitFor(By.id("case-count")).getText()).isEqualTo("2 cases"); // the new primer and the emulsion
        screenshot("cases");

        // an analyst replays the last year on the new version against the shipped one, and exports it
        open("/console/replays");
        new Select(driver.findElement(By.id("replay-candidate"))).selectByValue(draft);
        new Select(driver.findElement(By.id("replay-baseline"))).selectByValue(shipped);
        setDate(driver.findElement(By.id("replay-from")), LocalDate.now().minusYears(1));
        screenshot("replay-form");
        driver.findElement(By.id("replay-submit")).click();
        waitForText(By.id("replay-status"), "SUCCEEDED");
        assertThat(driver.findElement(By.id("replay-summary")).getText()).isEqualTo("5 cases replayed, 4 decided differently");
        waitFor(By.cssSelector("#chart-by-type canvas"));
        screenshot("replay");
        byte[] xlsx = download(driver.findElement(By.id("export-xlsx")).getAttribute("href"), "spreadsheetml");
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            Sheet changes = workbook.getSheet("Changes");
            DataFormatter format = new DataFormatter();
            List<String> warrantyRows = new java.util.ArrayList<>();
            for (Row row : changes) {
                if ("WARRANTY".equals(format.formatCellValue(row.getCell(2)))) {
                    warrantyRows.add(format.formatCellValue(row.getCell(3)) + "->" + format.formatCellValue(row.getCell(4)));
                }
            }
            assertThat(warrantyRows).hasSize(4).containsOnly("EXPIRED->IN_VALIDITY"); // the new primer too, compared with the shipped rules
        }
        String csv = new String(download(driver.findElement(By.id("export-csv")).getAttribute("href"), "text/csv"),
                StandardCharsets.UTF_8);
        assertThat(csv.lines().filter(l -> l.contains(",WARRANTY,EXPIRED,IN_VALIDITY,")).count()).isEqualTo(4);

        // the activation history names who activated, and a roll back returns to the shipped rules
        open("/console/rulesets/activations");
        WebElement latest = waitFor(By.cssSelector("#activations tbody tr"));
        List<WebElement> user = driver.findElements(By.id("current-user"));
        assertThat(latest.getText()).contains("approved by the quality department")
                .contains(user.isEmpty() ? "console" : user.get(0).getText());
        screenshot("activations");
        open("/console/rulesets");
        driver.findElement(By.id("rollback")).click();
        waitForText(By.id("status"), "ACTIVE");
        assertThat(driver.findElement(By.id("version")).getText()).isEqualTo(shipped);
        assertThat(engine.active().version()).isEqualTo(shipped);
        screenshot("rulesets");
    }

    @Test
    void errorsAreShownInWordsNeverAsAStackTrace() throws Exception {
        logIn(driver);
        open("/console/cases/987654");
        assertThat(waitFor(By.id("error-detail")).getText()).contains("987654");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        open("/console/rulesets/" + "0".repeat(64));
        assertThat(waitFor(By.id("error-detail")).getText()).isEqualTo("No ruleset version " + "0".repeat(64) + " is stored.");
        open("/console/no-such-page");
        assertThat(waitFor(By.id("error-detail")).getText()).isEqualTo("There is no page at /console/no-such-page.");
        open("/console/cases?from=2026-02-01&to=2026-01-01");
        assertThat(waitFor(By.id("error-detail")).getText()).contains("ends (2026-01-01) before it starts (2026-02-01)");
        open("/console/replays/abc");
        assertThat(waitFor(By.id("error-detail")).getText()).isEqualTo("The value 'abc' of id is not valid.");
        screenshot("error");
        assertThat(driver.getPageSource()).doesNotContain("Exception").doesNotContain("at com.example");
    }

    @Test
    void theConsoleAsksForASignInAndRefusesAWrongPassword() throws Exception {
        driver.manage().deleteAllCookies();
        open("/console/rulesets");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.name("username")).sendKeys("admin");
        driver.findElement(By.name("password")).sendKeys("not-the-password");
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login?error"));
        open("/login?error");
        assertThat(waitFor(By.id("login-error")).getText()).isEqualTo("The name or the password is wrong.");
        WebElement form = driver.findElement(By.id("login-form"));
        assertThat(form.getAttribute("method")).isEqualTo("post");
        assertThat(form.getAttribute("action")).endsWith("/login");
        assertThat(form.findElements(By.name("username"))).hasSize(1);
        assertThat(form.findElements(By.name("password"))).hasSize(1);
        screenshot("login");
        open("/login?logout");
        assertThat(waitFor(By.id("login-logout")).getText()).isEqualTo("You have signed out.");
    }

    /** Signs in as the administrator. */
    void logIn(WebDriver driver) {
        open("/login");
        driver.findElement(By.name("username")).sendKeys("admin");
        driver.findElement(By.name("password")).sendKeys(adminPassword);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/console"));
    }

    private void register(String ref, OffsetDateTime receivedAt, String category, String product, int monthsOld) throws Exception {
        String data = Files.readString(Path.of("docs/examples/case.json"))
                .replace("CRM-2026-000123", ref)
                .replace("2026-11-20T09:30:00+08:00", receivedAt.toString())
                .replace("2026-06-01", receivedAt.toLocalDate().minusMonths(monthsOld).toString())
                .replace("EMULSION_EXPLOSIVE", category).replace("EX-200", product);
        cases.register(json.readValue(data, CaseData.class));
    }

    private void upload(String name, byte[] content, String comment) throws Exception {
        Path file = uploads.resolve(name);
        Files.write(file, content);
        driver.findElement(By.id("upload-files")).sendKeys(file.toAbsolutePath().toString());
        driver.findElement(By.id("upload-comment")).sendKeys(comment);
        driver.findElement(By.id("upload-submit")).click();
    }

    private void setDate(WebElement input, LocalDate date) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", input, date.toString());
    }

    /** A link's content, fetched with the browser's session (so it works behind the sign-in too). */
    private byte[] download(String url, String contentType) throws Exception {
        String cookies = driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains(contentType);
        return response.body();
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitForText(By by, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(by, text));
    }

    private void screenshot(String name) throws java.io.IOException {
        driver.manage().window().setSize(new Dimension(1280, 1000));
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

}
