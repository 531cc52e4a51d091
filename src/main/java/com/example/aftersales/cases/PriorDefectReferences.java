package com.example.aftersales.cases;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The prior confirmed defects an evaluation saw, recorded by reference: the ids of their cases, in the order the
 * rules were given them, as {@code "12,40,41"}. A prior defect is to the rules what its case's intake says (received,
 * product, problem, batch, site), recorded once and never changed; so resolving the references gives exactly what the
 * rules saw, and an evaluation stays the same size however dense the history before it.
 */
@Component
public class PriorDefectReferences {

    private static final int IN_LIST = 1000;

    private final JdbcClient jdbc;

    PriorDefectReferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The references of these prior defects, in their order. */
    public static String of(List<PriorDefectData> priors) {
        StringBuilder ids = new StringBuilder(priors.size() * 7);
        for (PriorDefectData prior : priors) {
            if (!ids.isEmpty()) {
                ids.append(',');
            }
            ids.append(prior.caseId());
        }
        return ids.toString();
    }

    /** The case ids a reference list names, in its order. */
    public static long[] ids(String references) {
        if (references == null || references.isEmpty()) {
            return new long[0];
        }
        String[] parts = references.split(",");
        long[] ids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = Long.parseLong(parts[i]);
        }
        return ids;
    }

    /** The prior defects a reference list names, in its order. */
    public List<PriorDefectData> resolve(String references) {
        long[] ids = ids(references);
        List<Long> wanted = new ArrayList<>(ids.length);
        for (long id : ids) {
            wanted.add(id);
        }
        Map<Long, PriorDefectData> byId = byId(wanted);
        List<PriorDefectData> priors = new ArrayList<>(ids.length);
        for (long id : ids) {
            priors.add(byId.get(id));
        }
        return priors;
    }

    /** The prior defects of these case ids, read in lists of at most 1,000. */
    public Map<Long, PriorDefectData> byId(Collection<Long> caseIds) {
        Map<Long, PriorDefectData> byId = new HashMap<>(caseIds.size() * 2);
        List<Long> ids = List.copyOf(new java.util.LinkedHashSet<>(caseIds));
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            jdbc.sql("""
                            select id, received_at, product_code, problem_category, batch_number, production_site
                            from aftersales_case where id in (:ids)""")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + IN_LIST)))
                    .query(rs -> {
                        long id = rs.getLong("id");
                        byId.put(id, new PriorDefectData(id, rs.getObject("received_at", OffsetDateTime.class),
                                rs.getString("product_code"), rs.getString("problem_category"),
                                rs.getString("batch_number"), rs.getString("production_site")));
                    });
        }
        return byId;
    }
}
