package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import com.example.aftersales.BothDatabases;

/**
 * The case search over a large history ({@link BigHistory}, 60,000 cases on H2, 150,000 on PostgreSQL): every filter answers a bounded page, read
 * from an index (the query plan says so), and the count stops at its cap and the pages with it. On H2 and, in the
 * PostgreSQL run, PostgreSQL. (The deadline: {@link CaseSearchDeadlineTest}; the timeout here is generous, so that
 * a busy test machine does not fail these.)
 */
@BothDatabases
@SpringBootTest(properties = {"aftersales.test.database=search", "aftersales.search.timeout=60s"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
@WithMockUser(username = "analyst.zhao", roles = "ANALYST")
class CaseSearchBoundsTest {

    private static final Pattern ROW_REF = Pattern.compile("<td><a href=\"/console/cases/\\d+\">([^<]+)</a></td>");

    @Autowired
    MockMvc mvc;
    @Autowired
    CaseSearch search;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @BeforeEach
    void history() throws Exception {
        // made without the shipped 60 s query timeout (it is setup, not the search): with test classes in two JVMs, this
        // class may be the one that writes the history, on a busy machine
        BigHistory.ensure(JdbcClient.create(dataSource), postgres());
    }

    @Test
    @DisplayName("Unfiltered: a page of 25, the count stopped at 10,000 and said so, no page past the cap, no page over 100")
    void unfiltered() throws Exception {
        String page = console("/console/cases");
        assertThat(refs(page)).hasSize(25);
        assertThat(page).contains("More than 10,000 cases: narrow the search to see the others");

        CaseSearch.Page first = search.search(criteria(null, null, null, null, null, null, null), 0);
        assertThat(first.more()).isTrue();
        assertThat(first.total()).isEqualTo(10_000);
        assertThat(first.pages()).isEqualTo(400);
        assertThat(first.rows()).hasSize(25);
        assertThat(first.rows().get(0).receivedAt()).isAfterOrEqualTo(first.rows().get(24).receivedAt());

        CaseSearch.Page far = search.search(criteria(null, null, null, null, null, null, null), 1_000_000);
        assertThat(far.page()).as("a page past the cap is the last page").isEqualTo(399);
        assertThat(far.rows()).hasSize(25);
        assertThat(search.search(criteria(null, null, null, null, null, null, null), 0, 1_000_000).rows())
                .as("page size capped by aftersales.search.max-page-size").hasSize(100);
        assertThat(refs(console("/console/cases?size=100000&page=999999"))).hasSize(100);
    }

    @Test
    @DisplayName("The reference is a prefix: exact count, rows that start with it, and % and _ are plain characters")
    void referencePrefix() throws Exception {
        CaseSearch.Page found = search.search(criteria(null, null, null, null, "BIG-0012", null, null), 0);
        assertThat(found.total()).isEqualTo(100); // BIG-001200 … BIG-001299
        assertThat(found.more()).isFalse();
        assertThat(found.rows()).allSatisfy(r -> assertThat(r.externalRef()).startsWith("BIG-0012"));
        assertThat(refs(console("/console/cases?ref=BIG-0012"))).hasSize(25).allSatisfy(r -> assertThat(r).startsWith("BIG-0012"));
        assertThat(search.search(criteria(null, null, null, null, "BIG-001%", null, null), 0).total()).isZero();
        assertThat(search.search(criteria(null, null, null, null, "BIG_0012", null, null), 0).total()).isZero();
        assertThat(search.search(criteria(null, null, null, null, "IG-0012", null, null), 0).total())
                .as("not an infix search").isZero();
    }

    @Test
    @DisplayName("Each filter answers its own cases, a page at a time: product code, category, unit, period, decision")
    void eachFilter() throws Exception {
        int cases = BigHistory.cases(postgres());
        CaseSearch.Page byCode = search.search(criteria(null, null, "BP-7", null, null, null, null), 0);
        assertThat(byCode.total()).isEqualTo(cases / 40);
        assertThat(byCode.rows()).hasSize(25).allSatisfy(r -> assertThat(r.productCode()).isEqualTo("BP-7"));

        CaseSearch.Page byCategory = search.search(criteria(null, null, "CAT_2", null, null, null, null), 0);
        assertThat(byCategory.more()).isTrue();
        assertThat(byCategory.rows()).hasSize(25).allSatisfy(r -> assertThat(r.productCategory()).isEqualTo("CAT_2"));

        CaseSearch.Page byUnit = search.search(criteria(null, null, null, "U-3", null, null, null), 0);
        assertThat(byUnit.total()).isEqualTo(cases / 20);
        assertThat(byUnit.rows()).allSatisfy(r -> assertThat(r.unitCode()).isEqualTo("U-3"));

        OffsetDateTime from = OffsetDateTime.parse("2024-03-01T00:00:00+08:00");
        OffsetDateTime to = OffsetDateTime.parse("2024-03-02T00:00:00+08:00");
        CaseSearch.Page oneDay = search.search(criteria(from, to, null, null, null, null, null), 0);
        assertThat(oneDay.total()).isBetween(205L, 206L); // 1,440 minutes / 7
        assertThat(oneDay.rows()).allSatisfy(r -> assertThat(r.receivedAt()).isBetween(from, to));

        CaseSearch.Page expired = search.search(criteria(null, null, "BP-10", null, null, "WARRANTY", "EXPIRED"), 0);
        assertThat(expired.total()).isEqualTo(cases / 40);
        assertThat(expired.rows()).allSatisfy(r -> assertThat(r.decisionSummary()).contains("WARRANTY=EXPIRED"));
        CaseSearch.Page expiredAll = search.search(criteria(null, null, null, null, null, "WARRANTY", "EXPIRED"), 0);
        assertThat(expiredAll.more()).isTrue();
        assertThat(search.search(criteria(null, null, "BP-7", null, null, "WARRANTY", "EXPIRED"), 0).total()).isZero();

        for (String query : List.of("product=BP-7", "product=CAT_2", "unit=U-3", "from=2024-03-01&to=2024-03-01",
                "decisionType=WARRANTY&decisionValue=EXPIRED", "ref=BIG-0001&unit=U-2&product=CAT_2&from=2024-01-01&to=2024-12-31")) {
            assertThat(refs(console("/console/cases?" + query))).as(query).isNotEmpty();
        }
    }

    @Test
    @DisplayName("The filters read indexes: no full scan of the cases for a reference prefix, a product or a unit")
    void queryPlansUseTheIndexes() throws Exception {
        assertPlan(criteria(null, null, null, null, "BIG-0012", null, null),
                postgres() ? "ix_case_external_ref_prefix" : "uq_case_external_ref");
        // for a filter that keeps one case in 20 or 40, reading the cases newest first and keeping the filter's stops
        // after a few hundred: PostgreSQL may choose either, never a full scan
        assertPlan(criteria(null, null, "BP-7", null, null, null, null), "ix_case_product_code", "ix_case_received_at");
        // a quarter of the cases: reading them newest first and keeping a category's is as good, and PostgreSQL may
        assertPlan(criteria(null, null, "CAT_2", null, null, null, null), "ix_case_product_category", "ix_case_received_at");
        assertPlan(criteria(null, null, null, "U-3", null, null, null), "ix_case_unit", "ix_case_received_at");
        assertPlan(criteria(null, null, null, null, null, null, null), "ix_case_received_at");
    }

    private void assertPlan(CaseSearch.Criteria criteria, String... indexes) throws Exception {
        List<Object> params = new ArrayList<>();
        String sql = search.pageSql(criteria, params);
        params.add(25);
        params.add(0L);
        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("explain " + sql)) {
            for (int i = 0; i < params.size(); i++) {
                explain.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        System.out.println(plan);
        assertThat(java.util.Arrays.stream(indexes).anyMatch(index -> plan.toString().toLowerCase().contains(index.toLowerCase())))
                .as("one of %s in %s", java.util.Arrays.toString(indexes), plan).isTrue();
        if (postgres()) {
            assertThat(plan.toString()).doesNotContain("Seq Scan on aftersales_case");
        }
    }

    private String console(String path) throws Exception {
        return mvc.perform(get(path).header("Accept-Language", "en")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private static List<String> refs(String page) {
        List<String> refs = new ArrayList<>();
        Matcher m = ROW_REF.matcher(page);
        while (m.find()) {
            refs.add(m.group(1));
        }
        return refs;
    }

    boolean postgres() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }

    private static CaseSearch.Criteria criteria(OffsetDateTime from, OffsetDateTime to, String product, String unit,
                                                String ref, String decisionType, String decisionValue) {
        return new CaseSearch.Criteria(from, to, product, unit, ref, decisionType, decisionValue);
    }
}
