package com.example.aftersales.cases;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A large history for the search's tests: 60,000 cases on H2, 150,000 on PostgreSQL (40 products in 4 categories, 20 units, one every 7 minutes
 * from 2024-01-01), each with one evaluation deciding WARRANTY (every fifth EXPIRED) and SATISFACTION_CALL. Made
 * once per database with one INSERT … SELECT per table (H2 and PostgreSQL alike), references BIG-000001 ….
 * <p>Large enough for every bound the search has to bind: more than the count's cap of 10,000 unfiltered, in a
 * category (a quarter) and among the expired (a fifth); exact counts below it for a product and a unit. PostgreSQL
 * keeps 150,000: at 60,000 its planner's estimate of a reference prefix (one histogram bucket, 600 rows for 100)
 * chose to read the cases newest first, and CaseSearchBoundsTest checks that it reads the prefix's index.
 */
final class BigHistory {

    /** The cases written on the database. */
    static int cases(boolean postgres) {
        return postgres ? 150_000 : 60_000;
    }

    private BigHistory() {
    }

    static void ensure(JdbcClient jdbc, boolean postgres) {
        ensure(jdbc, postgres, cases(postgres));
    }

    /** The same history with {@code cases} cases (BIG-000001 …), for a test that needs its references, not its size. */
    static synchronized void ensure(JdbcClient jdbc, boolean postgres, int cases) {
        if (jdbc.sql("select count(*) from aftersales_case where external_ref like 'BIG-%'").query(Long.class).single() > 0) {
            return;
        }
        long started = System.nanoTime();
        // 40 products in 4 categories, 20 units, one case every 7 minutes from 2024-01-01 (about ten months)
        jdbc.sql("""
                insert into aftersales_case (external_ref, received_at, channel, product_code, product_category,
                    problem_category, batch_number, production_site, customer_province, unit_code, unit_province,
                    intake_json, created_at)
                select 'BIG-' || lpad(cast(x as varchar), 6, '0'),
                       timestamp with time zone '2024-01-01 00:00:00+08:00' + x * interval '7' minute,
                       'MARKETING_BRANCH', 'BP-' || mod(x, 40), 'CAT_' || mod(x, 4), 'MISFIRE', 'B' || mod(x, 97),
                       'SITE-A', 'Hunan', 'U-' || mod(x, 20), 'Hunan', '{}', current_timestamp
                from generate_series(1, %d) g(x)
                """.formatted(cases)).update();
        System.out.printf("cases in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        jdbc.sql("""
                insert into evaluation (case_id, seq, ruleset_version, reference_time, cause, facts_json,
                    prior_defect_ids, fired_rules_json, decision_summary, evaluated_at)
                select c.id, 1, 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1', c.received_at, null, '{}', '', '[]',
                       case when mod(c.id, 5) = 0 then 'WARRANTY=EXPIRED|SATISFACTION_CALL=REQUIRED'
                            else 'WARRANTY=IN_VALIDITY|SATISFACTION_CALL=REQUIRED' end, c.received_at
                from aftersales_case c where c.external_ref like 'BIG-%'
                """).update();
        jdbc.sql("""
                insert into decision (evaluation_id, position, type, decision_value, rule, reason)
                select e.id, 0, 'WARRANTY', case when mod(e.case_id, 5) = 0 then 'EXPIRED' else 'IN_VALIDITY' end,
                       'Validity', 'test'
                from evaluation e where e.ruleset_version = 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1'
                """).update();
        jdbc.sql("""
                insert into decision (evaluation_id, position, type, decision_value, rule, reason)
                select e.id, 1, 'SATISFACTION_CALL', 'REQUIRED', 'Call', 'test'
                from evaluation e where e.ruleset_version = 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1'
                """).update();
        // each case's latest decision types, as every write of an evaluation keeps them (cases.internal.LatestDecisionTypes)
        jdbc.sql("""
                insert into case_decision_types (case_id, decision_types)
                select c.id, 'WARRANTY|SATISFACTION_CALL' from aftersales_case c where c.external_ref like 'BIG-%'
                """).update();
        if (postgres) {
            jdbc.sql("analyze").update();
        }
        System.out.printf("%d cases made in %d ms%n", cases, (System.nanoTime() - started) / 1_000_000);
    }

}
