package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.followup.CaseEventService;

/**
 * The whole why and the case's work on the case page, in a real Chromium asking for Chinese: a rectification order
 * for a recurring defect lists the prior defects it counted, each linking to its case; a major incident sets the
 * loss against the threshold of the row it met; rows that did not decide say which condition failed; findings entered
 * on the page evaluate the case again; a result form is recorded with its lines; a refusal is said beside its field;
 * and the page prints as the case file (no navigation, no forms).
 */
@SharedBrowserContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseWhyBrowserTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;
    @Value("${aftersales.security.admin-password}")
    String adminPassword;
    @Autowired
    CaseService cases;
    @Autowired
    CaseEventService events;
    @Autowired
    JsonMapper json;

    private Browser browser;

    @BeforeAll
    void startChromium() throws Exception {
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
    void theWhyOfARectificationOrderListsAndLinksThePriorDefectsAndSetsTheLossAgainstTheThreshold() throws Exception {
        // three confirmed misfires of WHY-200 within 180 days (P20: three make it recurring), each a major incident
        long first = register("WHY-R1", at("2023-03-01T09:30"), "WHY-200", true);
        long second = register("WHY-R2", at("2023-04-10T09:30"), "WHY-200", true);
        long third = register("WHY-R3", at("2023-05-20T09:30"), "WHY-200", true);
        assertThat(cases.find(third).evaluations().get(0).decisions())
                .anyMatch(d -> d.type().equals("RECTIFICATION_ORDER") && d.value().equals("RECURRING"));

        browser.open("/console/cases/" + third);
        WebElement why = browser.waitFor(By.id("why"));
        assertThat(why.getText()).contains("决策依据（第 1 次评估）");

        WebElement triggers = why.findElement(By.cssSelector(".why-table[data-workbook='decision-tables/rectification-triggers.xlsx']"));
        WebElement recurring = triggers.findElements(By.cssSelector(".why-row.fired")).stream()
                .filter(r -> r.getText().contains("本产品同类已确认缺陷")).findFirst().orElseThrow();
        assertThat(recurring.getText()).contains("原因 产品质量问题 = 应为 产品质量问题")
                .contains("180 天内本产品同类已确认缺陷 3 起（含本起）≥ 门槛 3 起")
                .contains("本行计入的 2 起此前已确认缺陷");
        List<WebElement> counted = recurring.findElements(By.cssSelector("a.counted-case"));
        assertThat(counted).extracting(a -> a.getAttribute("href"))
                .containsExactly(url("/console/cases/" + first), url("/console/cases/" + second));
        assertThat(counted.get(0).getText()).isEqualTo("案件 " + first);
        // the row behind it, in the version that decided
        String row = recurring.findElement(By.cssSelector("a.row-source")).getAttribute("href");
        assertThat(row).contains("/console/rulesets/").contains("/view?source=decision-tables/rectification-triggers.xlsx");
        // the rows that did not decide, with the condition not met: one batch and one site only
        List<WebElement> notFired = triggers.findElements(By.cssSelector("table.not-fired tbody tr"));
        assertThat(notFired).isNotEmpty();
        assertThat(notFired).extracting(WebElement::getText).anyMatch(t -> t.contains("涉及 1 个批次（含本起）< 门槛"));

        // the major incident: the case's loss against the cell of the row it met
        WebElement incident = why.findElement(By.cssSelector(".why-table[data-workbook='decision-tables/major-incident.xlsx'] .why-row.fired"));
        assertThat(incident.getText()).contains("直接损失 ¥25,000 ≥ 门槛 ¥20,000");

        // the rules of the DRL files: the recurring-defect rule with its file and line and the counts it tested, the
        // compensation rule with each fact against what it was compared with; a rule that did not decide, with why not
        WebElement rules = why.findElement(By.id("why-rules"));
        WebElement order = rules.findElement(By.cssSelector(".why-rule[data-rule='质量整改令：重复性问题 / Rectification order: recurring defect']"));
        assertThat(order.getText()).contains("质量整改令：重复性问题 / Rectification order: recurring defect")
                .containsPattern("rules/rectification\\.drl:\\d+").contains("180 天内本产品同类已确认缺陷 3 起（含本起）≥ 门槛 3 起");
        WebElement compensation = rules.findElement(By.cssSelector(".why-rule[data-rule='赔偿：以产品补偿用户索赔的损失 / Compensation: in product for a claimed loss']"));
        assertThat(compensation.findElements(By.cssSelector("li.met"))).hasSize(4);
        assertThat(compensation.getText()).contains("直接损失 ¥25,000 > ¥0").contains("用户提出赔偿 是 = 应为 是");
        assertThat(rules.findElements(By.cssSelector("table.rules-not-fired tbody tr"))).extracting(WebElement::getText)
                .anyMatch(t -> t.contains("处理方式：电话或书面答复") && t.contains("可电话或书面答复解决 否 ≠ 应为 是"));
        String ruleLink = order.findElement(By.cssSelector("a.rule-source")).getAttribute("href");
        assertThat(ruleLink).contains("/console/rulesets/").contains("/view?source=rules/rectification.drl:");
        browser.scrollTo(By.id("why-rules"));
        browser.screenshot("case-why-rules-zh");

        // every prior defect given to the rules is listed under the evaluation, linked
        assertThat(browser.driver.findElements(By.cssSelector("#priors-1 a.prior"))).extracting(a -> a.getAttribute("href"))
                .contains(url("/console/cases/" + first), url("/console/cases/" + second));
        browser.screenshot("case-why-zh");
        browser.scrollTo(By.id("why"));
        browser.screenshot("case-why-zh-detail");

        // printed for the case file: no navigation, no forms, the why kept
        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(browser.driver.findElement(By.cssSelector("header.top")).isDisplayed()).isFalse();
            assertThat(browser.driver.findElement(By.id("findings-form")).isDisplayed()).isFalse();
            assertThat(browser.driver.findElement(By.id("print-case")).isDisplayed()).isFalse();
            assertThat(browser.driver.findElement(By.id("why")).isDisplayed()).isTrue();
        } finally {
            ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
        assertThat(browser.driver.findElement(By.id("print-case")).isDisplayed()).isTrue();

        // the link leads to the prior case
        counted = browser.driver.findElements(By.cssSelector(".why-row.fired a.counted-case"));
        counted.get(0).click();
        assertThat(browser.waitFor(By.tagName("h1")).getText()).contains("WHY-R1");
    }

    @Test
    void findingsEnteredOnThePageEvaluateTheCaseAgainAndAResultFormIsRecordedWithItsLines() throws Exception {
        OffsetDateTime received = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(3).truncatedTo(ChronoUnit.MINUTES);
        long id = register("WHY-F1", received, "WHY-300", false);
        browser.open("/console/cases/" + id);
        browser.waitFor(By.id("findings-form"));
        assertThat(browser.driver.findElements(By.cssSelector("section.evaluation"))).hasSize(1);

        // a loss that is not an amount: said beside the field, nothing recorded
        fillFindings(received.plusHours(20), "九万");
        WebElement error = browser.waitFor(By.cssSelector("#findings-form [data-field-error='findings.directLossCny']"));
        assertThat(error.getText()).isEqualTo("字段 findings.directLossCny 的值“九万”不是人民币金额（例如 92050 或 92050.50）。");
        assertThat(browser.driver.findElement(By.id("findings-refusal")).getText()).contains("findings.directLossCny");
        assertThat(events.list(id)).isEmpty();

        fillFindings(received.plusHours(20), "92050");
        assertThat(browser.waitFor(By.id("flash")).getText()).isEqualTo("事件已记录。");
        assertThat(browser.driver.findElements(By.cssSelector("section.evaluation"))).hasSize(2);
        assertThat(browser.driver.findElement(By.id("why")).getText()).contains("决策依据（第 2 次评估）")
                .contains("直接损失 ¥92,050 ≥ 门槛 ¥20,000");
        assertThat(browser.driver.findElement(By.cssSelector("#evaluation-2 tr[data-type=MAJOR_INCIDENT]")).isDisplayed()).isTrue();
        assertThat(cases.find(id).evaluations()).hasSize(2);
        assertThat(events.list(id)).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("FINDINGS_RECORDED"));

        // the result form: a line whose quantity is not a number is refused at that field
        WebElement form = browser.driver.findElement(By.id("result-form"));
        browser.setValue(form.findElement(By.id("result-occurred-at")), local(received.plusDays(2)));
        new Select(form.findElement(By.id("result-customer-signed"))).selectByValue("true");
        new Select(form.findElement(By.id("line-0-disposition"))).selectByValue("REPLACED");
        form.findElement(By.id("line-0-product-code")).sendKeys("WHY-300");
        form.findElement(By.id("line-0-quantity")).sendKeys("十二");
        form.findElement(By.id("line-0-reason")).sendKeys("拒爆");
        form.findElement(By.id("result-submit")).click();
        WebElement quantity = browser.waitFor(By.cssSelector("#result-form [data-field-error='lines[0].quantity']"));
        assertThat(quantity.getText()).isEqualTo("lines[0].quantity 的值“十二”不是整数。");
        assertThat(events.list(id)).hasSize(1);

        form = browser.driver.findElement(By.id("result-form"));
        WebElement q = form.findElement(By.id("line-0-quantity"));
        q.clear();
        q.sendKeys("12");
        new Select(form.findElement(By.id("line-1-disposition"))).selectByValue("COMPENSATED");
        form.findElement(By.id("line-1-product-code")).sendKeys("WHY-300");
        form.findElement(By.id("line-1-quantity")).sendKeys("3");
        form.findElement(By.id("line-1-reason")).sendKeys("重新爆破");
        form.findElement(By.id("result-submit")).click();
        WebElement recorded = browser.waitFor(By.id("event-2"));
        assertThat(recorded.getAttribute("data-type")).isEqualTo("RESULT_FORM_RECEIVED");
        assertThat(recorded.getText()).contains("换货 12 × WHY-300 · 拒爆").contains("补偿 3 × WHY-300 · 重新爆破");
        assertThat(events.list(id).get(1).lines()).hasSize(2);
        browser.screenshot("case-work-zh");
    }

    private void fillFindings(OffsetDateTime at, String loss) {
        WebElement form = browser.driver.findElement(By.id("findings-form"));
        browser.setValue(form.findElement(By.id("findings-occurred-at")), local(at));
        new Select(form.findElement(By.id("findings-cause"))).selectByValue("PRODUCT_DEFECT");
        new Select(form.findElement(By.id("findings-repairable"))).selectByValue("false");
        new Select(form.findElement(By.id("findings-on-site"))).selectByValue("true");
        WebElement lossField = form.findElement(By.id("findings-direct-loss"));
        lossField.clear();
        lossField.sendKeys(loss);
        new Select(form.findElement(By.id("findings-compensation-claimed"))).selectByValue("true");
        WebElement remedy = form.findElement(By.id("findings-remedy-value"));
        remedy.clear();
        remedy.sendKeys("8000");
        new Select(form.findElement(By.id("findings-representative"))).selectByValue("false");
        form.findElement(By.id("findings-submit")).click();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static OffsetDateTime at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(ZONE).toOffsetDateTime();
    }

    private static String local(OffsetDateTime at) {
        return at.atZoneSameInstant(ZONE).toLocalDateTime().toString();
    }

    /** The example case (a misfire, a loss of 25,000 CNY when investigated) of this product at this moment. */
    private long register(String ref, OffsetDateTime receivedAt, String product, boolean investigated) throws Exception {
        String data = Files.readString(Path.of("docs/examples/case.json"))
                .replace("CRM-2026-000123", ref)
                .replace("2026-11-20T09:30:00+08:00", receivedAt.toString())
                .replace("2026-06-01", receivedAt.toLocalDate().minusMonths(2).toString())
                .replace("EX-200", product);
        CaseData c = json.readValue(data, CaseData.class);
        return cases.register(investigated ? c : c.withFindings(null), "test").caseId();
    }
}
