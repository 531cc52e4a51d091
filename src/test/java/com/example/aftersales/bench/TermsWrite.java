package com.example.aftersales.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.example.aftersales.cases.CaseSearch;
import com.example.aftersales.cases.internal.SearchTerms;

/**
 * The database's CPU for writing the free-text terms of recorded cases (issue 17), layouts and statements compared
 * alternately in one run: {@code old} is the term table of V22 before V71 (with {@code received_at} and the index by
 * case) written 100 rows per {@code insert … values … on conflict do nothing}; {@code new} is V71's (term and case
 * only) written as {@link SearchTerms#insert} writes it (one {@code insert … select * from unnest(?, ?)}) with
 * {@code on conflict do nothing}; {@code new-plain} the same without it, as {@code SearchIndexer} writes;
 * {@code new-values} V71's table written the old way (100 rows a statement, {@code on conflict do nothing}).
 * Each variant writes into a table of its own, grown to the same size first. The CPU counted: on PostgreSQL the
 * connection's backend process (/proc), on H2 (a file, {@code WRITE_DELAY=0}, in this process) this process's.
 *
 * <pre>
 * java -cp "$CP" com.example.aftersales.bench.TermsWrite 'jdbc:postgresql://127.0.0.1:5432/DB' postgres ROUNDS CASES BATCH
 * java -cp "$CP" com.example.aftersales.bench.TermsWrite "jdbc:h2:file:/tmp/tw/h2;$H2;WRITE_DELAY=0" sa ROUNDS CASES BATCH
 * </pre>
 * CASES a round per variant, written BATCH cases a transaction (about what {@code SearchIndexer} gathers in its
 * 200 ms at 900 cases a second: 180).
 */
public final class TermsWrite {

