package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.BothDatabases;
import com.example.aftersales.cases.internal.LatestDecisionTypes;
import com.example.aftersales.cases.internal.SearchIndexer;
import com.example.aftersales.cases.internal.SearchTerms;
import com.example.aftersales.glossary.Glossary;

/**
 * The case search's free text read from its index ({@link SearchTerms}, case_search_term V22) finds exactly the cases
 * the conditions alone find ("the old semantics", computed here in Java from the cases' columns): over 2,000 cases of
 * varied names (Chinese, English in mixed case, %, _, quotes, backslashes, characters beyond the BMP, none), written
 * in SQL and indexed by {@link SearchTerms#fill}, and cases written through {@code POST /api/cases} (found while
 * their terms wait in case_search_pending, and once {@link SearchIndexer} has written them); and hostile text is
 * bounded and safe. The count stops at 300 and a text is "common" from 500 cases here (the settings' 10,000 and 5,000
 * scaled to the 2,000 cases), so that texts are looked for both ways (candidates from the terms, or every case read
 * from V40's index) and counted whole past the count's stop. On H2 and, in the PostgreSQL run, PostgreSQL.
 */
@BothDatabases
// the indexer writes pending cases' terms only when the test says (indexPending), never by itself
@SpringBootTest(properties = {"aftersales.test.database=search_terms", "aftersales.search.timeout=60s",
        "aftersales.search.max-count=300", "aftersales.search.text-scan-at=500",
        "aftersales.search.index-linger-millis=3600000", "aftersales.search.index-poll-millis=3600000"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
@WithMockUser(username = "quality.li", roles = "ADMIN")
class CaseTextSearchTest {

    static final int CASES = 2_000;

    static final String[] CUSTOMERS = {"湘潭恒达矿业有限公司", "娄底市爆破工程公司", "Acme Mining Co", "ACME Quarry Ltd",
            "100% Pure_Blast", "O'Brien & Sons", "back\\slash works", "💥 Boom 有限公司", "Zhang San 张三", "Quarry of 湘潭",
            "under_score co", "x", null};
    static final String[] PRODUCTS = {"乳化炸药", "岩石乳化炸药 Φ32", "Industrial electric detonator No. 8", "双门冰箱 BCD-200",
            "Cast booster (primer)", "Dummy 50% primer", null};
    static final String[] CODES = {"EX-200", "ex_3%", "DT-8", "PW-ANFO", "BCD-200"};

    @Autowired
    MockMvc mvc;
    @Autowired
    CaseSearch search;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    JsonMapper json;
    @Autowired
    SearchIndexer indexer;

    @BeforeEach
    void history() throws Exception {
        synchronized (CaseTextSearchTest.class) {
            if (jdbc.sql("select count(*) from aftersales_case where external_ref like 'TXT-%'").query(Long.class).single() > 0) {
                return;
            }
            List<String> categories = codes(Glossary.PRODUCT_CATEGORIES);
            List<String> problems = codes(Glossary.PROBLEM_CATEGORIES);
            List<String> units = codes(Glossary.UNITS);
            List<String> provinces = codes(Glossary.PROVINCES);
            SplittableRandom random = new SplittableRandom(14);
            OffsetDateTime start = OffsetDateTime.parse("2026-01-01T00:00:00+08:00");
            for (int i = 1; i <= CASES; i++) {
                String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
                String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
                String ref = "TXT-" + (random.nextBoolean() ? "Ab" : "aB") + (random.nextInt(10) == 0 ? "%_" : "") + "-" + i;
                jdbc.sql("""
                        insert into aftersales_case (external_ref, received_at, channel, product_code, product_category,
                            problem_category, batch_number, production_site, customer_province, unit_code, unit_province,
                            intake_json, created_at, search_names)
                        values (?, ?, 'MARKETING_BRANCH', ?, ?, ?, 'B1', 'SITE-A', ?, ?, 'Hunan', '{}', current_timestamp, ?)""")
                        .params(ref, start.plusMinutes(7L * i), CODES[random.nextInt(CODES.length)],
                                categories.get(random.nextInt(categories.size())), problems.get(random.nextInt(problems.size())),
                                provinces.get(random.nextInt(provinces.size())), units.get(random.nextInt(units.size())),
                                CaseSearch.searchNames(customer, product))
                        .update();
            }
            jdbc.sql("""
                    insert into evaluation (case_id, seq, ruleset_version, reference_time, cause, facts_json,
                        prior_defect_ids, fired_rules_json, decision_summary, evaluated_at)
                    select c.id, 1, 'text-search-test', c.received_at, null, '{}', '', '[]', 'WARRANTY=IN_VALIDITY',
                           c.received_at
                    from aftersales_case c where c.external_ref like 'TXT-%'""").update();
            // every fifth case evaluated again (findings): its latest decisions are the second evaluation's
            jdbc.sql("""
                    insert into evaluation (case_id, seq, ruleset_version, reference_time, cause, facts_json,
                        prior_defect_ids, fired_rules_json, decision_summary, evaluated_at)
                    select c.id, 2, 'text-search-test-2', c.received_at, 'PRODUCT_DEFECT', '{}', '', '[]', '', c.received_at
                    from aftersales_case c where c.external_ref like 'TXT-%' and mod(c.id, 5) = 0""").update();
            decision(0, "WARRANTY", "'text-search-test'", "1 = 1");
            decision(1, "NOTICE_CIRCULATION", "'text-search-test'", "mod(e.case_id, 3) = 0");
            decision(2, "FOUR_NO_LET_GO", "'text-search-test'", "mod(e.case_id, 7) = 0");
            decision(3, "NOTICE_CIRCULATION", "'text-search-test'", "mod(e.case_id, 11) = 0"); // a type twice
            decision(0, "RECTIFICATION_ORDER", "'text-search-test-2'", "1 = 1");
            decision(1, "WARRANTY", "'text-search-test-2'", "mod(e.case_id, 2) = 0");
            // each case's latest decision types, as every write of an evaluation keeps them
            assertThat(LatestDecisionTypes.fill(new JdbcTemplate(dataSource))).isEqualTo(CASES);
            try (Connection connection = dataSource.getConnection()) {
                assertThat(SearchTerms.fill(connection)).isEqualTo(CASES);
                assertThat(SearchTerms.fill(connection)).as("indexed once").isZero();
            }
            // written as every case is: through the API, their terms left pending (SearchIndexer)
            for (String[] names : new String[][] {{"贵州黔南民爆器材有限公司", "电子雷管"}, {"Ünïcode GmbH", "Heavy ANFO"},
                    {"湘潭恒达矿业有限公司", "Seismic primer"}}) {
                ObjectNode data = example("API-TXT-" + names[1].hashCode(), names[0]);
                ((ObjectNode) data.get("product")).put("name", names[1]);
                mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                        .andExpect(status().isCreated());
            }
        }
    }

    /** Records the case through the API (201) and answers its id. */
    /** The README's example case under another reference and customer name. */
    private ObjectNode example(String externalRef, String customerName) throws Exception {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", externalRef);
        ((ObjectNode) data.get("customer")).put("name", customerName);
        return data;
    }

    private long register(ObjectNode data) throws Exception {
        return json.readTree(mvc.perform(post("/api/cases").contentType(MediaType.APPLICATION_JSON).content(data.toString()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString()).get("caseId").asLong();
    }

    private void decision(int position, String type, String version, String condition) {
        jdbc.sql("""
                insert into decision (evaluation_id, position, type, decision_value, rule, reason)
                select e.id, %d, '%s', 'X', 'Facets test', 'facets test' from evaluation e
                where e.ruleset_version = %s and %s""".formatted(position, type, version, condition)).update();
    }

    @Test
    @DisplayName("Facets count every case found, by category, unit and latest decision types: the same as counted from the cases and their latest evaluations")
    void facetsOfEveryCaseFound() throws Exception {
        // a case recorded and evaluated again through the API (CaseWriter keeps its latest decision types)
        ObjectNode data = example("API-TXT-FACETS-" + System.nanoTime(), "Facet Findings 刻面");
        data.remove("findings");
        long id = register(data);
        CaseSearch.Criteria findings = new CaseSearch.Criteria(null, null, null, null, null, null, null).withText("facet findings");
        assertThat(search.facetsOnly(findings, new CaseSearch.Stop()).decisionTypes()).extracting(CaseSearch.Facet::code)
                .doesNotContain("CUSTOMER_TRAINING");
        mvc.perform(post("/api/cases/" + id + "/evaluations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"findings\": {\"cause\": \"IMPROPER_OPERATION\", \"staffDispatched\": 1}}"))
                .andExpect(status().isCreated());
        assertThat(search.facetsOnly(findings, new CaseSearch.Stop()).decisionTypes()).as("the second evaluation's")
                .isEqualTo(top(List.copyOf(latestDecisionTypes().get(id))))
                .extracting(CaseSearch.Facet::code).contains("CUSTOMER_TRAINING", "REMEDY");

        List<Case> cases = cases();
        Map<Long, Set<String>> latest = latestDecisionTypes();
        CaseSearch.Criteria none = new CaseSearch.Criteria(null, null, null, null, null, null, null);
        for (String text : List.of("公司", "a", "雷管", "湘潭", "TXT-AB", "acme mining", "湖南", "ünïcode", "nothing like this")) {
            Set<Long> ids = expected(cases, text);
            List<Case> found = cases.stream().filter(c -> ids.contains(c.id())).toList();
            CaseSearch.Facets facets = search.facetsOnly(none.withText(text), new CaseSearch.Stop());
            assertThat(facets.productCategories()).as("q=%s", text).isEqualTo(top(found.stream().map(Case::productCategory).toList()));
            assertThat(facets.units()).as("q=%s", text).isEqualTo(top(found.stream().map(Case::unit).toList()));
            assertThat(facets.decisionTypes()).as("q=%s", text)
                    .isEqualTo(top(found.stream().flatMap(c -> latest.getOrDefault(c.id(), Set.of()).stream()).toList()));
        }
        assertThat(expected(cases, "公司")).as("a text with many cases, read from V40's index").hasSizeGreaterThan(500);
        // and the API's facets beside its list: the categories add up to the list's total
        CaseSearch.Found withList = search.find(none.withText("公司"), 0, 25, null, true);
        assertThat(withList.facets().productCategories().stream().mapToLong(CaseSearch.Facet::count).sum())
                .isEqualTo(withList.page().total()).isEqualTo(expected(cases, "公司").size());
        CaseSearch.Facets all = search.facetsOnly(none, new CaseSearch.Stop());
        assertThat(all.decisionTypes()).as("unfiltered").isEqualTo(top(latest.values().stream().flatMap(Set::stream).toList()));
        assertThat(all.decisionTypes()).extracting(CaseSearch.Facet::code).contains("RECTIFICATION_ORDER", "FOUR_NO_LET_GO");
    }

    @Test
    @DisplayName("The facets of a common text are one statement over V40's index (H2), not the cases' rows or their evaluations")
    void facetsInOneRead() throws Exception {
        List<Object> params = new ArrayList<>();
        String sql = search.facetsSql(new CaseSearch.Criteria(null, null, null, null, null, null, null).withText("公司"), params);
        assertThat(sql).doesNotContain("evaluation", "decision ", "group by");
        if (Boolean.getBoolean(com.example.aftersales.PostgresSuite.ACTIVE)) {
            return; // PostgreSQL plans 2,000 cases as it likes
        }
        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement explain = connection.prepareStatement("explain " + sql)) {
            for (int i = 0; i < params.size(); i++) {
                explain.setObject(i + 1, params.get(i)); // with parameters, as the search runs it (literals plan otherwise)
            }
            try (java.sql.ResultSet rs = explain.executeQuery()) {
                while (rs.next()) plan.append(rs.getString(1));
            }
        }
        assertThat(plan.toString().toLowerCase(Locale.ROOT)).contains("ix_case_search_text").contains("case_decision_types");
    }

    @Test
    @DisplayName("A facets count stopped from another thread (its request gone) is cancelled in the database: no facets, long before its deadline")
    void facetsStopped() throws Exception {
        boolean postgres = Boolean.getBoolean(com.example.aftersales.PostgresSuite.ACTIVE);
        CaseSearch.Criteria criteria = new CaseSearch.Criteria(null, null, null, null, null, null, null).withText("公司");
        try (Connection holder = dataSource.getConnection(); java.sql.Statement hold = holder.createStatement()) {
            if (postgres) {
                holder.setAutoCommit(false); // the count waits for the table until cancelled
                hold.execute("lock table case_decision_types in access exclusive mode");
            } else { // H2 readers never wait for a lock: the read starts 4 s late instead
                hold.execute("create trigger slow_facets before select on case_decision_types call '"
                        + CaseSearchDeadlineTest.SlowRead.class.getName() + "'");
            }
            try {
                CaseSearch.Stop stop = new CaseSearch.Stop();
                long started = System.nanoTime();
                var counting = java.util.concurrent.CompletableFuture.supplyAsync(() -> search.facetsOnly(criteria, stop));
                Thread.sleep(500);
                stop.stop();
                assertThat(counting.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("not counted").isNull();
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (postgres) {
                    assertThat(millis).as("cancelled at once, not at the 60 s deadline").isLessThan(4_000);
                    assertThat(jdbc.sql("select count(*) from pg_stat_activity where query like '%case_decision_types t%'"
                            + " and state = 'active' and pid <> pg_backend_pid()").query(Long.class).single())
                            .as("nothing of the count left running").isZero();
                }
            } finally {
                if (postgres) {
                    holder.rollback();
                } else {
                    hold.execute("drop trigger slow_facets");
                }
            }
        }
        CaseSearch.Stop before = new CaseSearch.Stop();
        before.stop();
        assertThat(search.facetsOnly(criteria, before)).as("stopped before it ran").isNull();
        assertThat(search.facetsOnly(criteria, new CaseSearch.Stop())).as("counted again").isNotNull();
    }

    /** Each case's decision types of its latest evaluation, read from the evaluations and decisions. */
    private Map<Long, Set<String>> latestDecisionTypes() {
        Map<Long, Integer> seq = new HashMap<>();
        Map<Long, Set<String>> types = new HashMap<>();
        jdbc.sql("select e.case_id, e.seq, d.type from evaluation e left join decision d on d.evaluation_id = e.id")
                .query(rs -> {
                    long id = rs.getLong(1);
                    int s = rs.getInt(2);
                    if (s > seq.getOrDefault(id, 0)) {
                        seq.put(id, s);
                        types.put(id, new TreeSet<>());
                    }
                    if (s == seq.get(id) && rs.getString(3) != null) {
                        types.get(id).add(rs.getString(3));
                    }
                });
        return types;
    }

    /** The values counted, most first then by code, the first 12 (CaseSearch.FACET_VALUES). */
    private static List<CaseSearch.Facet> top(List<String> values) {
        Map<String, Long> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(CaseSearch.FACET_VALUES).map(e -> new CaseSearch.Facet(e.getKey(), e.getValue())).toList();
    }

    @Test
    @DisplayName("Free text finds exactly the cases whose names, reference start, product code or codes' labels hold it, any case")
    void sameCasesAsTheConditions() {
        List<Case> cases = cases();
        Set<String> texts = new LinkedHashSet<>(List.of("湘潭", "矿业", "有限公司", "公司", "张", "炸", "乳化炸药", "雷管",
                "ACME", "acme mining", "quarry", "Qu", "ar", "a", "8", "bcd-200", "BCD", "txt-ab", "TXT-AB%", "txt-ab%_",
                "%", "_", "%_", "50%", "'", "o'brien", "\\", "back\\slash", "💥", "💥 boom", "boom 有限", "Φ32", "φ32",
                "ex_3%", "ex-", "-", " ", "no. 8", "mining co\n", "mining co\ncast", "湖南", "Hunan", "雷", "explosive",
                "primer", "SUB-0", "sub-01", "电子雷管", "ünïcode", "ÜNÏCODE", "黔南", "nothing like this", "zz", "txt-ab-1999",
                "api-txt", "ba", "湘潭恒达矿业有限公司\nseismic"));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 40; i++) { // random pieces of the names themselves
            Case c = cases.get(random.nextInt(cases.size()));
            String source = random.nextBoolean() && c.names() != null ? c.names() : c.ref();
            int[] points = source.codePoints().toArray();
            int from = random.nextInt(points.length);
            int to = Math.min(points.length, from + 1 + random.nextInt(6));
            String piece = new String(points, from, to - from);
            texts.add(random.nextBoolean() ? piece.toUpperCase(Locale.ROOT) : piece);
        }
        for (String text : texts) {
            if (text.isBlank()) {
                continue;
            }
            assertThat(found(text)).as("q=%s", text).isEqualTo(expected(cases, text));
        }
        assertThat(found("湘潭")).as("a text found at all").hasSizeGreaterThan(100);
        assertThat(found("贵州黔南民爆")).as("a case written through the API").hasSize(1);
    }

    @Test
    @DisplayName("A common text is counted whole, past the count's stop, and paged through in the list's order to its last case")
    void commonTextCountedWholeInOrder() throws Exception {
        List<Case> cases = cases();
        for (String text : List.of("公司", "TXT-AB", "湘潭", "雷管", "a")) {
            List<Long> expected = newestFirst(cases, expected(cases, text));
            CaseSearch.Criteria criteria = new CaseSearch.Criteria(null, null, null, null, null, null, null).withText(text);
            CaseSearch.Page first = search.search(criteria, 0, 100);
            assertThat(first.total()).as("q=%s: the whole set", text).isEqualTo(expected.size());
            assertThat(first.more()).as("q=%s", text).isFalse();
            List<Long> paged = new ArrayList<>();
            for (int p = 0; p < first.pages(); p++) {
                search.search(criteria, p, 100).rows().forEach(row -> paged.add(row.caseId()));
            }
            assertThat(paged).as("q=%s: every page, newest first", text).isEqualTo(expected);
        }
        List<Long> common = newestFirst(cases, expected(cases, "公司"));
        assertThat(common).as("common: more than the count's stop, and than the text-scan threshold").hasSizeGreaterThan(500);
        mvc.perform(get("/api/cases").param("q", "公司").param("size", "100").param("page", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(common.size()))
                .andExpect(jsonPath("$.more").value(false))
                .andExpect(jsonPath("$.page").value(5))
                .andExpect(jsonPath("$.items[0].caseId").value(common.get(500)));
        CaseSearch.Criteria unfiltered = new CaseSearch.Criteria(null, null, null, null, null, null, null);
        assertThat(search.search(unfiltered, 0, 25).more()).as("without text, the count still stops").isTrue();
    }

    /** The ids in the list's default order (newest first, then the higher id). */
    private static List<Long> newestFirst(List<Case> cases, Set<Long> ids) {
        return cases.stream().filter(c -> ids.contains(c.id()))
                .sorted(java.util.Comparator.comparing(Case::receivedAt).thenComparing(Case::id).reversed())
                .map(Case::id).toList();
    }

    @Test
    @DisplayName("Text found is narrowed by the index: a rare text reads its terms, one ASCII character reads the list")
    void narrowedByTheIndex() {
        CaseSearch.Criteria criteria = new CaseSearch.Criteria(null, null, null, null, null, null, null);
        List<Object> params = new ArrayList<>();
        assertThat(search.pageSql(criteria.withText("恒达矿业"), params)).contains("case_search_term");
        params.clear();
        assertThat(search.pageSql(criteria.withText("雷管"), params)).as("the codes named by label too").contains("case_search_term");
        params.clear();
        assertThat(search.pageSql(criteria.withText("a"), params)).doesNotContain("case_search_term");
        params.clear();
        assertThat(search.pageSql(criteria.withText("qqqq"), params))
                .as("a bigram no case has: its (empty) look-up, and the cases whose terms are not written yet")
                .contains("case_search_term", "case_search_pending");
    }

    @Test
    @DisplayName("A case recorded through the API is found from the moment it is recorded: while its terms wait, and once they are written")
    void foundWhileItsTermsArePending() throws Exception {
        ObjectNode data = example("API-TXT-PENDING-" + System.nanoTime(), "Weiße Qzx Mining 待索引矿业");
        ((ObjectNode) data.get("product")).put("name", "Late Primer");
        long id = register(data);
        List<String> texts = List.of("weiße qzx", "QZX", "待索引", "索", "api-txt-pending", "late primer", "湘潭", "qq");

        assertThat(jdbc.sql("select count(*) from case_search_pending where case_id = ?").param(id).query(Long.class).single())
                .as("pending").isOne();
        assertThat(jdbc.sql("select count(*) from case_search_term where case_id = ?").param(id).query(Long.class).single())
                .as("no terms yet").isZero();
        for (String text : texts) {
            assertThat(found(text)).as("pending, q=%s", text).isEqualTo(expected(cases(), text));
        }
        assertThat(found("qzx")).containsExactly(id);

        assertThat(indexer.indexPending()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select count(*) from case_search_pending").query(Long.class).single()).as("none pending").isZero();
        assertThat(jdbc.sql("select count(*) from case_search_term where case_id = ?").param(id).query(Long.class).single())
                .as("its terms").isEqualTo(SearchTerms.terms(CaseSearch.searchNames("Weiße Qzx Mining 待索引矿业", "Late Primer"),
                        data.get("externalRef").asString(), data.at("/product/code").asString(),
                        data.at("/product/category").asString(), data.at("/problem/category").asString(),
                        data.at("/responsibleUnit/code").asString(), data.at("/customer/province").asString()).size());
        for (String text : texts) {
            assertThat(found(text)).as("indexed, q=%s", text).isEqualTo(expected(cases(), text));
        }
        assertThat(found("qzx")).containsExactly(id);
        assertThat(indexer.indexPending()).as("nothing left").isZero();
    }

    @Test
    @DisplayName("The indexer skips a pending case another indexer holds, and indexes one whose terms were written meanwhile")
    void indexersDoNotMeet() throws Exception {
        ObjectNode data = example("API-TXT-CLAIMED-" + System.nanoTime(), "Claimed Vzq Mining 认领矿业");
        long id = register(data);
        String pending = "select count(*) from case_search_pending where case_id = ?";
        try (Connection other = dataSource.getConnection()) { // another instance's indexer, in its batch
            other.setAutoCommit(false);
            try (java.sql.PreparedStatement claim = other.prepareStatement(
                    "select case_id from case_search_pending where case_id = ? for update")) {
                claim.setLong(1, id);
                claim.executeQuery().close();
            }
            long started = System.nanoTime();
            indexer.indexPending();
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms: not waited for").isLessThan(5_000);
            assertThat(jdbc.sql(pending).param(id).query(Long.class).single()).as("left to its holder").isOne();
            // its terms written meanwhile (a history's fill): the indexer's plain insert meets them
            assertThat(SearchTerms.fill(other)).isGreaterThanOrEqualTo(1);
            other.commit();
        }
        assertThat(jdbc.sql("select count(*) from case_search_term where case_id = ?").param(id).query(Long.class).single())
                .as("its terms, written by the fill").isPositive();
        assertThat(indexer.indexPending()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql(pending).param(id).query(Long.class).single()).as("indexed all the same").isZero();
        assertThat(found("vzq")).containsExactly(id);
    }

    @Test
    @DisplayName("Hostile text: wildcards are characters, quotes are text, 100 characters answer within bounds, 101 is refused in words")
    void hostileText() throws Exception {
        assertThat(found("%%%%")).isEmpty();
        assertThat(found("'; drop table aftersales_case; --")).isEmpty();
        assertThat(jdbc.sql("select count(*) from aftersales_case").query(Long.class).single()).isGreaterThanOrEqualTo(CASES);
        String longest = "湘潭恒达矿业有限公司".repeat(10);
        long started = System.nanoTime();
        assertThat(found(longest)).isEmpty();
        assertThat(found("ab".repeat(50))).isEmpty();
        assertThat(found("%_".repeat(50))).isEmpty();
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms for three texts of 100 characters").isLessThan(10_000);
        mvc.perform(get("/api/cases").param("q", "x".repeat(CaseSearch.MAX_TEXT + 1)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("q"));
        mvc.perform(get("/api/cases").param("q", "100% Pure_Blast").param("size", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(expected(cases(), "100% Pure_Blast").size()));
        mvc.perform(get("/console/cases").param("q", "<script>alert(1)</script>"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("<script>alert(1)"))));
    }

    record Case(long id, String names, String ref, String code, String productCategory, String problemCategory,
                String unit, String province, OffsetDateTime receivedAt) {
    }

    private List<Case> cases() {
        return jdbc.sql("""
                select id, search_names, external_ref, product_code, product_category, problem_category, unit_code,
                       customer_province, received_at from aftersales_case""")
                .query((rs, i) -> new Case(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class))).list();
    }

    /** The old semantics, in Java: names contain, reference starts with, code contains, or a code named (any case). */
    private static Set<Long> expected(List<Case> cases, String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        Set<Long> ids = new TreeSet<>();
        for (Case c : cases) {
            if (c.names() != null && c.names().contains(lower)
                    || c.ref() != null && c.ref().toLowerCase(Locale.ROOT).startsWith(lower)
                    || c.code().toLowerCase(Locale.ROOT).contains(lower)
                    || named(Glossary.PRODUCT_CATEGORIES, c.productCategory(), lower)
                    || named(Glossary.PROBLEM_CATEGORIES, c.problemCategory(), lower)
                    || named(Glossary.UNITS, c.unit(), lower)
                    || named(Glossary.PROVINCES, c.province(), lower)) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    private static boolean named(String set, String code, String lower) {
        return Glossary.codeSet(set).flatMap(s -> s.codes().stream().filter(k -> k.code().equals(code)).findFirst())
                .map(k -> k.code().toLowerCase(Locale.ROOT).contains(lower)
                        || k.label().zh().toLowerCase(Locale.ROOT).contains(lower)
                        || k.label().en().toLowerCase(Locale.ROOT).contains(lower))
                .orElse(false);
    }

    /** Every case found, paging 100 at a time. */
    private Set<Long> found(String text) {
        CaseSearch.Criteria criteria = new CaseSearch.Criteria(null, null, null, null, null, null, null).withText(text);
        Set<Long> ids = new TreeSet<>();
        CaseSearch.Page page = search.search(criteria, 0, 100);
        assertThat(page.more()).isFalse();
        for (int p = 0; p < page.pages(); p++) {
            CaseSearch.Page next = search.search(criteria, p, 100);
            next.rows().forEach(row -> ids.add(row.caseId()));
        }
        assertThat((long) ids.size()).as("q=%s: total against the pages", text).isEqualTo(page.total());
        return ids;
    }

    private static List<String> codes(String set) {
        return Glossary.codeSet(set).orElseThrow().codes().stream().map(Glossary.Code::code).toList();
    }
}
