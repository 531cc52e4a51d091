package com.example.aftersales.cases.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.example.aftersales.cases.CaseSearch;

/**
 * The index of the case search's free text (table {@code case_search_term}, migration V22): for each case, the
 * distinct pairs of characters (bigrams) of what free text looks in — its names ({@code search_names}: customer and
 * product, lower case), its reference and its product code, lower case — the single characters beyond ASCII (a Chinese
 * search of one character), and one term per code it is filed under ({@code =product_category:…}, {@code
 * =problem_category:…}, {@code =unit:…}, {@code =province:…}; a code term is longer than two characters, so never a
 * bigram).
 * <p>
 * Text of two characters or more that is contained in a case's names, reference or code has all its bigrams among
 * the case's terms, so the cases holding the text's rarest bigrams are a superset of the cases that contain it;
 * the search then applies the same conditions as before to that small set ({@link CaseSearch}). Written with each
 * case ({@link CaseWriter}); none of these fields change once a case is recorded. {@link #fill} writes the terms of the
 * cases that have none (the migration's backfill, and histories written straight in SQL).
 */
public final class SearchTerms {

    /** The prefix of a code term: never the first character of a bigram of lower-case text that is two long. */
    static final String CODE = "=";

    private SearchTerms() {
    }

    /** A code term: the code set's column and the code. */
    public static String code(String column, String code) {
        return CODE + column + ":" + code;
    }

    /** The terms of one case. */
    public static Set<String> terms(String searchNames, String externalRef, String productCode, String productCategory,
                                    String problemCategory, String unitCode, String customerProvince) {
        Set<String> terms = new LinkedHashSet<>();
        grams(searchNames, terms);
        grams(externalRef == null ? null : externalRef.toLowerCase(Locale.ROOT), terms);
        grams(productCode == null ? null : productCode.toLowerCase(Locale.ROOT), terms);
        if (productCategory != null) terms.add(code("product_category", productCategory));
        if (problemCategory != null) terms.add(code("problem_category", problemCategory));
        if (unitCode != null) terms.add(code("unit_code", unitCode));
        if (customerProvince != null) terms.add(code("customer_province", customerProvince));
        return terms;
    }

    /** The bigrams of a (lower-case) text, and its characters beyond ASCII one by one. */
    private static void grams(String text, Set<String> into) {
        if (text == null || text.isEmpty()) return;
        int[] points = text.codePoints().toArray();
        for (int i = 0; i < points.length; i++) {
            if (points[i] > 0x7f) into.add(new String(points, i, 1));
            if (i + 1 < points.length) into.add(new String(points, i, 2));
        }
    }

    /**
     * What a (lower-case, stripped) free text must find among a case's terms: its distinct bigrams, or its one
     * character beyond ASCII; empty when the text is one ASCII character (nothing to look up: the search reads the
     * cases in the list's order instead).
     */
    public static List<String> queryGrams(String lowerText) {
        int[] points = lowerText.codePoints().toArray();
        Set<String> grams = new LinkedHashSet<>();
        if (points.length == 1) {
            if (points[0] > 0x7f) grams.add(lowerText);
        } else {
            for (int i = 0; i + 1 < points.length; i++) grams.add(new String(points, i, 2));
        }
        return new ArrayList<>(grams);
    }

    static final String INSERT = "insert into case_search_term (term, case_id, received_at) values (?, ?, ?)";
    /** {@link #INSERT}, leaving a term already written alone (another instance's indexer, or {@link #fill}). */
    static final String INSERT_IF_ABSENT = INSERT + " on conflict do nothing";

    /** Rows per statement of {@link #insertIfAbsent}. */
    static final int ROWS_PER_STATEMENT = 100;

    /**
     * Writes these cases' terms ({@code caseIds}, {@code receivedAt} and {@code terms} side by side), leaving a term
     * already written alone, {@value #ROWS_PER_STATEMENT} rows per statement: one row per statement (a JDBC batch of
     * {@link #INSERT_IF_ABSENT}) cost PostgreSQL about 30 µs of its CPU a row, fifty-odd rows a case, more than the
     * rest of a recorded case's statements together.
     */
    static void insertIfAbsent(java.sql.Connection con, List<Long> caseIds, List<OffsetDateTime> receivedAt,
                               List<Set<String>> terms) throws SQLException {
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < caseIds.size(); i++) {
            for (String term : terms.get(i)) {
                rows.add(new Object[] {term, caseIds.get(i), receivedAt.get(i)});
            }
        }
        int full = rows.size() / ROWS_PER_STATEMENT;
        if (full > 0) {
            try (PreparedStatement insert = con.prepareStatement(insertIfAbsent(ROWS_PER_STATEMENT))) {
                for (int chunk = 0; chunk < full; chunk++) {
                    set(insert, rows, chunk * ROWS_PER_STATEMENT, ROWS_PER_STATEMENT);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        int rest = rows.size() - full * ROWS_PER_STATEMENT;
        if (rest > 0) {
            try (PreparedStatement insert = con.prepareStatement(insertIfAbsent(rest))) {
                set(insert, rows, full * ROWS_PER_STATEMENT, rest);
                insert.executeUpdate();
            }
        }
    }

    private static String insertIfAbsent(int rows) {
        return "insert into case_search_term (term, case_id, received_at) values "
                + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?)")) + " on conflict do nothing";
    }

    private static void set(PreparedStatement insert, List<Object[]> rows, int from, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            Object[] row = rows.get(from + i);
            insert.setString(3 * i + 1, (String) row[0]);
            insert.setLong(3 * i + 2, (Long) row[1]);
            insert.setObject(3 * i + 3, row[2]);
        }
    }

    /** Adds one case's terms to a batch of {@link #INSERT}. */
    static void add(PreparedStatement insert, long caseId, OffsetDateTime receivedAt, Set<String> terms) throws SQLException {
        for (String term : terms) {
            insert.setString(1, term);
            insert.setLong(2, caseId);
            insert.setObject(3, receivedAt);
            insert.addBatch();
        }
    }

    private static final int BATCH = 500;

    /**
     * Writes the terms of every case that has none, a batch of cases at a time, on this connection (in its
     * transaction). Every case has at least its unit's term, so "none" is "not yet indexed".
     *
     * @return the number of cases indexed
     */
    public static int fill(Connection connection) throws SQLException {
        int indexed = 0;
        long last = 0;
        while (true) {
            int read = 0;
            try (PreparedStatement select = connection.prepareStatement("""
                    select c.id, c.received_at, c.search_names, c.external_ref, c.product_code, c.product_category,
                           c.problem_category, c.unit_code, c.customer_province
                    from aftersales_case c
                    where c.id > ? and not exists (select 1 from case_search_term t where t.case_id = c.id)
                    order by c.id fetch first %d rows only""".formatted(BATCH));
                 PreparedStatement insert = connection.prepareStatement(INSERT)) {
                select.setLong(1, last);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        last = rs.getLong(1);
                        add(insert, last, rs.getObject(2, OffsetDateTime.class), terms(rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
                    }
                }
                insert.executeBatch();
            }
            indexed += read;
            if (read < BATCH) {
                return indexed;
            }
        }
    }
}
