package com.example.aftersales.cases.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The decision types of each case's latest evaluation (table {@code case_decision_types}, V52): one narrow row per
 * case, written with every evaluation ({@link CaseWriter}), so that the case search's facets count them for every
 * case found in one read, without finding each case's latest evaluation among its evaluations and its decisions.
 * Derived from the evaluations and rebuildable from them ({@link #fill}).
 */
public final class LatestDecisionTypes {

    /** Inserts the row of a case's first evaluation. */
    static final String INSERT = "insert into case_decision_types (case_id, decision_types) values (?, ?)";
    /** Replaces it with a later evaluation's. */
    static final String UPDATE = "update case_decision_types set decision_types = ? where case_id = ?";

    private LatestDecisionTypes() {
    }

    /** The distinct types, in the order the rules decided them, joined by {@code |} (types are codes: no {@code |}). */
    public static String of(List<String> types) {
        return String.join("|", new LinkedHashSet<>(types));
    }

    /** The types of a row of {@code case_decision_types}, each once. */
    public static String[] split(String decisionTypes) {
        return decisionTypes == null || decisionTypes.isEmpty() ? new String[0] : decisionTypes.split("\\|");
    }

    /**
     * Adds the rows of the cases that have an evaluation and no row yet, from their latest evaluation's decisions,
     * 500 cases at a time (V52 for the histories recorded before it; tests that write evaluations in SQL).
     *
     * @return the rows added
     */
    public static int fill(JdbcTemplate jdbc) {
        List<long[]> latest = jdbc.query("""
                select e.case_id, e.id from evaluation e
                where not exists (select 1 from evaluation n where n.case_id = e.case_id and n.seq > e.seq)
                  and not exists (select 1 from case_decision_types t where t.case_id = e.case_id)
                order by e.case_id""", (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)});
        for (int from = 0; from < latest.size(); from += 500) {
            List<long[]> chunk = latest.subList(from, Math.min(from + 500, latest.size()));
            Map<Long, List<String>> types = new HashMap<>();
            jdbc.query("select evaluation_id, type from decision where evaluation_id in ("
                    + String.join(",", chunk.stream().map(c -> String.valueOf(c[1])).toList())
                    + ") order by evaluation_id, position",
                    rs -> {
                        types.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
            List<Object[]> rows = new ArrayList<>(chunk.size());
            for (long[] c : chunk) {
                rows.add(new Object[] {c[0], of(types.getOrDefault(c[1], List.of()))});
            }
            jdbc.batchUpdate(INSERT, rows);
        }
        return latest.size();
    }
}
