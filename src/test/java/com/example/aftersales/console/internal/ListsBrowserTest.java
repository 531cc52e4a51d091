package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import com.example.aftersales.cases.ListHistory;

/**
 * Paging through 10,000 cases in a real Chromium in Chinese (zh-CN): next and previous, a sort, a facet's click, free
 * text; the follow-up page's counts of the whole list and its pages; the orders page's pages.
 * <p>On H2 only: ListsScaleTest runs the same lists over the same history through MockMvc on both databases. The
 * database is ListsScaleTest's ({@code lists}, the same administrator's password): the history is written once per JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.security.admin-password=lists-test-password", "aftersales.test.database=lists",
        "aftersales.search.timeout=60s"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListsBrowserTest {

    @LocalServerPort
    int port;
    @Value("${aftersales.security.admin-password}")
    String adminPassword;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    javax.sql.DataSource dataSource;

    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        try (var connection = dataSource.getConnection()) {
            ListHistory.ensure(jdbc, dataSource, connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres"));
        }
        browser = Browser.start(port, "zh-CN");
        browser.logIn(adminPassword);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void pagingSortingFacetsAndTextThroughTenThousandCases() throws Exception {
        browser.open("/console/cases");
        browser.waitFor(By.id("case-table"));
        assertThat(text("case-count")).isEqualTo("10,000 个案件");
        assertThat(refs()).hasSize(25).startsWith("LST-010000");
        assertThat(browser.driver.findElement(By.cssSelector(".pager span")).getText()).isEqualTo("第 1 页，共 400 页");

        browser.driver.findElement(By.id("next-page")).click();
        Awaitility.await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> refs().get(0).equals("LST-009975"));
        browser.driver.findElement(By.id("previous-page")).click();
        Awaitility.await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> refs().get(0).equals("LST-010000"));

        // a sort, through the form (htmx swaps the results)
        new Select(browser.driver.findElement(By.id("case-sort"))).selectByValue("ref");
        browser.driver.findElement(By.id("case-submit")).click();
        Awaitility.await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> refs().get(0).equals("LST-000001"));
        assertThat(refs()).startsWith("LST-000001", "LST-000002", "LST-000003");

        // a facet: the unit SUB-02 (湖北子公司), counted over the whole set
        WebElement hubei = browser.waitFor(By.cssSelector("#facet-unit a[data-code='SUB-02']"));
        assertThat(hubei.getText()).isEqualTo("湖北子公司 (2500)");
        hubei.click();
        Awaitility.await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> text("case-count").equals("2,500 个案件"));
        assertThat(browser.driver.getCurrentUrl()).contains("unit=SUB-02").contains("sort=ref");
        assertThat(refs()).startsWith("LST-000001").allMatch(r -> Integer.parseInt(r.substring(4)) % 4 == 1);
        assertThat(browser.driver.findElements(By.cssSelector("#facet-unit a"))).hasSize(1);
        browser.screenshot("cases-facets");

        // free text: a product name in Chinese, within the unit chosen
        browser.open("/console/cases");
        browser.waitFor(By.id("case-text")).sendKeys("冰箱");
        browser.driver.findElement(By.id("case-submit")).click();
        Awaitility.await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> text("case-count").equals("200 个案件"));
        // a category by its Chinese label
        browser.open("/console/cases?q=" + java.net.URLEncoder.encode("雷管", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(text("case-count")).isEqualTo("2,000 个案件");
    }

    @Test
    void followupAndOrdersArePagedWithCountsOfTheWholeList() throws Exception {
        browser.open("/console/followup?at=2026-03-01T00:00");
        browser.waitFor(By.id("kind-counts"));
        assertThat(text("overdue-total")).isEqualTo("920");
        assertThat(browser.driver.findElements(By.cssSelector("#overdue-table tbody tr"))).hasSize(50);
        assertThat(browser.driver.findElement(By.cssSelector("#overdue-pager span")).getText()).isEqualTo("第 1 页，共 19 页");
        browser.driver.findElement(By.cssSelector("#overdue-pager a.next")).click();
        Awaitility.await().ignoreExceptions().atMost(Duration.ofSeconds(60)).until(() -> browser.driver.getCurrentUrl().contains("overduePage=1"));
        browser.waitFor(By.id("overdue-pager"));
        assertThat(browser.driver.findElement(By.cssSelector("#overdue-pager span")).getText()).isEqualTo("第 2 页，共 19 页");
        assertThat(text("overdue-total")).as("the counts do not change with the page").isEqualTo("920");

        browser.open("/console/orders?notices=ALL");
        browser.waitFor(By.id("order-count"));
        assertThat(text("order-count")).contains("120");
        assertThat(browser.driver.findElements(By.cssSelector("section.order"))).hasSize(20);
        browser.driver.findElement(By.cssSelector("#orders-pager a.next")).click();
        Awaitility.await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> browser.driver.getCurrentUrl().contains("page=1"));
        assertThat(browser.driver.findElement(By.cssSelector("#orders-pager span")).getText()).isEqualTo("第 2 页，共 6 页");
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText().strip();
    }

    private List<String> refs() {
        return browser.driver.findElements(By.cssSelector("#case-table tbody tr td:first-child a")).stream()
                .map(WebElement::getText).toList();
    }
}
