package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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
import com.example.aftersales.glossary.Glossary;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.BothDatabases;

/**
 * The console in a real Chromium, as a quality manager and an analyst use it: a broken workbook's cell is named, a
 * good one is uploaded, its impact seen, it is activated and decides a new case, a replay runs and is exported.
 * Screenshots of the main pages go to {@link Browser#SCREENSHOTS}. Needs Debian's chromium and chromium-driver
 * ({@link Browser}).
 * <p>The whole journey runs again on PostgreSQL (publish, impact, activate, decide, replay, export: every store the
 * console writes through); the other tests are about the pages themselves — languages, error pages, sign-in — and
 * read and write nothing a database does differently, so they run on H2 alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.security.admin-password=console-test-password",
        "aftersales.test.database=console",
        // not about governance (GovernedActivationTest): one quality manager activates, as before
        "aftersales.rules.four-eyes=false", "aftersales.rules.impact-required=false"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

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
    @Autowired
    com.example.aftersales.security.internal.Accounts accounts;

    private final String shipped = RuleFiles.load(Path.of(".")).version();
    private Browser browser;
    private WebDriver driver;
    private Path uploads;

    @BeforeAll
    void startChromium() throws Exception {
        browser = Browser.start(port);
        driver = browser.driver;
        uploads = Files.createTempDirectory("console-uploads");
    }

    @AfterAll
    void stopChromium() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void backToTheShippedRules() {
        rulesets.activate(shipped, "test over", "test");
    }

    @Test
    @BothDatabases
    void aQualityManagerPublishesAChangedTableAndAnAnalystReplaysIt() throws Exception {
        // three primers received in the last days, produced 30 months before: expired under the shipped 24 months
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0);
        for (int i = 1; i <= 3; i++) {
            register("CONSOLE-PRIMER-" + i, now.minusDays(i), "PRIMER", "PR-400", 30);
        }
        register("CONSOLE-EMULSION-1", now.minusDays(4), "EMULSION_EXPLOSIVE", "EX-200", 2);

        browser.logIn(adminPassword);
        browser.open("/console");
        browser.screenshot("home");

        // a broken cell: the report names file, sheet and cell
        browser.open("/console/rulesets");
        upload("approval-authority.xlsx", Workbooks.withCell("decision-tables/approval-authority.xlsx", 10, 2, "abc"),
                "tier in words by mistake");
        WebElement errors = browser.waitFor(By.id("validation-errors"));
        assertThat(errors.getText()).contains("decision-tables/approval-authority.xlsx").contains("Authority")
                .contains("C11").contains("'abc' is not an amount in CNY");
        assertThat(driver.findElement(By.id("validation-invalid")).isDisplayed()).isTrue();
        assertThat(driver.findElements(By.id("activate-form"))).as("an invalid draft offers no activation").isEmpty();
        browser.screenshot("draft-invalid");

        // a good one: primers valid for 36 months
        browser.open("/console/rulesets");
        upload("validity-period.xlsx", Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, 36),
                "P12: primers valid for 36 months");
        browser.waitFor(By.id("validation-valid"));
        String draft = driver.findElement(By.id("version")).getText();
        assertThat(draft).matches("[0-9a-f]{64}").isNotEqualTo(shipped);
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("VALID");
        browser.screenshot("draft-valid");

        // its impact on the last 90 days: the three primers change from expired to in validity
        driver.findElement(By.cssSelector("#impact-form input[name=days]")).sendKeys("90");
        driver.findElement(By.id("impact-submit")).click();
        browser.waitForAttribute("replay-status", "data-status", "SUCCEEDED");
        assertThat(driver.findElement(By.id("replay-status")).getText()).isEqualTo("Succeeded SUCCEEDED");
        assertThat(driver.findElement(By.id("replay-summary")).getText()).isEqualTo("4 cases replayed, 3 decided differently");
        WebElement transitions = driver.findElement(By.id("transitions"));
        assertThat(transitions.getText())
                .contains("Validity period WARRANTY Expired EXPIRED Within the validity period IN_VALIDITY 3");
        browser.waitFor(By.cssSelector("#chart-by-type canvas"));
        browser.waitFor(By.cssSelector("#chart-matrix canvas"));
        browser.screenshot("impact");
        transitions.findElement(By.cssSelector("a[data-type=WARRANTY]")).click();
        browser.waitFor(By.id("changes"));
        assertThat(driver.findElement(By.id("change-count")).getText()).isEqualTo("3 changed cases");
        assertThat(driver.findElement(By.id("changes")).getText()).contains("EXPIRED").contains("IN_VALIDITY")
                .contains("decision-tables/validity-period.xlsx!Validity!14");

        // the side-by-side differences from the shipped version
        browser.open("/console/rulesets/diff?left=" + shipped + "&right=" + draft);
        WebElement changedCell = browser.waitFor(By.cssSelector(".sheet-diff td.changed"));
        assertThat(changedCell.getText()).isEqualTo("24 36");
        assertThat(driver.findElement(By.cssSelector(".file-diff")).getAttribute("data-file"))
                .isEqualTo("decision-tables/validity-period.xlsx");
        browser.screenshot("diff");

        // activate it with a comment
        browser.open("/console/rulesets/" + draft);
        driver.findElement(By.id("activate-comment")).sendKeys("approved by the quality department");
        driver.findElement(By.id("activate-submit")).click();
        browser.waitForText(By.id("status"), "ACTIVE");
        assertThat(engine.active().version()).isEqualTo(draft);

        // a new case is decided by it, and its page says why, with the row of the version that decided
        register("CONSOLE-PRIMER-NEW", now, "PRIMER", "PR-400", 30);
        browser.open("/console/cases?ref=CONSOLE-PRIMER-NEW");
        browser.waitFor(By.id("case-table")).findElement(By.linkText("CONSOLE-PRIMER-NEW")).click();
        WebElement evaluation = browser.waitFor(By.id("evaluation-1"));
        assertThat(evaluation.findElement(By.cssSelector("a.decided-by")).getAttribute("href")).endsWith("/console/rulesets/" + draft);
        WebElement warranty = evaluation.findElement(By.cssSelector("tr[data-type=WARRANTY]"));
        assertThat(warranty.getText()).contains("IN_VALIDITY").contains("P12").contains("有效期：起爆具 / Validity: primer");
        browser.screenshot("case");
        warranty.findElement(By.cssSelector("a.source")).click();
        assertThat(browser.waitFor(By.cssSelector("tr.marked")).getText()).startsWith("14 有效期：起爆具 / Validity: primer PRIMER 36");

        // the case list, searched by decision
        browser.open("/console/cases?ref=CONSOLE-&decisionType=WARRANTY&decisionValue=IN_VALIDITY");
        assertThat(browser.waitFor(By.id("case-count")).getText()).isEqualTo("2 cases"); // the new primer and the emulsion
        browser.screenshot("cases");

        // an analyst replays the last year on the new version against the shipped one, and exports it
        browser.open("/console/replays");
        new Select(driver.findElement(By.id("replay-candidate"))).selectByValue(draft);
        new Select(driver.findElement(By.id("replay-baseline"))).selectByValue(shipped);
        browser.setValue(driver.findElement(By.id("replay-from")), LocalDate.now().minusYears(1).toString());
        browser.screenshot("replay-form");
        driver.findElement(By.id("replay-submit")).click();
        browser.waitForAttribute("replay-status", "data-status", "SUCCEEDED");
        assertThat(driver.findElement(By.id("replay-summary")).getText()).isEqualTo("5 cases replayed, 4 decided differently");
        browser.waitFor(By.cssSelector("#chart-by-type canvas"));
        browser.screenshot("replay");
        byte[] xlsx = browser.download(driver.findElement(By.id("export-xlsx")).getAttribute("href"), "spreadsheetml");
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            Sheet changes = workbook.getSheet("Changes");
            DataFormatter format = new DataFormatter();
            List<String> warrantyRows = new java.util.ArrayList<>();
            for (Row row : changes) {
                if ("WARRANTY".equals(format.formatCellValue(row.getCell(2)))) {
                    warrantyRows.add(format.formatCellValue(row.getCell(4)) + "->" + format.formatCellValue(row.getCell(6)));
                }
            }
            assertThat(warrantyRows).hasSize(4).containsOnly("EXPIRED->IN_VALIDITY"); // the new primer too, compared with the shipped rules
        }
        String csv = new String(browser.download(driver.findElement(By.id("export-csv")).getAttribute("href"), "text/csv"),
                StandardCharsets.UTF_8);
        assertThat(csv.lines().filter(l -> l.contains(",WARRANTY,Validity period,EXPIRED,Expired,IN_VALIDITY,Within the validity period,")).count()).isEqualTo(4);

        // the activation history names who activated, and a roll back returns to the shipped rules
        browser.open("/console/rulesets/activations");
        WebElement latest = browser.waitFor(By.cssSelector("#activations tbody tr"));
        List<WebElement> user = driver.findElements(By.id("current-user"));
        assertThat(latest.getText()).contains("approved by the quality department")
                .contains(user.isEmpty() ? "console" : user.get(0).getText());
        browser.screenshot("activations");
        browser.open("/console/rulesets");
        driver.findElement(By.id("rollback")).click(); // the previous version's page, at its activation form
        browser.waitFor(By.id("activate-comment")).sendKeys("roll back: the old validity again");
        driver.findElement(By.id("activate-submit")).click();
        browser.waitForText(By.id("status"), "ACTIVE");
        assertThat(driver.findElement(By.id("version")).getText()).isEqualTo(shipped);
        assertThat(engine.active().version()).isEqualTo(shipped);
        browser.screenshot("rulesets");
    }

    @Test
    void aQualityManagerAloneLowersTheMajorIncidentThresholdAndAcceptsTheScenarioItChanges() throws Exception {
        if (accounts.users().stream().noneMatch(u -> u.username().equals("li.na"))) {
            accounts.createUser("li.na", "quality-manager-password",
                    java.util.Set.of(com.example.aftersales.security.Role.QUALITY_MANAGER), "test");
        }
        browser.logIn("li.na", "quality-manager-password");
        browser.open("/console/rulesets");
        upload("major-incident.xlsx", Workbooks.withCell("decision-tables/major-incident.xlsx", 9, 2, 10000), "P15 at 10,000 CNY");
        WebElement failures = browser.waitFor(By.id("scenario-failures"));
        assertThat(failures.getText()).contains("scenarios/p15-no-major-incident-19999-99.yaml");
        assertThat(driver.findElements(By.id("activate-form"))).as("an invalid draft offers no activation").isEmpty();
        browser.screenshot("scenario-failing");

        WebElement accept = failures.findElement(By.cssSelector("form.accept-scenario"));
        accept.findElement(By.name("comment")).sendKeys("QD decided on 10,000 CNY");
        accept.findElement(By.cssSelector("button[type=submit]")).click();
        browser.waitFor(By.id("validation-valid"));
        String version = driver.findElement(By.id("version")).getText();
        driver.findElement(By.id("activate-comment")).sendKeys("approved by QD");
        driver.findElement(By.id("activate-submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> engine.active().version().equals(version));
        assertThat(new String(rulesets.file(version, "scenarios/p15-no-major-incident-19999-99.yaml"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("by li.na: QD decided on 10,000 CNY");
    }

    @Test
    void aChineseBrowserReadsTheDecisionsByName() throws Exception {
        // received two years ago: outside every replay and impact above
        register("ZH-CASE-1", OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).minusYears(2), "EMULSION_EXPLOSIVE", "EX-200", 2);
        Locale zh = Locale.forLanguageTag("zh-CN");
        try (Browser chinese = Browser.start(port, "zh-CN")) {
            chinese.logIn(adminPassword);
            chinese.open("/console/cases?ref=ZH-CASE-1");
            WebElement row = chinese.waitFor(By.cssSelector("#case-table tbody tr"));
            assertThat(row.getText()).contains("乳化炸药").contains("拒爆").contains("湖南子公司 SUB-01")
                    .contains("有效期判定：在有效期内").contains("较大以上质量事故：立即报告领导");
            row.findElement(By.linkText("ZH-CASE-1")).click();

            WebElement facts = chinese.waitFor(By.id("facts"));
            assertThat(facts.getText()).contains("营销分公司").contains("湖南").contains("乳化炸药").contains("拒爆")
                    .contains("产品质量问题");
            List<WebElement> decisions = chinese.driver.findElements(By.cssSelector("#evaluation-1 table.decisions tbody tr"));
            assertThat(decisions).hasSizeGreaterThanOrEqualTo(12);
            for (WebElement decision : decisions) {
                String type = decision.getAttribute("data-type");
                WebElement typeCell = decision.findElement(By.cssSelector("td.decision-type"));
                assertThat(typeCell.getText()).as(type).isEqualTo(Glossary.decisionType(type, zh) + " " + type);
                assertThat(typeCell.findElement(By.className("label")).getText()).as(type).matches(ConsoleBrowserTest::chinese);
                if (!type.equals("RESPONSE_DEADLINE")) { // a time
                    WebElement valueCell = decision.findElement(By.cssSelector("td.decision-value"));
                    String value = valueCell.findElement(By.className("code")).getText();
                    assertThat(valueCell.getText()).as(type).isEqualTo(Glossary.decisionValue(type, value, zh) + " " + value);
                    assertThat(valueCell.findElement(By.tagName("strong")).getText()).as(type).matches(ConsoleBrowserTest::chinese);
                }
            }
            assertThat(chinese.driver.findElement(By.cssSelector("#evaluation-1 tr[data-type=MAJOR_INCIDENT]")).getText())
                    .startsWith("较大以上质量事故 MAJOR_INCIDENT 立即报告领导 REPORT_TO_LEADERS");
            assertThat(chinese.driver.findElement(By.cssSelector("#evaluation-1 tr[data-type=APPROVAL]")).getText())
                    .startsWith("审批权限 APPROVAL 子（分）公司总经理 SUBSIDIARY_GENERAL_MANAGER");
            assertThat(chinese.driver.findElement(By.cssSelector("#evaluation-1 thead")).getText()).startsWith("决策 值 理由");
            chinese.screenshot("case-zh");
        }
    }

    private static boolean chinese(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    @Test
    void errorsAreShownInWordsNeverAsAStackTrace() throws Exception {
        browser.logIn(adminPassword);
        browser.open("/console/cases/987654");
        assertThat(browser.waitFor(By.id("error-detail")).getText()).contains("987654");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        browser.open("/console/rulesets/" + "0".repeat(64));
        assertThat(browser.waitFor(By.id("error-detail")).getText()).isEqualTo("No ruleset version " + "0".repeat(64) + " is stored.");
        browser.open("/console/no-such-page");
        assertThat(browser.waitFor(By.id("error-detail")).getText()).isEqualTo("There is no page at /console/no-such-page.");
        browser.open("/console/cases?from=2026-02-01&to=2026-01-01");
        assertThat(browser.waitFor(By.id("error-detail")).getText()).contains("ends (2026-01-01) before it starts (2026-02-01)");
        browser.open("/console/replays/abc");
        assertThat(browser.waitFor(By.id("error-detail")).getText()).isEqualTo("The value 'abc' of id is not valid.");
        browser.screenshot("error");
        assertThat(driver.getPageSource()).doesNotContain("Exception").doesNotContain("at com.example");
    }

    @Test
    void inChineseTheReportAndTheErrorPagesAreChinese() throws Exception {
        try (Browser chinese = Browser.start(port, "zh-CN")) {
            WebDriver zh = chinese.driver;
            chinese.logIn(adminPassword);
            chinese.open("/console/rulesets");
            upload(zh, "approval-authority.xlsx", Workbooks.withCell("decision-tables/approval-authority.xlsx", 10, 2, "abc"),
                    "误把审批档次写成了文字");
            WebElement errors = chinese.waitFor(By.id("validation-errors"));
            assertThat(errors.getText()).contains("decision-tables/approval-authority.xlsx").contains("Authority")
                    .contains("C11").contains("“abc”不是金额（元），此列需要金额").doesNotContain("is not an amount");
            assertThat(zh.findElement(By.id("validation-invalid")).getText()).isEqualTo("无效：此版本不能启用。");
            assertThat(zh.findElement(By.id("validation-warnings")).getText()).isEqualTo("文件无法编译");

            chinese.open("/console/rulesets/" + "0".repeat(64));
            assertThat(chinese.waitFor(By.id("error-detail")).getText()).isEqualTo("没有保存版本为 " + "0".repeat(64) + " 的规则集。");
            assertThat(zh.findElement(By.tagName("h1")).getText()).isEqualTo("未找到");
            chinese.open("/console/cases?from=2026-02-01&to=2026-01-01");
            assertThat(chinese.waitFor(By.id("error-detail")).getText()).isEqualTo("期间的结束日期（2026-01-01）早于开始日期（2026-02-01）。");
            chinese.open("/console/replays/abc");
            assertThat(chinese.waitFor(By.id("error-detail")).getText()).isEqualTo("id 的值“abc”无效。");
        }
    }

    @Test
    void theConsoleAsksForASignInAndRefusesAWrongPassword() throws Exception {
        driver.manage().deleteAllCookies();
        browser.open("/console/rulesets");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.name("username")).sendKeys("admin");
        driver.findElement(By.name("password")).sendKeys("not-the-password");
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/login?error"));
        browser.open("/login?error");
        assertThat(browser.waitFor(By.id("login-error")).getText()).isEqualTo("The name or the password is wrong.");
        WebElement form = driver.findElement(By.id("login-form"));
        assertThat(form.getAttribute("method")).isEqualTo("post");
        assertThat(form.getAttribute("action")).endsWith("/login");
        assertThat(form.findElements(By.name("username"))).hasSize(1);
        assertThat(form.findElements(By.name("password"))).hasSize(1);
        browser.screenshot("login");
        browser.open("/login?logout");
        assertThat(browser.waitFor(By.id("login-logout")).getText()).isEqualTo("You have signed out.");
    }

    private void register(String ref, OffsetDateTime receivedAt, String category, String product, int monthsOld) throws Exception {
        String data = Files.readString(Path.of("docs/examples/case.json"))
                .replace("CRM-2026-000123", ref)
                .replace("2026-11-20T09:30:00+08:00", receivedAt.toString())
                .replace("2026-06-01", receivedAt.toLocalDate().minusMonths(monthsOld).toString())
                .replace("EMULSION_EXPLOSIVE", category).replace("EX-200", product);
        cases.register(json.readValue(data, CaseData.class), "test");
    }

    private void upload(String name, byte[] content, String comment) throws Exception {
        upload(driver, name, content, comment);
    }

    private void upload(WebDriver driver, String name, byte[] content, String comment) throws Exception {
        Path file = uploads.resolve(name);
        Files.write(file, content);
        driver.findElement(By.id("upload-files")).sendKeys(file.toAbsolutePath().toString());
        driver.findElement(By.id("upload-comment")).sendKeys(comment);
        driver.findElement(By.id("upload-submit")).click();
    }

}
