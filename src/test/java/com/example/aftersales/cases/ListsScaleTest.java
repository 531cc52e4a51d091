package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import com.example.aftersales.BothDatabases;

/**
 * Lists that scale and counts that are true (issue 14), over {@link ListHistory}'s 10,000 cases with a follow-up
 * page limit (max-items) of 100 and 600 open cases: the case search pages, sorts, finds free text and counts facets over the whole
 * filter; the follow-up lists count by kind over the whole list (the kinds sum to the total, far above max-items),
 * and paging through them gives exactly those counts; orders and notices are paged with the whole count; each console
 * page stays under 200 KB. On H2 and, in the PostgreSQL run, PostgreSQL.
 */
@BothDatabases
// the administrator's password as ListsBrowserTest's, which reads the same database (the history written once)
@SpringBootTest(properties = {"aftersales.test.database=lists", "aftersales.followup.max-items=100",
        "aftersales.security.admin-password=lists-test-password",
        "aftersales.search.timeout=60s"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
@WithMockUser(username = "quality.li", roles = "QUALITY_MANAGER")
class ListsScaleTest {

    static final int MAX_ITEMS = 100;
    static final int HTML_LIMIT = 200 * 1024;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    JsonMapper json;

    @BeforeEach
    void history() throws Exception {
        ListHistory.ensure(jdbc, dataSource, postgres());
    }

    @Test
    @DisplayName("GET /api/cases: 10,000 cases paged 100 at a time to the last page, in the orders asked, limits refused in words")
    void casesPagedAndSorted() throws Exception {
        long all = jdbc.sql("select count(*) from aftersales_case").query(Long.class).single();
        assertThat(all).isEqualTo(ListHistory.CASES);
        JsonNode first = api("/api/cases?size=100");
        assertThat(first.get("total").asLong()).isEqualTo(10_000);
        assertThat(first.get("more").asBoolean()).isFalse();
        assertThat(first.get("pages").asLong()).isEqualTo(100);
        assertThat(first.get("items")).hasSize(100);
        assertThat(first.get("items").get(0).get("externalRef").asString()).isEqualTo("LST-010000");
        JsonNode last = api("/api/cases?size=100&page=99");
        assertThat(last.get("page").asInt()).isEqualTo(99);
        assertThat(last.get("items")).hasSize(100);
        assertThat(last.get("items").get(99).get("externalRef").asString()).isEqualTo("LST-000001");
        assertThat(api("/api/cases?size=100&page=5000").get("page").asInt()).as("past the end: the last page").isEqualTo(99);

        assertThat(api("/api/cases?sort=ref&size=3").get("items").get(0).get("externalRef").asString()).isEqualTo("LST-000001");
        assertThat(api("/api/cases?sort=-ref&size=3").get("items").get(0).get("externalRef").asString()).isEqualTo("LST-010000");
        assertThat(api("/api/cases?sort=received&size=3").get("items").get(2).get("externalRef").asString()).isEqualTo("LST-000003");
        JsonNode byUnit = api("/api/cases?sort=-unit&size=5&unit=SUB-02");
        assertThat(byUnit.get("total").asLong()).isEqualTo(2_500);
        byUnit.get("items").forEach(i -> assertThat(i.get("unitCode").asString()).isEqualTo("SUB-02"));

        problem("/api/cases?size=0", "size");
        problem("/api/cases?size=101", "size");
        problem("/api/cases?page=-1", "page");
        problem("/api/cases?sort=customer", "sort");
        problem("/api/cases?q=" + "x".repeat(101), "q");
    }

    @Test
    @DisplayName("Free text finds customer and product names in any case, references by their start, codes by code or by Chinese or English label")
    void freeText() throws Exception {
        assertThat(total("/api/cases?q=ACME")).as("customer name, upper case asked").isEqualTo(100);
        assertThat(total("/api/cases?q=acme mining")).isEqualTo(100);
        assertThat(total("/api/cases?q=冰箱")).as("product name in Chinese").isEqualTo(200);
        assertThat(total("/api/cases?q=BCD-200")).as("product name, upper case asked").isEqualTo(200);
        assertThat(total("/api/cases?q=lst-00012")).as("the start of the reference, any case").isEqualTo(10);
        assertThat(total("/api/cases?q=湖南子公司")).as("unit SUB-01 by its Chinese label").isEqualTo(2_500);
        assertThat(total("/api/cases?q=sub-01")).as("unit by its code, any case").isEqualTo(2_500);
        assertThat(total("/api/cases?q=雷管")).as("category DETONATOR by its Chinese label").isEqualTo(2_000);
        assertThat(total("/api/cases?q=Emulsion")).as("category by its English label").isEqualTo(2_000);
        assertThat(total("/api/cases?q=lp-3")).as("product code, any case").isEqualTo(1_000);
        assertThat(total("/api/cases?q=ACME&unit=SUB-01")).as("within the other filters").isZero();
        assertThat(total("/api/cases?q=ACME&unit=SUB-04")).isEqualTo(100);
        assertThat(total("/api/cases?q=100%")).as("% is a character").isZero();
        assertThat(total("/api/cases?q=' or 1=1 --")).as("text is a parameter, not SQL").isZero();
    }

    @Test
    @DisplayName("Facets count the whole filter by category, unit and decision type, not the page")
    void facets() throws Exception {
        JsonNode all = api("/api/cases?size=5&facets=true").get("facets");
        assertThat(counts(all.get("units"))).containsExactlyInAnyOrderEntriesOf(
                Map.of("SUB-01", 2_500L, "SUB-02", 2_500L, "SUB-03", 2_500L, "SUB-04", 2_500L));
        assertThat(counts(all.get("productCategories")).values()).containsOnly(2_000L).hasSize(5);
        assertThat(counts(all.get("decisionTypes"))).containsAllEntriesOf(Map.of("WARRANTY", 10_000L,
                "SATISFACTION_CALL", 10_000L, "RESPONSE_DEADLINE", 3_333L, "FOUR_NO_LET_GO", 2_000L,
                "NOTICE_CIRCULATION", 2_500L));
        JsonNode acme = api("/api/cases?q=acme&facets=true").get("facets");
        assertThat(counts(acme.get("units"))).containsExactlyEntriesOf(Map.of("SUB-04", 100L));
        assertThat(counts(acme.get("productCategories"))).containsExactlyEntriesOf(Map.of("DETONATOR", 100L));
        JsonNode notices = api("/api/cases?decisionType=NOTICE_CIRCULATION&facets=true");
        assertThat(notices.get("total").asLong()).isEqualTo(2_500);
        assertThat(counts(notices.get("facets").get("units")).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(2_500);
        assertThat(api("/api/cases?size=5").get("facets").isNull()).as("only when asked for").isTrue();
    }

    @Test
    @DisplayName("Follow-up: counts by kind over the whole list sum to the total, far beyond max-items, and paging through gives them exactly")
    void followupCountsAreOfTheWholeList() throws Exception {
        String at = "2026-02-28T16:00:00Z";
        JsonNode first = api("/api/followup/overdue?at=" + at);
        assertThat(first.get("items")).as("a page of max-items by default").hasSize(MAX_ITEMS);
        assertThat(first.get("total").asLong()).isEqualTo(600 + 200 + 120);
        assertThat(counts(first.get("byKind"))).containsAllEntriesOf(Map.of("SATISFACTION_CALL", 600L,
                "ARRIVAL", 200L, "CORRECTIVE_ACTION_OPEN", 120L, "RESULT_FORM", 0L, "CORRECTIVE_ACTION_VERIFY", 0L));
        long sum = 0;
        for (JsonNode n : first.get("byKind")) sum += n.asLong();
        assertThat(sum).isEqualTo(first.get("total").asLong());

        Map<String, Long> seen = new HashMap<>();
        java.util.Set<String> items = new java.util.HashSet<>();
        String previous = null;
        for (int page = 0; ; page++) {
            JsonNode p = api("/api/followup/overdue?size=" + MAX_ITEMS + "&page=" + page + "&at=" + at);
            assertThat(p.get("total").asLong()).isEqualTo(first.get("total").asLong());
            if (p.get("items").isEmpty()) break;
            for (JsonNode i : p.get("items")) {
                seen.merge(i.get("kind").asString(), 1L, Long::sum);
                assertThat(items.add(i.get("caseId").asLong() + i.get("kind").asString())).as("no item twice").isTrue();
                String deadline = i.get("deadline").asString();
                if (previous != null) {
                    assertThat(java.time.OffsetDateTime.parse(deadline)).isAfterOrEqualTo(java.time.OffsetDateTime.parse(previous));
                }
                previous = deadline;
            }
        }
        assertThat(items).hasSize((int) first.get("total").asLong());
        counts(first.get("byKind")).forEach((kind, count) -> assertThat(seen.getOrDefault(kind, 0L)).as(kind).isEqualTo(count));

        JsonNode latest = api("/api/followup/overdue?sort=-deadline&size=1&at=" + at);
        assertThat(latest.get("items").get(0).get("deadline").asString()).isEqualTo(previous);
        JsonNode due = api("/api/followup/due?at=2026-01-01T16:00:00Z&days=30&size=10&sort=unit");
        assertThat(due.get("items")).hasSize(10);
        assertThat(due.get("total").asLong()).isGreaterThan(MAX_ITEMS);
        long dueSum = 0;
        for (JsonNode n : due.get("byKind")) dueSum += n.asLong();
        assertThat(dueSum).isEqualTo(due.get("total").asLong());
        assertThat(due.get("items").get(0).get("unitCode").asString()).isEqualTo("SUB-01");
        problem("/api/followup/overdue?size=101", "size");
        problem("/api/followup/due?sort=nothing", "sort");
        problem("/api/followup/overdue?page=-2", "page");
    }

    @Test
    @DisplayName("Orders and notices paged with the whole count: orders' count in X-Total-Count, the answer still a list")
    void ordersAndNoticesPaged() throws Exception {
        MockHttpServletResponse orders = mvc.perform(get("/api/rectification-orders?size=50&page=2"))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(orders.getHeader("X-Total-Count")).isEqualTo("120");
        assertThat(orders.getHeader("X-Page")).isEqualTo("2");
        JsonNode list = json.readTree(orders.getContentAsString());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(20);
        JsonNode newest = json.readTree(mvc.perform(get("/api/rectification-orders?size=1"))
                .andReturn().getResponse().getContentAsString());
        assertThat(newest.get(0).get("productCode").asString()).as("newest opened first").isEqualTo("LO-120");
        JsonNode all = json.readTree(mvc.perform(get("/api/rectification-orders"))
                .andReturn().getResponse().getContentAsString());
        assertThat(all).as("without paging: the first max-items").hasSize(MAX_ITEMS);
        long cases = 0;
        for (JsonNode o : all) cases += o.get("caseCount").asLong();
        for (JsonNode o : api("/api/rectification-orders?page=1")) cases += o.get("caseCount").asLong();
        assertThat(cases).isEqualTo(10_000);
        problem("/api/rectification-orders?size=0", "size");

        JsonNode notices = api("/api/notices?status=PENDING&size=100&page=24");
        assertThat(notices.get("total").asLong()).isEqualTo(2_500);
        assertThat(notices.get("notices")).hasSize(100);
        assertThat(api("/api/notices?status=PENDING&size=100&page=25").get("notices")).isEmpty();
        assertThat(api("/api/notices?sort=case&size=1").get("notices").get(0).get("externalRef").asString()).isEqualTo("LST-000004");
        assertThat(api("/api/notices").get("notices")).as("max-items by default").hasSize(MAX_ITEMS);
    }

    @Test
    @DisplayName("Console pages with 10,000 items stay under 200 KB; the follow-up page counts the whole list by kind")
    void consolePagesStaySmall() throws Exception {
        String cases = console("/console/cases?size=100");
        assertThat(cases.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(HTML_LIMIT);
        assertThat(cases).contains("10,000 cases").contains("hx-get=\"/console/cases/facets?")
                .as("the facets are asked for once the page is drawn").doesNotContain("id=\"facet-unit\"");
        MvcResult counting = mvc.perform(get("/console/cases/facets?size=100").header("Accept-Language", "en"))
                .andExpect(request().asyncStarted()).andReturn(); // counted on the facets' own threads
        String facets = mvc.perform(asyncDispatch(counting)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(facets).contains("id=\"facet-unit\"", "(2500)");
        String followup = console("/console/followup?at=2026-03-01T00:00");
        assertThat(followup.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(HTML_LIMIT);
        assertThat(cell(followup, "overdue-total")).isEqualTo("920");
        assertThat(cell(followup, "SATISFACTION_CALL", "overdue-count")).isEqualTo("600");
        assertThat(cell(followup, "ARRIVAL", "overdue-count")).isEqualTo("200");
        assertThat(followup).contains("id=\"overdue-pager\"");
        String second = console("/console/followup?at=2026-03-01T00:00&overduePage=1&sort=-deadline");
        assertThat(second).contains("page 2 of 19");
        String orders = console("/console/orders?notices=ALL");
        assertThat(orders.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(HTML_LIMIT);
        assertThat(orders).contains("Rectification orders (120)").contains("id=\"orders-pager\"").contains("id=\"notices-pager\"");
        assertThat(console("/console/orders?page=99")).as("past the end: the last page").contains("page 6 of 6");
    }

    private static String cell(String page, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(page);
        assertThat(m.find()).as(id).isTrue();
        return m.group(1).replace(",", "");
    }

    private static String cell(String page, String kind, String cls) {
        Matcher m = Pattern.compile("data-kind=\"" + kind + "\">.*?class=\"" + cls + "[^\"]*\">([^<]*)<", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as(kind).isTrue();
        return m.group(1).replace(",", "");
    }

    private Map<String, Long> counts(JsonNode node) {
        Map<String, Long> map = new java.util.LinkedHashMap<>();
        if (node.isArray()) {
            node.forEach(f -> map.put(f.get("code").asString(), f.get("count").asLong()));
        } else {
            node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asLong()));
        }
        return map;
    }

    private long total(String path) throws Exception {
        return api(path).get("total").asLong();
    }

    private JsonNode api(String path) throws Exception {
        return json.readTree(mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private void problem(String path, String field) throws Exception {
        JsonNode body = json.readTree(mvc.perform(get(path).header("Accept-Language", "en"))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString());
        List<String> fields = new java.util.ArrayList<>();
        body.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(path).contains(field);
    }

    private String console(String path) throws Exception {
        return mvc.perform(get(path).header("Accept-Language", "en")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    boolean postgres() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }
}
