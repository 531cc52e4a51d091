package com.example.aftersales.cases.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /**
     * Writes these cases' terms ({@code caseIds} and {@code terms} side by side) into {@code case_search_term} in one
     * statement, {@code ifAbsent} leaving a term already written alone (another instance's indexer, or {@link #fill}).
     */
    static void insert(Connection con, List<Long> caseIds, List<Set<String>> terms, boolean ifAbsent) throws SQLException {
        insert(con, "case_search_term", caseIds, terms, ifAbsent);
    }

    /**
     * The same into {@code table} (a benchmark's copy of the term table): {@code insert … select * from unnest(terms,
     * case ids)}, the rows as two arrays. One row per statement (a JDBC batch) cost PostgreSQL about 30 µs of its CPU a
     * row, fifty-odd rows a case, more than the rest of a recorded case's statements together; a hundred rows per
     * statement still parsed, planned and checked three parameters a row.
     */
    public static void insert(Connection con, String table, List<Long> caseIds, List<Set<String>> terms, boolean ifAbsent)
            throws SQLException {
        if (!table.matches("[a-z_][a-z0-9_]{0,62}")) { // a name from code only, never from data: it is written into the SQL
            throw new IllegalArgumentException("Not a table name: " + table);
        }
        int rows = 0;
        for (Set<String> t : terms) {
            rows += t.size();
        }
        if (rows == 0) {
            return;
        }
        String[] term = new String[rows];
        Long[] caseId = new Long[rows];
        int at = 0;
        for (int i = 0; i < caseIds.size(); i++) {
            for (String t : terms.get(i)) {
                term[at] = t;
                caseId[at++] = caseIds.get(i);
            }
        }
        boolean postgres = "PostgreSQL".equals(con.getMetaData().getDatabaseProductName());
        String sql = "insert into " + table + " (term, case_id) select * from "
                + (postgres ? "unnest(?::text[], ?::bigint[])" : "unnest(?, ?)") + (ifAbsent ? " on conflict do nothing" : "");
        java.sql.Array terms0 = con.createArrayOf("varchar", term);
        java.sql.Array ids0 = con.createArrayOf("bigint", caseId);
        try (PreparedStatement insert = con.prepareStatement(sql)) {
            insert.setArray(1, terms0);
            insert.setArray(2, ids0);
            insert.executeUpdate();
        } finally {
            terms0.free();
            ids0.free();
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
            List<Long> ids = new ArrayList<>();
            List<Set<String>> terms = new ArrayList<>();
            // "none": not even the unit's term, looked up by its key (no index by case: V71)
            try (PreparedStatement select = connection.prepareStatement("""
                    select c.id, c.search_names, c.external_ref, c.product_code, c.product_category,
                           c.problem_category, c.unit_code, c.customer_province
                    from aftersales_case c
                    where c.id > ? and not exists (select 1 from case_search_term t
                                                   where t.term = ? || c.unit_code and t.case_id = c.id)
                    order by c.id fetch first %d rows only""".formatted(BATCH))) {
                select.setLong(1, last);
                select.setString(2, code("unit_code", ""));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        ids.add(last);
                        terms.add(terms(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            insert(connection, ids, terms, true);
            indexed += ids.size();
            if (ids.size() < BATCH) {
                return indexed;
            }
        }
    }
}
