package com.example.aftersales.cases;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Service;

import com.example.aftersales.cases.internal.LatestDecisionTypes;
import com.example.aftersales.cases.internal.SearchIndexer;
import com.example.aftersales.cases.internal.SearchProperties;
import com.example.aftersales.cases.internal.SearchTerms;

/**
 * Finds recorded cases for people: by period of receipt, product (code or category), responsible unit, the start of
 * the external reference, and a decision of their latest evaluation; newest first, a page at a time.
 * <p>
 * Bounded, whatever the history's size ({@link SearchProperties}): each filter reads an index in received_at order
 * (V13, V14), the count stops at {@code max-count} and the pages with it (free text without a decision is counted
 * whole: {@link #countedWhole}), a page holds at most {@code max-page-size}
 * cases, and the search's statements share one deadline ({@code timeout}) after which the database cancels them
 * ({@link SearchTimeoutException}).
 */
@Service
public class CaseSearch implements DisposableBean {

    /**
     * What to look for; null or blank fields are not filtered on. {@code to} is exclusive. {@code product} is a
     * product code or a product category.
     */
    public record Criteria(OffsetDateTime from, OffsetDateTime to, String product, String unit, String externalRef,
                           String decisionType, String decisionValue, ProductField productIs, String text,
                           TextTerms textTerms) {

        public Criteria(OffsetDateTime from, OffsetDateTime to, String product, String unit, String externalRef,
                        String decisionType, String decisionValue) {
            this(from, to, product, unit, externalRef, decisionType, decisionValue, null, null, null);
        }

        Criteria productIs(ProductField field) {
            return new Criteria(from, to, product, unit, externalRef, decisionType, decisionValue, field, text, textTerms);
        }

        Criteria textTerms(TextTerms terms) {
            return new Criteria(from, to, product, unit, externalRef, decisionType, decisionValue, productIs, text, terms);
        }

        /**
         * The same, and free text ({@link CaseSearch#MAX_TEXT} characters at most): found in the customer's or the
         * product's name, at the start of the reference, in the product code, or naming (by code or label, Chinese or
         * English) the product category, the problem category, the responsible unit or the customer's province; any
         * case, any place.
         */
        public Criteria withText(String text) {
            return new Criteria(from, to, product, unit, externalRef, decisionType, decisionValue, productIs, text, null);
        }
    }

    /**
     * How free text is looked up in the terms ({@link SearchTerms}): the cases holding all of {@code grams} (the
     * text's rarest bigrams, or its one character) or any of {@code codes} (the codes whose code or label holds the
     * text) are the candidates, with the cases whose terms are not written yet ({@link SearchIndexer}), which the
     * text's conditions then check. {@code gramsFound} false: no bigram to look up. {@code scan}: the text is one ASCII character, or so common that reading the cases in the list's
     * order finds a page sooner than the terms would (at least {@link SearchProperties#textScanAt()} cases hold its
     * rarest bigram, or the codes it names): the conditions are then read from an index that holds what they need
     * (V40), whole, not from the cases' rows.
     */
    public record TextTerms(List<String> grams, boolean gramsFound, List<String> codes, boolean scan) {
    }

    /** The bigrams of a text counted to choose the rarest (a text of 100 characters has up to 99). */
    static final int COUNTED_GRAMS = 12;
    /** The rarest bigrams all of which a candidate must hold. */
    static final int PROBED_GRAMS = 3;
    /** The longest free text a search takes. */
    public static final int MAX_TEXT = 100;

    /**
     * The orders a list may be asked in (a leading - reverses): their columns, fixed here, each ending in an order
     * an index gives within a filter. The default is {@link #DEFAULT_SORT}.
     */
    public static final Map<String, String> SORTS = Map.of(
            "received", "c.received_at, c.id",
            "ref", "c.external_ref, c.id",
            "product", "c.product_code, c.received_at, c.id",
            "unit", "c.unit_code, c.received_at, c.id");
    public static final String DEFAULT_SORT = "-received";

    /** Whether {@code sort} is one of {@link #SORTS}, optionally with a leading -. */
    public static boolean knownSort(String sort) {
        return sort == null || sort.isBlank() || SORTS.containsKey(sort.trim().startsWith("-") ? sort.trim().substring(1) : sort.trim());
    }

