package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.followup.CaseEventService;
import com.example.aftersales.followup.EventRequest;
import com.example.aftersales.followup.MonthlyReports;
import com.example.aftersales.followup.MonthlySummary;

/**
 * Closing the loop in a real Chromium: a late arrival shows on the follow-up page at a fixed moment, the arrival is
 * recorded in the case page's form and the item leaves the overdue list for the next deadline; a refused event is
 * said in words; the monthly summary of a month with known cases shows the service's figures, in charts too, and its
 * workbook says the same. Screenshots go to {@link Browser#SCREENSHOTS}.
 * <p>On H2 only: the statements behind these pages run on both databases in FollowupPagesTest (the follow-up page, an
 * event recorded from the case page), MonthlySummaryTest (the summary and its workbook) and ListsScaleTest (orders
 * and notices).
 */
@SharedBrowserContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowupBrowserTest {

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
    MonthlyReports reports;
    @Autowired
    JsonMapper json;

    private Browser browser;

    @BeforeAll
    void startChromium() throws Exception {
        browser = Browser.start(port);
        browser.logIn(adminPassword);
    }

    @AfterAll
    void stopChromium() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aLateArrivalIsSeenRecordedInTheFormAndLeavesTheOverdueList() throws Exception {
        // received three days ago in Hunan by SUB-FU (Hunan), on site: to arrive within 24 h
        OffsetDateTime received = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(3).truncatedTo(ChronoUnit.MINUTES);
        long id = register("FU-ARRIVAL", received, "SUB-FU", "Hunan", "EX-200");
        // the moment the page is looked at: fixed, an hour from now (so the evaluation recorded now counts)
        String at = local(OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1).truncatedTo(ChronoUnit.MINUTES));
        String followup = "/console/followup?unit=SUB-FU&at=" + at;

        browser.open(followup);
        WebElement late = browser.waitFor(By.cssSelector("#overdue-table tr[data-case='" + id + "'][data-kind=ARRIVAL]"));
        assertThat(late.getText()).contains("FU-ARRIVAL").contains("Arrival on site (P2)");
        assertThat(count("ARRIVAL", "overdue-count")).isEqualTo("1");
        assertThat(browser.driver.findElement(By.id("followup-as-of")).getText()).contains("SUB-FU").contains(at.replace('T', ' '));
        assertThat(browser.driver.findElements(By.cssSelector("#due-table tr[data-kind=RESULT_FORM]"))).isEmpty();
        browser.screenshot("followup-overdue");

        // the row leads to the case; a quality manager records the arrival, 30 hours after receipt
        late.findElement(By.linkText("FU-ARRIVAL")).click();
        browser.waitFor(By.id("event-form"));
        assertThat(browser.driver.findElement(By.id("no-events")).getText()).isEqualTo("No events recorded yet.");
        recordEvent("ON_SITE_ARRIVAL", received.plusHours(30), Map.of("event-remarks", "two staff, misfired holes checked"));
        assertThat(browser.waitFor(By.id("flash")).getText()).isEqualTo("The event is recorded.");
        WebElement arrival = browser.waitFor(By.id("event-1"));
        assertThat(arrival.getAttribute("data-type")).isEqualTo("ON_SITE_ARRIVAL");
        assertThat(arrival.getText()).contains("Arrived on site").contains(local(received.plusHours(30)).replace('T', ' '))
                .contains("two staff, misfired holes checked");
        assertThat(arrival.findElement(By.className("recorded-by")).getText()).isEqualTo("admin");
        assertThat(events.list(id)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("ON_SITE_ARRIVAL");
            assertThat(e.occurredAt().toInstant()).isEqualTo(received.plusHours(30).toInstant());
            assertThat(e.recordedBy()).isEqualTo("admin");
        });

        // refusals in words, nothing recorded: a result form needs the customer's signature or not; no action to verify
        recordEvent("RESULT_FORM_RECEIVED", received.plusHours(40), Map.of());
        assertThat(browser.waitFor(By.id("event-refusal")).getText()).contains("The request cannot be done")
                .contains("customerSigned: is required for RESULT_FORM_RECEIVED");
        recordEvent("CORRECTIVE_ACTION_VERIFIED", received.plusHours(40), Map.of());
        // the refusal before stays on the page until this one's answer replaces it: wait for this one's words
        browser.waitForText(By.id("event-refusal-detail"),
                "No corrective action is open: record CORRECTIVE_ACTION_OPENED first.");
        assertThat(new Select(browser.driver.findElement(By.id("event-type"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("CORRECTIVE_ACTION_VERIFIED");
        browser.scrollTo(By.id("events"));
        browser.screenshot("case-events");
        assertThat(events.list(id)).hasSize(1);

        // at the same moment, the arrival is no longer overdue; the result form is due 3 days after the arrival
        browser.open(followup);
        WebElement due = browser.waitFor(By.cssSelector("#due-table tr[data-case='" + id + "'][data-kind=RESULT_FORM]"));
        assertThat(due.getText()).contains(local(received.plusHours(30 + 72)).replace('T', ' '));
        assertThat(browser.driver.findElements(By.cssSelector("#overdue-table tr[data-kind=ARRIVAL]"))).isEmpty();
        assertThat(count("ARRIVAL", "overdue-count")).isEqualTo("0");
        assertThat(count("RESULT_FORM", "due-count")).isEqualTo("1");
        browser.screenshot("followup");

        // another unit's list does not hold it
        browser.open("/console/followup?unit=SUB-ELSEWHERE&at=" + at);
        assertThat(browser.waitFor(By.id("overdue-none")).getText()).isEqualTo("Nothing.");
        assertThat(browser.driver.findElement(By.id("due-none")).getText()).isEqualTo("Nothing.");
    }

    @Test
    void theMonthlySummaryShowsTheServicesFiguresAndItsWorkbookSaysTheSame() throws Exception {
        // September 2022: four cases, two units and provinces, three products
        long kept = register("FU-M1", at("2022-09-05T09:30"), "SUB-01", "Hunan", "EX-200");
        long lateArrival = register("FU-M2", at("2022-09-10T09:30"), "SUB-01", "Hunan", "EX-300");
        register("FU-M3", at("2022-09-20T09:30"), "SUB-02", "Hubei", "EX-200");
        long called = register("FU-M4", at("2022-09-28T09:30"), "SUB-02", "Hubei", "DT-10");
        record(kept, "ON_SITE_ARRIVAL", at("2022-09-05T15:00"), null);
        record(kept, "SATISFACTION_CALL", at("2022-09-12T10:00"), true);
        record(lateArrival, "ON_SITE_ARRIVAL", at("2022-09-14T10:00"), null);
        record(called, "SATISFACTION_CALL", at("2022-10-08T10:00"), false);

        browser.open("/console/reports/monthly?month=2022-09");
        browser.waitFor(By.cssSelector("#chart-product canvas"));
        browser.waitFor(By.cssSelector("#chart-sla canvas"));
        browser.waitFor(By.cssSelector("#chart-satisfaction canvas"));
        browser.waitFor(By.cssSelector("#chart-decisions canvas"));
        MonthlySummary s = reports.summary(YearMonth.of(2022, 9));

        assertThat(s.cases()).isEqualTo(4);
        assertThat(s.responseSla().kept()).isEqualTo(1);
        assertThat(s.responseSla().missed()).isEqualTo(3); // one arrived late, two never arrived
        assertThat(s.satisfaction().satisfied()).isEqualTo(1);
        assertThat(s.satisfaction().notSatisfied()).isEqualTo(1);
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("cases", s.cases());
        figures.put("casesClosed", s.casesClosed());
        figures.put("onSite", s.responseSla().onSite());
        figures.put("slaKept", s.responseSla().kept());
        figures.put("slaMissed", s.responseSla().missed());
        figures.put("slaMissedNotArrived", s.responseSla().missedNotArrived());
        figures.put("slaPending", s.responseSla().pending());
        figures.put("callsRequired", s.satisfaction().required());
        figures.put("called", s.satisfaction().called());
        figures.put("satisfied", s.satisfaction().satisfied());
        figures.put("notSatisfied", s.satisfaction().notSatisfied());
        figures.put("notCalled", s.satisfaction().notCalled());
        figures.put("noticesRequired", s.noticesRequired());
        figures.put("ordersOpened", s.rectificationOrders().opened());
        figures.put("ordersIssued", s.rectificationOrders().issued());
        figures.put("ordersClosed", s.rectificationOrders().closed());
        figures.forEach((name, value) -> assertThat(figure(name)).as(name).isEqualTo(String.valueOf(value)));
        assertThat(figure("majorIncidents")).startsWith(String.valueOf(s.majorIncidents().count()));
        assertThat(rows("table-byProduct")).isEqualTo(counts(s.byProduct())).containsEntry("EX-200", "2");
        assertThat(rows("table-byProblem")).isEqualTo(counts(s.byProblem()));
        assertThat(rows("table-byUnit")).isEqualTo(counts(s.byUnit())).containsEntry("SUB-02", "2");
        assertThat(rows("table-byProvince")).isEqualTo(counts(s.byProvince())).containsEntry("Hubei", "2");
        assertThat(rows("table-remedies")).isEqualTo(counts(s.remedies()));
        Map<String, String> decisions = new LinkedHashMap<>();
        s.decisions().forEach(d -> decisions.put(d.type() + " " + d.value(), String.valueOf(d.cases())));
        assertThat(rows("table-decisions")).isNotEmpty().isEqualTo(decisions);
        browser.screenshot("monthly");
        browser.scrollTo(By.id("chart-product"));
        browser.screenshot("monthly-charts");

        // the workbook behind the link, with the browser's session, in the console's language: the same figures
        String link = browser.driver.findElement(By.id("monthly-xlsx")).getAttribute("href");
        assertThat(link).contains("lang=en");
        assertThat(figures(browser.download(link, "spreadsheetml"), "Summary"))
                .containsEntry("Monthly summary of quality feedback handling", "2022-09")
                .containsEntry("Cases", "4")
                .containsEntry("Response deadline kept", figure("slaKept"))
                .containsEntry("Response deadline missed", figure("slaMissed"))
                .containsEntry("Satisfied", figure("satisfied"))
                .containsEntry("Not satisfied", figure("notSatisfied"));
        assertThat(figures(browser.download(link.replace("lang=en", "lang=zh-CN"), "spreadsheetml"), "汇总"))
                .containsEntry("月度质量信息反馈处理汇总", "2022-09")
                .containsEntry("受理质量信息数", "4")
                .containsEntry("按时到达现场", figure("slaKept"))
                .containsEntry("未按时到达现场", figure("slaMissed"))
                .containsEntry("满意", figure("satisfied"))
                .containsEntry("不满意", figure("notSatisfied"));

        // the month before had none
        browser.driver.findElement(By.id("month-previous")).click();
        assertThat(browser.waitFor(By.id("monthly-empty")).getText()).isEqualTo("No cases were received in this month.");
        assertThat(figure("cases")).isEqualTo("0");
    }

    /** A workbook's sheet of labelled figures, as shown. */
    private static Map<String, String> figures(byte[] xlsx, String sheetName) throws Exception {
        Map<String, String> sheet = new LinkedHashMap<>();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            DataFormatter format = new DataFormatter();
            for (Row row : workbook.getSheet(sheetName)) {
                sheet.put(format.formatCellValue(row.getCell(0)), format.formatCellValue(row.getCell(1)));
            }
        }
        return sheet;
    }

    @Test
    void aNoticeIsPendingUntilCirculatedAndOrdersShowTheirCases() throws Exception {
        // the example case (a major misfire) calls for a notice to all subsidiaries (P20)
        long id = register("FU-NOTICE", at("2022-11-03T09:30"), "SUB-03", "Hunan", "EX-200");
        browser.open("/console/orders");
        WebElement notice = browser.waitFor(By.cssSelector("#notice-table tr[data-case='" + id + "']"));
        assertThat(notice.getText()).contains("FU-NOTICE").contains("SUB-03").contains("not yet");
        assertThat(notice.findElement(By.linkText("FU-NOTICE")).getAttribute("href")).endsWith("/console/cases/" + id);
        // every order the page lists shows the cases behind it, each linking to its case page
        for (WebElement order : browser.driver.findElements(By.cssSelector("section.order"))) {
            List<WebElement> links = order.findElements(By.cssSelector(".order-cases a"));
            assertThat(links).isNotEmpty();
            assertThat(links.get(0).getAttribute("href")).contains("/console/cases/");
        }
        browser.screenshot("orders");

        record(id, "NOTICE_CIRCULATED", at("2022-11-04T10:00"), null);
        browser.open("/console/orders");
        browser.waitFor(By.id("notice-count"));
        assertThat(browser.driver.findElements(By.cssSelector("#notice-table tr[data-case='" + id + "']"))).isEmpty();
        browser.open("/console/orders?notices=CIRCULATED");
        assertThat(browser.waitFor(By.cssSelector("#notice-table tr[data-case='" + id + "']")).getText())
                .contains("2022-11-04 10:00");
    }

    private String count(String kind, String column) {
        return browser.driver.findElement(By.cssSelector("#kind-counts tr[data-kind=" + kind + "] ." + column)).getText();
    }

    private String figure(String name) {
        return browser.driver.findElement(By.cssSelector("#monthly-figures tr[data-figure=" + name + "] td")).getText();
    }

    private Map<String, String> rows(String table) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (WebElement row : browser.driver.findElements(By.cssSelector("#" + table + " tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            rows.put(row.getAttribute("data-key"), cells.get(cells.size() - 1).getText());
        }
        return rows;
    }

    private static Map<String, String> counts(List<MonthlySummary.Count> counts) {
        Map<String, String> map = new LinkedHashMap<>();
        counts.forEach(c -> map.put(c.key(), String.valueOf(c.cases())));
        return map;
    }

    /** Chooses the type, sets the time and the given fields, and sends the case page's event form. */
    private void recordEvent(String type, OffsetDateTime occurredAt, Map<String, String> fields) {
        new Select(browser.driver.findElement(By.id("event-type"))).selectByValue(type);
        browser.setValue(browser.driver.findElement(By.id("event-occurred-at")), local(occurredAt));
        for (String id : List.of("event-remarks", "event-order-id", "event-archive-year")) {
            browser.setValue(browser.driver.findElement(By.id(id)), fields.getOrDefault(id, ""));
        }
        for (String id : List.of("event-customer-signed", "event-satisfied")) {
            new Select(browser.driver.findElement(By.id(id))).selectByValue(fields.getOrDefault(id, ""));
        }
        browser.driver.findElement(By.id("event-submit")).click();
    }

    private void record(long caseId, String type, OffsetDateTime at, Boolean satisfied) {
        events.record(caseId, new EventRequest(type, at, null, null, null, null, satisfied, null, null, null), "qd");
    }

    private static OffsetDateTime at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(ZONE).toOffsetDateTime();
    }

    /** As the page's date and time inputs show it: local time in the follow-up zone, to the minute. */
    private static String local(OffsetDateTime at) {
        return at.atZoneSameInstant(ZONE).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).toString();
    }

    private long register(String ref, OffsetDateTime receivedAt, String unit, String province, String product) throws Exception {
        String data = Files.readString(Path.of("docs/examples/case.json"))
                .replace("CRM-2026-000123", ref)
                .replace("2026-11-20T09:30:00+08:00", receivedAt.toString())
                .replace("2026-06-01", receivedAt.toLocalDate().minusMonths(2).toString())
                .replace("\"SUB-01\"", "\"" + unit + "\"")
                .replace("\"Hunan\"", "\"" + province + "\"")
                .replace("EX-200", product);
        return cases.register(json.readValue(data, CaseData.class), "test").caseId();
    }
}
