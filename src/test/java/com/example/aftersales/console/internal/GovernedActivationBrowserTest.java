package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.Workbooks;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.security.internal.Accounts;
import com.example.aftersales.security.Role;

/**
 * Governed activation in a Chinese Chromium, with the shipped settings (four eyes, impact first): on a fresh install
 * there is no roll-back button; li.na uploads a draft, cannot request it before its impact, requests it after, and
 * cannot approve it herself (said in words); zhang.wei signs in and approves it; the history names both; an auditor
 * sees none of the controls and a refused action is a page in words; an emergency roll back is recorded as such.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.security.admin-password=gov-browser-password",
        "aftersales.test.database=gov_browser"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernedActivationBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    CaseService cases;
    @Autowired
    PolicyEngine engine;
    @Autowired
    JsonMapper json;
    @Autowired
    Accounts accounts;

    private final String shipped = RuleFiles.load(Path.of(".")).version();
    private Browser browser;
    private WebDriver driver;

    @BeforeAll
    void start() throws Exception {
        accounts.createUser("li.na", "li-na-password-1", Set.of(Role.QUALITY_MANAGER), "test");
        accounts.createUser("zhang.wei", "zhang-wei-password-1", Set.of(Role.QUALITY_MANAGER), "test");
        accounts.createUser("auditor.zhao", "auditor-password-1", Set.of(Role.AUDITOR), "test");
        browser = Browser.start(port, "zh-CN");
        driver = browser.driver;
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aSecondQualityManagerApprovesInTheConsole() throws Exception {
        register("GOV-PRIMER-1", OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).minusDays(2));

        // a fresh install: nothing to roll back to, so no button (never "回退到 null")
        browser.logIn("li.na", "li-na-password-1");
        browser.open("/console/rulesets");
        browser.waitFor(By.id("versions"));
        assertThat(driver.findElements(By.id("rollback"))).as("no roll back on a fresh install").isEmpty();
        assertThat(driver.getPageSource()).doesNotContain("回退到").doesNotContain("rulesets//");

        // li.na uploads a draft: it needs its impact before it can be requested
        Path file = Files.createTempDirectory("gov-uploads").resolve("validity-period.xlsx");
        Files.write(file, Workbooks.withCell("decision-tables/validity-period.xlsx", 13, 2, 36));
        driver.findElement(By.id("upload-files")).sendKeys(file.toAbsolutePath().toString());
        driver.findElement(By.id("upload-comment")).sendKeys("P12：起爆具有效期 36 个月");
        driver.findElement(By.id("upload-submit")).click();
        browser.waitFor(By.id("validation-valid"));
        String draft = driver.findElement(By.id("version")).getText();
        assertThat(browser.waitFor(By.id("impact-needed")).getText()).contains("请先计算它对历史案件的影响");
        assertThat(driver.findElements(By.id("activate-form"))).isEmpty();

        driver.findElement(By.id("impact-submit")).click();
        browser.waitForAttribute("replay-status", "data-status", "SUCCEEDED");
        browser.open("/console/rulesets/" + draft);
        assertThat(browser.waitFor(By.id("impact-seen")).getText()).startsWith("已查看的影响");
        assertThat(driver.findElement(By.id("four-eyes")).getText()).contains("第二位质量经理");
        driver.findElement(By.id("activate-comment")).sendKeys("质量部决定：起爆具有效期 36 个月");
        driver.findElement(By.id("activate-submit")).click();
        assertThat(browser.waitFor(By.id("flash")).getText()).isEqualTo("已提交启用申请；第二位质量经理批准后生效。");
        assertThat(driver.findElement(By.id("pending-summary")).getText()).contains("li.na").contains("等待第二位质量经理批准");
        assertThat(driver.findElement(By.id("awaiting-second")).isDisplayed()).isTrue();
        assertThat(driver.findElements(By.id("approve-form"))).as("the requester is offered no approval").isEmpty();
        String request = driver.findElement(By.id("pending-request")).getAttribute("data-request");
        browser.screenshot("governance-requested");

        // approving her own request anyway (a forged form) is refused in words, on a page
        post("/console/rulesets/activation-requests/" + request + "/approve", "自己批准");
        assertThat(browser.waitFor(By.id("error-detail")).getText()).contains("必须由第二位质量经理批准").contains("li.na");
        assertThat(engine.active().version()).isEqualTo(shipped);

        // an auditor sees no control, and a refused action is said in words
        browser.logIn("auditor.zhao", "auditor-password-1");
        browser.open("/console/rulesets/" + draft);
        browser.waitFor(By.id("pending-request"));
        for (String control : new String[] {"approve-form", "reject-form", "activate-form", "impact-form"}) {
            assertThat(driver.findElements(By.id(control))).as(control + " shown to an auditor").isEmpty();
        }
        browser.open("/console/rulesets");
        browser.waitFor(By.id("versions"));
        assertThat(driver.findElements(By.id("upload-form"))).isEmpty();
        post("/console/rulesets/activation-requests/" + request + "/approve", "审计员批准");
        assertThat(browser.waitFor(By.id("error-detail")).getText()).contains("您的角色无权执行此操作");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("无权执行");
        browser.screenshot("governance-refused");

        // zhang.wei signs in and approves it
        browser.logIn("zhang.wei", "zhang-wei-password-1");
        browser.open("/console/rulesets/" + draft);
        browser.waitFor(By.id("approve-comment")).sendKeys("影响已核对：1 件起爆具案件改为有效期内");
        browser.screenshot("governance-approve");
        driver.findElement(By.id("approve-submit")).click();
        browser.waitForText(By.id("status"), "使用中");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> engine.active().version().equals(draft));
        assertThat(driver.findElement(By.cssSelector("#activation-requests tbody tr")).getText())
                .contains("li.na").contains("已批准").contains("zhang.wei").contains("影响已核对");

        browser.open("/console/rulesets/activations");
        WebElement latest = browser.waitFor(By.cssSelector("#activations tbody tr"));
        assertThat(latest.findElement(By.cssSelector(".requested-by")).getText()).startsWith("li.na");
        assertThat(latest.findElement(By.cssSelector(".approved-by")).getText()).contains("zhang.wei").contains("影响已核对");
        assertThat(latest.getText()).contains("质量部决定：起爆具有效期 36 个月");
        browser.screenshot("governance-history");

        // an emergency roll back: at once, recorded as an emergency
        browser.open("/console/rulesets");
        browser.waitFor(By.id("rollback")).click();
        browser.waitFor(By.id("activate-emergency")).click();
        driver.findElement(By.id("activate-comment")).sendKeys("生产中误判拒爆，紧急回退");
        driver.findElement(By.id("activate-submit")).click();
        browser.waitForText(By.id("status"), "使用中");
        assertThat(driver.findElement(By.id("version")).getText()).isEqualTo(shipped);
        assertThat(engine.active().version()).isEqualTo(shipped);
        browser.open("/console/rulesets/activations");
        latest = browser.waitFor(By.cssSelector("#activations tbody tr"));
        assertThat(latest.getAttribute("data-emergency")).isEqualTo("true");
        assertThat(latest.getText()).contains("紧急").contains("生产中误判拒爆，紧急回退").contains("未经第二人批准");

        // the auditor sees no roll-back button, though there is a version to roll back to
        browser.logIn("auditor.zhao", "auditor-password-1");
        browser.open("/console/rulesets");
        browser.waitFor(By.id("versions"));
        assertThat(driver.findElements(By.id("rollback"))).isEmpty();
    }

    /** Posts a form from the current page (with its CSRF token, taken from the page's sign-out form). */
    private void post(String path, String comment) {
        ((JavascriptExecutor) driver).executeScript("""
                var token = document.querySelector('input[name=_csrf]');
                var form = document.createElement('form');
                form.method = 'post'; form.action = arguments[0];
                var c = document.createElement('input'); c.name = 'comment'; c.value = arguments[1]; form.appendChild(c);
                var t = document.createElement('input'); t.name = '_csrf'; t.value = token.value; form.appendChild(t);
                document.body.appendChild(form); form.submit();""", path, comment);
    }

    private void register(String ref, OffsetDateTime receivedAt) throws Exception {
        String data = Files.readString(Path.of("docs/examples/case.json"))
                .replace("CRM-2026-000123", ref)
                .replace("2026-11-20T09:30:00+08:00", receivedAt.toString())
                .replace("2026-06-01", receivedAt.toLocalDate().minusMonths(30).toString())
                .replace("EMULSION_EXPLOSIVE", "PRIMER").replace("EX-200", "PR-400");
        cases.register(json.readValue(data, CaseData.class), "test");
    }
}