    private static String orderBy(String sort) {
        String key = sort == null || sort.isBlank() ? DEFAULT_SORT : sort.trim();
        boolean reversed = key.startsWith("-");
        String columns = SORTS.get(reversed ? key.substring(1) : key);
        if (columns == null) {
            throw new IllegalArgumentException("unknown sort"); // callers check knownSort first
        }
        return reversed ? String.join(", ", java.util.Arrays.stream(columns.split(", ")).map(c -> c + " desc").toList())
                : columns;
    }

    /** A facet's values for the current filter, most cases first: the code and its count of cases. */
    public record Facet(String code, long count) {
    }

    /**
     * The cases of the filter by product category, responsible unit and decision type (of their latest evaluation),
     * each counted over the whole filter (not the page), at most {@link #FACET_VALUES} values each.
     */
    public record Facets(List<Facet> productCategories, List<Facet> units, List<Facet> decisionTypes) {
    }

    static final int FACET_VALUES = 12;

    /** A page and, when asked for and found within the same deadline, the facets; null facets: not computed in time. */
    public record Found(Page page, Facets facets, boolean facetsStopped) {
    }

    /**
     * What the product asked for is: a code, a category, or (a value recorded as both) either. Asking for "code or
     * category" in one condition would read neither index; each alone reads its own in received_at order.
     */
    enum ProductField { CODE, CATEGORY, EITHER }

    /** A case in the list, with what its latest evaluation decided. */
    public record Row(long caseId, String externalRef, OffsetDateTime receivedAt, String productCode,
                      String productCategory, String problemCategory, String unitCode, int evaluations,
                      String rulesetVersion, String decisionSummary) {
    }

    /**
     * A page of the cases found. {@code total} is exact unless {@code more}: then at least {@code total} (the count
     * stopped there) and the pages end there too.
     */
    public record Page(List<Row> rows, long total, boolean more, int page, int size) {
        public long pages() {
            return (total + size - 1) / size;
        }
    }

    private static final RowMapper<Row> ROW = (rs, i) -> new Row(rs.getLong("id"), rs.getString("external_ref"),
            rs.getObject("received_at", OffsetDateTime.class), rs.getString("product_code"),
            rs.getString("product_category"), rs.getString("problem_category"), rs.getString("unit_code"),
            rs.getInt("seq"), rs.getString("ruleset_version"), rs.getString("decision_summary"));

    private final JdbcTemplate jdbc;
    private final SearchProperties properties;
    /** Cancels each statement still running at its search's deadline (see query()). */
    private final ScheduledExecutorService deadlines;