    private static final String[] VARIANTS = {"old", "new", "new-plain", "new-values"};

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rounds = Integer.parseInt(args[2]);
        int cases = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        boolean postgres = url.startsWith("jdbc:postgresql:");
        try (Connection con = DriverManager.getConnection(url, args[1], "")) {
            con.setAutoCommit(false);
            int pid = 0;
            try (Statement s = con.createStatement()) {
                for (String v : VARIANTS) {
                    s.execute("drop table if exists " + table(v));
                    s.execute("create table " + table(v) + " (term varchar(120) not null, case_id bigint not null"
                            + (v.equals("old") ? ", received_at timestamp with time zone not null" : "")
                            + ", constraint pk_" + table(v) + " primary key (term, case_id))");
                    if (v.equals("old")) {
                        s.execute("create index ix_" + table(v) + "_case on " + table(v) + " (case_id)");
                    }
                }
                if (postgres) {
                    try (ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
                        rs.next();
                        pid = rs.getInt(1);
                    }
                }
            }
            con.commit();
            Random random = new Random(17);
            long[] next = new long[VARIANTS.length];
            // grown first: 20,000 cases each, not counted
            for (int v = 0; v < VARIANTS.length; v++) {
                next[v] = write(con, VARIANTS[v], 1, 20_000, batch, new Random(v));
            }
            long[][] cpu = new long[VARIANTS.length][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < VARIANTS.length; i++) {
                    int v = (r + i) % VARIANTS.length; // the order turns each round
                    long before = cpu(postgres, pid);
                    next[v] = write(con, VARIANTS[v], next[v], cases, batch, random);
                    cpu[v][r] = cpu(postgres, pid) - before;
                    System.out.printf("round %d %-9s %.3f ms of CPU a case%n", r + 1, VARIANTS[v], cpu[v][r] / 1e6 / cases);
                }
            }
            for (int v = 0; v < VARIANTS.length; v++) {
                long[] sorted = cpu[v].clone();
                Arrays.sort(sorted);
                System.out.printf("median %-9s %.3f ms of CPU a case (%s)%n", VARIANTS[v],
                        sorted[rounds / 2] / 1e6 / cases, postgres ? "PostgreSQL backend" : "H2 process");
            }
        }
    }

    private static String table(String variant) {
        return "tw_" + variant.replace('-', '_');
    }

    /** Nanoseconds of CPU: the backend's (PostgreSQL, clock ticks of 10 ms) or this process's. */
    private static long cpu(boolean postgres, int pid) throws Exception {
        if (!postgres) {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime, stime (fields 14, 15)
    }

    /** Writes the terms of {@code cases} cases from id {@code first} on, {@code batch} a transaction; the next id. */
    private static long write(Connection con, String variant, long first, int cases, int batch, Random random)
            throws SQLException {
        long id = first;
        for (int done = 0; done < cases; done += batch) {
            int n = Math.min(batch, cases - done);
            List<Long> ids = new ArrayList<>(n);
            List<Set<String>> terms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(id++);
                terms.add(terms(random));
            }
            switch (variant) {
                case "old" -> old(con, "old", ids, terms);
                case "new-values" -> old(con, "new-values", ids, terms);
                case "new" -> SearchTerms.insert(con, table(variant), ids, terms, true);
                default -> SearchTerms.insert(con, table(variant), ids, terms, false);
            }
            con.commit();
        }
        return id;
    }

    private static final String HAN = "贵州黔南民爆器材有限公司湘潭恒达矿业山西江阳化工新疆雪峰科技四川雅化集团安徽江南爆破工程";

    /** A case's terms as recorded cases have them (about fifty). */
    private static Set<String> terms(Random random) {
        StringBuilder customer = new StringBuilder();
        for (int i = 0, n = 6 + random.nextInt(6); i < n; i++) {
            customer.append(HAN.charAt(random.nextInt(HAN.length())));
        }
        customer.append(random.nextBoolean() ? "有限公司" : " Mining Co");
        String product = random.nextBoolean() ? "电子雷管 " + (char) ('A' + random.nextInt(26)) + random.nextInt(100)
                : "Emulsion explosive " + random.nextInt(1000);
        return SearchTerms.terms(CaseSearch.searchNames(customer.toString(), product),
                "AS-2026-" + (100000 + random.nextInt(900000)), "EDP-" + random.nextInt(500),
                "DETONATOR", "MISFIRE", "UNIT-" + random.nextInt(40), "GZ");
    }

    /** Before V71 ({@code old}: with the case's receipt time), 100 rows a statement, a JDBC batch of those. */
    private static void old(Connection con, String variant, List<Long> ids, List<Set<String>> terms) throws SQLException {
        boolean received = variant.equals("old");
        OffsetDateTime now = OffsetDateTime.now();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            for (String term : terms.get(i)) {
                rows.add(new Object[] {term, ids.get(i), now});
            }
        }
        int full = rows.size() / 100;
        if (full > 0) {
            try (PreparedStatement insert = con.prepareStatement(oldSql(variant, 100))) {
                for (int chunk = 0; chunk < full; chunk++) {
                    oldSet(insert, received, rows, chunk * 100, 100);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        int rest = rows.size() - full * 100;
        if (rest > 0) {
            try (PreparedStatement insert = con.prepareStatement(oldSql(variant, rest))) {
                oldSet(insert, received, rows, full * 100, rest);
                insert.executeUpdate();
            }
        }
    }

    private static String oldSql(String variant, int rows) {
        boolean received = variant.equals("old");
        return "insert into " + table(variant) + (received ? " (term, case_id, received_at) values " : " (term, case_id) values ")
                + String.join(", ", Collections.nCopies(rows, received ? "(?, ?, ?)" : "(?, ?)")) + " on conflict do nothing";
    }

    private static void oldSet(PreparedStatement insert, boolean received, List<Object[]> rows, int from, int count)
            throws SQLException {
        int width = received ? 3 : 2;
        for (int i = 0; i < count; i++) {
            Object[] row = rows.get(from + i);
            insert.setString(width * i + 1, (String) row[0]);
            insert.setLong(width * i + 2, (Long) row[1]);
            if (received) {
                insert.setObject(width * i + 3, row[2]);
            }
        }
    }

    private TermsWrite() {
    }
}