    CaseSearch(DataSource dataSource, SearchProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource); // no timeout of its own: the search's deadline, see query()
        this.properties = properties;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("search-deadline-");
        threads.setDaemon(true);
        this.deadlines = Executors.newSingleThreadScheduledExecutor(threads);
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
    }

    /** The settings' page size. */
    public Page search(Criteria criteria, int page) {
        return search(criteria, page, properties.pageSize());
    }

    /** A page of {@code size} cases (at most {@code max-page-size}); a page past the last one found is the last. */
    public Page search(Criteria criteria, int page, int size) {
        return search(criteria, page, size, DEFAULT_SORT, System.nanoTime() + properties.timeout().toNanos());
    }

    /**
     * A page in the order asked ({@link #SORTS}) and, if {@code facets}, the facets of the whole filter: one deadline
     * for all. The page past the deadline is a {@link SearchTimeoutException}; facets past it are left out
     * ({@code facetsStopped}), the page stays.
     */
    public Found find(Criteria criteria, int page, Integer size, String sort, boolean facets) {
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        criteria = resolve(criteria, deadline);
        Page found = search(criteria, page, size == null ? properties.pageSize() : size, sort, deadline);
        if (!facets) {
            return new Found(found, null, false);
        }
        try {
            return new Found(found, found.total() == 0 ? new Facets(List.of(), List.of(), List.of())
                    : facets(criteria, deadline, null), false);
        } catch (SearchTimeoutException e) {
            return new Found(found, null, true);
        }
    }

    /**
     * Only the facets of a filter, within the search's deadline (the console asks for them after the page has been
     * drawn): null when they were not counted in time, or {@code stop} was called meanwhile.
     */
    public Facets facetsOnly(Criteria criteria, Stop stop) {
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        try {
            return facets(resolve(criteria, deadline), deadline, stop);
        } catch (SearchTimeoutException e) {
            return null;
        }
    }

    /**
     * Stops a facets count from another thread (the person who asked for it has gone): the statement it runs is
     * cancelled in the database, and it starts none after.
     */
    public static final class Stop {
        private volatile boolean stopped;
        private volatile Statement running;

        public void stop() {
            stopped = true;
            cancel(running);
        }

        /** Called with the statement about to run: whether it may (not stopped already). */
        boolean running(Statement statement) {
            running = statement;
            return !stopped;
        }

        private static void cancel(Statement statement) {
            if (statement == null) return;
            try {
                statement.cancel();
            } catch (SQLException e) {
                // closed meanwhile: nothing left to stop
            }
        }
    }

    /**
     * The whole filter counted by product category, unit and latest decision types in one read of the cases found:
     * their category and unit (V40's index holds both) and their row of {@code case_decision_types} (V52), counted
     * here. (Three grouped counts read the cases found three times, and the decision types from each case's latest
     * evaluation and its decisions: 6.5–10 s of a common text in 100,000 cases.)
     */
    private Facets facets(Criteria criteria, long deadline, Stop stop) {
        List<Object> params = new ArrayList<>();
        String from = from(criteria, params);
        String where = where(criteria, params);
        Map<String, Long> categories = new HashMap<>();
        Map<String, Long> units = new HashMap<>();
        Map<String, Long> types = new HashMap<>();
        query(facetsSql(from, where), params, deadline, stop, rs -> {
            categories.merge(rs.getString(1), 1L, Long::sum);
            units.merge(rs.getString(2), 1L, Long::sum);
            for (String type : LatestDecisionTypes.split(rs.getString(3))) {
                types.merge(type, 1L, Long::sum);
            }
        });
        return new Facets(top(categories), top(units), top(types));
    }

    private static String facetsSql(String from, String where) {
        return "select c.product_category, c.unit_code, t.decision_types from " + from
                + " left join case_decision_types t on t.case_id = c.id " + where;
    }

    /** The most frequent values first (then by code), at most {@link #FACET_VALUES}. */
    private static List<Facet> top(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(FACET_VALUES).map(e -> new Facet(e.getKey(), e.getValue())).toList();
    }

    private Page search(Criteria criteria, int page, int size, String sort, long deadline) {
        int pageSize = Math.max(1, Math.min(size, properties.maxPageSize()));
        criteria = resolve(criteria, deadline);
        List<Object> params = new ArrayList<>();
        String from = from(criteria, params);
        String where = where(criteria, params);
        long total;
        boolean more;
        if (countedWhole(criteria)) {
            total = query("select count(*) from " + from + " " + where, params, deadline, (rs, i) -> rs.getLong(1)).get(0);
            more = false;
        } else {
            List<Object> countParams = new ArrayList<>(params);
            countParams.add(properties.maxCount() + 1);
            long counted = query("select count(*) from (select 1 from " + from + " " + where + " limit ?) found",
                    countParams, deadline, (rs, i) -> rs.getLong(1)).get(0);
            more = counted > properties.maxCount();
            total = Math.min(counted, properties.maxCount());
        }
        long pages = (total + pageSize - 1) / pageSize;
        int shown = (int) Math.max(0, Math.min(page, pages - 1));
        if (total == 0) {
            return new Page(List.of(), 0, false, 0, pageSize);
        }
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(pageSize);
        pageParams.add((long) shown * pageSize);
        List<Long> ids = query(pageSql(from, where, orderBy(sort)), pageParams, deadline, (rs, i) -> rs.getLong(1));
        if (ids.isEmpty()) {
            return new Page(List.of(), total, more, shown, pageSize);
        }
        // the page's cases with their latest evaluations, in the page's order
        Map<Long, Row> byId = new HashMap<>();
        query("""
                select c.id, c.external_ref, c.received_at, c.product_code, c.product_category, c.problem_category,
                       c.unit_code, e.seq, e.ruleset_version, e.decision_summary
                from aftersales_case c join evaluation e on e.case_id = c.id
                where c.id in (%s) and %s
                """.formatted(String.join(",", java.util.Collections.nCopies(ids.size(), "?")), LATEST),
                new ArrayList<>(ids), deadline, ROW).forEach(row -> byId.put(row.caseId(), row));
        List<Row> rows = ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
        return new Page(rows, total, more, shown, pageSize);
    }

    /**
     * Whether the search's count is of the whole set rather than stopped at {@code max-count}: free text without a
     * decision, whose conditions all read the columns of one index (V40: what the text is looked for in, the period,
     * product, unit and reference) — a common text's count reads those 100,000-odd narrow entries (about 0.1 s on H2),
     * a rarer one's its candidates (fewer than {@link SearchProperties#textScanAt()}). A decision is looked for in
     * other tables, case by case: that count still stops.
     */
    private static boolean countedWhole(Criteria criteria) {
        return present(criteria.text()) && !present(criteria.decisionType());
    }

    /** The criteria with what the product is and how the text is looked up decided (index probes), once per search. */
    private Criteria resolve(Criteria criteria, long deadline) {
        if (present(criteria.product()) && criteria.productIs() == null) {
            criteria = criteria.productIs(productField(criteria.product().trim(), deadline));
        }
        if (present(criteria.text()) && criteria.textTerms() == null) {
            criteria = criteria.textTerms(textTerms(criteria.text().trim().toLowerCase(java.util.Locale.ROOT), deadline));
        }
        return criteria;
    }

    /**
     * How to look the text up ({@link TextTerms}): its bigrams' cases are counted (at most {@link #COUNTED_GRAMS}
     * bigrams, each count stopping at {@link SearchProperties#textScanAt()}), and so are the cases of the codes it names.
     */
    private TextTerms textTerms(String lower, long deadline) {
        List<String> grams = SearchTerms.queryGrams(lower);
        List<String> codes = new ArrayList<>();
        TEXT_CODES.forEach((set, column) -> codes(set, lower).forEach(code -> codes.add(SearchTerms.code(column.substring(2), code))));
        java.util.Collections.sort(codes);
        if (grams.isEmpty()) {
            return new TextTerms(List.of(), false, codes, true);
        }
        int common = properties.textScanAt();
        String count = "select count(*) from (select 1 from case_search_term where term = ? fetch first " + common
                + " rows only) t";
        List<long[]> counted = new ArrayList<>(); // index in grams, count
        int step = Math.max(1, (grams.size() + COUNTED_GRAMS - 1) / COUNTED_GRAMS); // spread over the text
        for (int i = 0; i < grams.size(); i += step) {
            long n = query(count, List.of(grams.get(i)), deadline, (rs, r) -> rs.getLong(1)).get(0);
            if (n == 0) {
                // in no indexed case: only the codes and the pending cases find any. Still looked up (an index probe
                // that finds nothing), for a case whose terms are written between this count and the search.
                return new TextTerms(List.of(grams.get(i)), true, codes,
                        !codes.isEmpty() && codeCases(codes, deadline) >= common);
            }
            counted.add(new long[] {i, n});
        }
        counted.sort(java.util.Comparator.comparingLong(c -> c[1]));
        List<String> rarest = counted.stream().limit(PROBED_GRAMS).map(c -> grams.get((int) c[0])).toList();
        long candidates = counted.get(0)[1];
        if (candidates < common && !codes.isEmpty()) {
            candidates += codeCases(codes, deadline);
        }
        return new TextTerms(rarest, true, codes, candidates >= common);
    }

    /** The cases filed under the codes, counted up to {@link SearchProperties#textScanAt()}. */
    private long codeCases(List<String> codes, long deadline) {
        return query("select count(*) from (select 1 from case_search_term where term in ("
                + String.join(",", java.util.Collections.nCopies(codes.size(), "?")) + ") fetch first "
                + properties.textScanAt()
                + " rows only) t", new ArrayList<>(codes), deadline, (rs, r) -> rs.getLong(1)).get(0);
    }

    /** The codes of a code set whose code or label (zh, en) contains the lower-case text. */
    private static List<String> codes(String set, String lower) {
        return com.example.aftersales.glossary.Glossary.codeSet(set).map(codeSet -> codeSet.codes().stream()
                .filter(code -> code.code().toLowerCase(java.util.Locale.ROOT).contains(lower)
                        || code.label().zh().toLowerCase(java.util.Locale.ROOT).contains(lower)
                        || code.label().en().toLowerCase(java.util.Locale.ROOT).contains(lower))
                .map(com.example.aftersales.glossary.Glossary.Code::code).toList()).orElse(List.of());
    }

    /** Whether the value is recorded as a product code, a category, or both (two index probes). */
    private ProductField productField(String product, long deadline) {
        boolean code = !query("select 1 from aftersales_case where product_code = ? fetch first 1 rows only",
                List.of(product), deadline, (rs, i) -> 1).isEmpty();
        boolean category = !query("select 1 from aftersales_case where product_category = ? fetch first 1 rows only",
                List.of(product), deadline, (rs, i) -> 1).isEmpty();
        return code && category ? ProductField.EITHER : category ? ProductField.CATEGORY : ProductField.CODE;
    }

    /**
     * The statement that finds a page's cases, and its parameters (page size and offset to be added), for the query
     * plan's tests.
     */
    String pageSql(Criteria criteria, List<Object> params) {
        criteria = resolve(criteria, System.nanoTime() + properties.timeout().toNanos());
        String from = from(criteria, params);
        return pageSql(from, where(criteria, params), orderBy(DEFAULT_SORT));
    }

    /** The statement that reads the facets' columns of the cases found, and its parameters, for the query plan's tests. */
    String facetsSql(Criteria criteria, List<Object> params) {
        criteria = resolve(criteria, System.nanoTime() + properties.timeout().toNanos());
        String from = from(criteria, params);
        return facetsSql(from, where(criteria, params));
    }

    /** The cases alone, so that the database reads them in an index's order and stops at the page. */
    private static String pageSql(String from, String where, String orderBy) {
        return "select c.id from " + from + " " + where + " order by " + orderBy + " limit ? offset ?";
    }

    /** Runs a statement, cancelled when the deadline passes. */
    private <T> List<T> query(String sql, List<Object> params, long deadline, RowMapper<T> mapper) {
        List<T> rows = new ArrayList<>();
        query(sql, params, deadline, null, rs -> {
            rows.add(mapper.mapRow(rs, rows.size()));
        });
        return rows;
    }

    /**
     * The same, each row to {@code handler}; {@code stop} (or null) may cancel it from another thread. The deadline
     * cancels the statement from a timer rather than through JDBC's {@code setQueryTimeout}: H2 runs each
     * {@code setQueryTimeout} as a SET command, and every SET empties all connections' caches of parsed statements, so
     * each search made every other request parse its statements again (docs/PERFORMANCE.md).
     */
    private void query(String sql, List<Object> params, long deadline, Stop stop, RowCallbackHandler handler) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SearchTimeoutException(properties.timeout(), null);
        }
        Stop cancel = stop != null ? stop : new Stop();
        ScheduledFuture<?> timer = deadlines.schedule(cancel::stop, left, TimeUnit.NANOSECONDS);
        try {
            jdbc.query(connection -> {
                PreparedStatement statement = connection.prepareStatement(sql);
                new ArgumentPreparedStatementSetter(params.toArray()).setValues(statement);
                if (!cancel.running(statement)) {
                    statement.close();
                    throw new SearchTimeoutException(properties.timeout(), null);
                }
                return statement;
            }, handler);
        } catch (DataAccessException e) {
            if (timedOut(e)) {
                throw new SearchTimeoutException(properties.timeout(), e);
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    /** Cancelled: JDBC's SQLTimeoutException, SQLSTATE 57014 (H2's "statement was canceled", PostgreSQL's query_canceled). */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof QueryTimeoutException || t instanceof SQLTimeoutException
                    || t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The evaluation e is its case's latest. */
    private static final String LATEST = "not exists (select 1 from evaluation n where n.case_id = e.case_id and n.seq > e.seq)";

    /**
     * What the cases (c) are read from: all of them, or, for free text looked up in its terms, the candidates the
     * terms give (k) joined to their cases. (A join, not "c.id in (…)": H2 evaluates such a subquery with parameters
     * again for every case.) Its parameters come before the conditions'.
     */
    private static String from(Criteria c, List<Object> params) {
        TextTerms terms = c.textTerms();
        if (!present(c.text()) || terms == null || terms.scan()) {
            return "aftersales_case c";
        }
        List<String> arms = new ArrayList<>();
        if (terms.gramsFound() && !terms.grams().isEmpty()) {
            StringBuilder gram = new StringBuilder("select t0.case_id from case_search_term t0");
            for (int i = 1; i < terms.grams().size(); i++) {
                gram.append(" join case_search_term t").append(i).append(" on t").append(i).append(".term = ? and t")
                        .append(i).append(".case_id = t0.case_id");
                params.add(terms.grams().get(i));
            }
            arms.add(gram.append(" where t0.term = ?").toString());
            params.add(terms.grams().get(0));
        }
        if (!terms.codes().isEmpty()) {
            arms.add("select distinct s.case_id from case_search_term s where s.term in ("
                    + String.join(",", java.util.Collections.nCopies(terms.codes().size(), "?")) + ")");
            params.addAll(terms.codes());
        }
        // the cases recorded whose terms are not written yet (SearchIndexer: a batch moves its cases from here to their
        // terms in one transaction, so this statement sees each case in one or the other)
        arms.add("select p.case_id from case_search_pending p");
        return "(" + String.join(" union ", arms) + ") k join aftersales_case c on c.id = k.case_id";
    }

    /** Conditions on the cases (c); a decision is looked for in the case's latest evaluation. */
    private static String where(Criteria c, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (c.from() != null) { conditions.add("c.received_at >= ?"); params.add(c.from()); }
        if (c.to() != null) { conditions.add("c.received_at < ?"); params.add(c.to()); }
        if (present(c.product())) {
            switch (c.productIs() == null ? ProductField.EITHER : c.productIs()) {
                case CODE -> { conditions.add("c.product_code = ?"); params.add(c.product().trim()); }
                case CATEGORY -> { conditions.add("c.product_category = ?"); params.add(c.product().trim()); }
                case EITHER -> {
                    conditions.add("(c.product_code = ? or c.product_category = ?)");
                    params.add(c.product().trim());
                    params.add(c.product().trim());
                }
            }
        }
        if (present(c.unit())) { conditions.add("c.unit_code = ?"); params.add(c.unit().trim()); }
        if (present(c.externalRef())) {
            // a prefix, read from an index; the person's % and _ are characters, not wildcards
            conditions.add("c.external_ref like ? escape '\\'");
            params.add(c.externalRef().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (present(c.text())) {
            text(c.text().trim(), c.textTerms(), conditions, params);
        }
        if (present(c.decisionType())) {
            StringBuilder decision = new StringBuilder("exists (select 1 from evaluation e join decision d on d.evaluation_id = e.id"
                    + " where e.case_id = c.id and " + LATEST + " and d.type = ?");
            params.add(c.decisionType().trim());
            if (present(c.decisionValue())) { decision.append(" and d.decision_value = ?"); params.add(c.decisionValue().trim()); }
            conditions.add(decision.append(")").toString());
        }
        return conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions);
    }

    /** The code sets whose codes free text finds by code or label, and the case's column holding each. */
    private static final Map<String, String> TEXT_CODES = Map.of(
            com.example.aftersales.glossary.Glossary.PRODUCT_CATEGORIES, "c.product_category",
            com.example.aftersales.glossary.Glossary.PROBLEM_CATEGORIES, "c.problem_category",
            com.example.aftersales.glossary.Glossary.UNITS, "c.unit_code",
            com.example.aftersales.glossary.Glossary.PROVINCES, "c.customer_province");

    /**
     * Free text, case-insensitive: contained in the names (search_names, V16: the customer's and the product's, lower
     * case), the start of the reference, contained in the product code, or the codes whose code or label (zh, en)
     * contains it. Unless {@code terms} say to read the cases in the list's order ({@link TextTerms#scan()}), the
     * cases are first narrowed to those holding the text's rarest bigrams or the codes' terms (an index look-up in
     * case_search_term, V22); the conditions are the same either way, so are the cases found.
     */
    private static void text(String text, TextTerms terms, List<String> conditions, List<Object> params) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        String escaped = lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        List<String> any = new ArrayList<>();
        any.add("c.search_names like ? escape '\\'");
        params.add("%" + escaped + "%");
        any.add("lower(c.external_ref) like ? escape '\\'");
        params.add(escaped + "%");
        any.add("lower(c.product_code) like ? escape '\\'");
        params.add("%" + escaped + "%");
        TEXT_CODES.forEach((set, column) -> {
            List<String> codes = codes(set, lower);
            if (!codes.isEmpty()) {
                any.add(column + " in (" + String.join(",", java.util.Collections.nCopies(codes.size(), "?")) + ")");
                params.addAll(codes);
            }
        });
        conditions.add("(" + String.join(" or ", any) + ")");
    }

    /**
     * What the free-text search looks in (column search_names, V16): the customer's and the product's names, lower
     * case (Locale.ROOT, as the search lowers its text), one per line; null without either.
     */
    public static String searchNames(String customerName, String productName) {
        StringBuilder names = new StringBuilder();
        for (String name : new String[] {customerName, productName}) {
            if (name != null && !name.isBlank()) {
                if (!names.isEmpty()) names.append('\n');
                names.append(name.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (names.isEmpty()) return null;
        return names.length() > 500 ? names.substring(0, 500) : names.toString();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
