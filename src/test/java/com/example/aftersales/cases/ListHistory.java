package com.example.aftersales.cases;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.aftersales.cases.internal.SearchTerms;

/**
 * 10,000 cases written straight in SQL (as {@link BigHistory} does) for the tests of lists that scale: references
 * {@code LST-000001}…, one every 5 minutes from 2026-01-01 00:00 China time, products {@code LP-0}…{@code LP-9} in the
 * five product categories by turn, units SUB-01…SUB-04 by turn. Names for the free text: every hundredth case (x mod
 * 100 = 7) is the customer "Acme Mining Co", every fiftieth (x mod 50 = 3) the product "双门冰箱 BCD-200". Decisions of
 * the one evaluation: a satisfaction call for all (due 7 days after receipt), a response deadline one day after receipt
 * for x mod 3 = 0, four no-let-go for x mod 5 = 0 (a corrective action due in 15 days), a notice for x mod 4 = 0.
 * 120 rectification orders, order k (1…120) holding the cases with x mod 120 = k - 1. Only the first {@link #OPEN}
 * cases are open: the others were closed a day after receipt (a CASE_CLOSED event), so that the lists' counts stay
 * few enough to page through in a test.
 */
public final class ListHistory {

    public static final int CASES = 10_000;
    public static final int ORDERS = 120;
    /** Cases x = 1…OPEN are open (owe follow-up); the others were closed a day after they were received. */
    public static final int OPEN = 600;
    public static final String VERSION = "1157115711571157115711571157115711571157115711571157115711571157";
    public static final String[] CATEGORIES = {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR", "DETONATING_CORD", "PRIMER"};

    private ListHistory() {
    }

    public static synchronized void ensure(JdbcClient jdbc, javax.sql.DataSource dataSource, boolean postgres) {
        if (jdbc.sql("select count(*) from aftersales_case where external_ref like 'LST-%'").query(Long.class).single() > 0) {
            return;
        }
        jdbc.sql("""
                insert into aftersales_case (external_ref, received_at, channel, product_code, product_category,
                    problem_category, batch_number, production_site, customer_province, unit_code, unit_province,
                    intake_json, created_at, search_names)
                select 'LST-' || lpad(cast(x as varchar), 6, '0'),
                       timestamp with time zone '2026-01-01 00:00:00+08:00' + x * interval '5' minute,
                       'MARKETING_BRANCH', 'LP-' || mod(x, 10),
                       case mod(x, 5) when 0 then 'EMULSION_EXPLOSIVE' when 1 then 'POWDER_EXPLOSIVE' when 2 then 'DETONATOR'
                                      when 3 then 'DETONATING_CORD' else 'PRIMER' end,
                       'MISFIRE', 'B' || mod(x, 97), 'SITE-A', 'Hunan', 'SUB-0' || (mod(x, 4) + 1), 'Hunan', '{}',
                       current_timestamp,
                       case when mod(x, 100) = 7 then 'acme mining co' else 'customer ' || x end
                       || case when mod(x, 50) = 3 then ' | 双门冰箱 bcd-200' else '' end
                from generate_series(1, %d) g(x)
                """.formatted(CASES)).update();
        jdbc.sql("""
                insert into evaluation (case_id, seq, ruleset_version, reference_time, cause, facts_json,
                    prior_defect_ids, fired_rules_json, decision_summary, evaluated_at)
                select c.id, 1, '%s', c.received_at, null, '{}', '', '[]', 'WARRANTY=IN_VALIDITY|SATISFACTION_CALL=REQUIRED',
                       c.received_at
                from aftersales_case c where c.external_ref like 'LST-%%'
                """.formatted(VERSION)).update();
        decision(jdbc, 0, "'WARRANTY'", "'IN_VALIDITY'", "1 = 1");
        decision(jdbc, 1, "'SATISFACTION_CALL'", "'REQUIRED'", "1 = 1");
        decision(jdbc, 2, "'RESPONSE_DEADLINE'", "cast(k.received_at + interval '1' day as varchar)", "mod(k.x, 3) = 0");
        decision(jdbc, 3, "'FOUR_NO_LET_GO'", "'REQUIRED'", "mod(k.x, 5) = 0");
        decision(jdbc, 4, "'NOTICE_CIRCULATION'", "'REQUIRED'", "mod(k.x, 4) = 0");
        for (int k = 1; k <= ORDERS; k++) {
            jdbc.sql("""
                    insert into rectification_order (reason, product_code, problem_category, open_key, opened_at)
                    values ('RECURRING', ?, 'MISFIRE', ?, ?)""")
                    .params("LO-" + k, "RECURRING|LO-" + k + "|MISFIRE",
                            java.time.OffsetDateTime.parse("2026-01-01T00:00:00+08:00").plusHours(k)).update();
        }
        jdbc.sql("""
                insert into rectification_order_case (order_id, case_id, reason, joined_at)
                select o.id, k.id, 'RECURRING', k.received_at
                from rectification_order o
                join (select c.id, c.received_at, cast(substring(c.external_ref, 5) as integer) as x from aftersales_case c
                      where c.external_ref like 'LST-%') k
                  on o.product_code = 'LO-' || (mod(k.x, 120) + 1)
                """).update();
        // closed a day after receipt but for the first OPEN cases (an event and the follow-up state it gives)
        jdbc.sql("""
                insert into case_event (case_id, seq, type, occurred_at, recorded_at, recorded_by, details_json)
                select c.id, 1, 'CASE_CLOSED', c.received_at + interval '1' day, current_timestamp, 'list test', '{}'
                from aftersales_case c
                where c.external_ref like 'LST-%%' and cast(substring(c.external_ref, 5) as integer) > %d
                """.formatted(OPEN)).update();
        jdbc.sql("""
                insert into case_followup (case_id, closed_at)
                select c.id, c.received_at + interval '1' day from aftersales_case c
                where c.external_ref like 'LST-%%' and cast(substring(c.external_ref, 5) as integer) > %d
                """.formatted(OPEN)).update();
        // the follow-up's read model of these cases, the notices and what each case owes, as every write of a case keeps them
        db.migration.V36__followup_read_model_filled.fill(new org.springframework.jdbc.core.JdbcTemplate(dataSource));
        jdbc.sql(com.example.aftersales.followup.Notices.REBUILD).update();
        com.example.aftersales.followup.Obligations.fill(new org.springframework.jdbc.core.JdbcTemplate(dataSource));
        com.example.aftersales.followup.Obligations.recount(new org.springframework.jdbc.core.JdbcTemplate(dataSource));
        // the free text's terms and the latest decision types, as every write of a case keeps them
        com.example.aftersales.cases.internal.LatestDecisionTypes.fill(new org.springframework.jdbc.core.JdbcTemplate(dataSource));
        try (java.sql.Connection connection = dataSource.getConnection()) {
            SearchTerms.fill(connection);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        if (postgres) {
            jdbc.sql("analyze").update();
        }
    }

    private static void decision(JdbcClient jdbc, int position, String type, String value, String condition) {
        jdbc.sql("""
                insert into decision (evaluation_id, position, type, decision_value, rule, reason)
                select e.id, %d, %s, %s, 'List test', 'list test'
                from evaluation e
                join (select c.id, c.received_at, cast(substring(c.external_ref, 5) as integer) as x from aftersales_case c
                      where c.external_ref like 'LST-%%') k on k.id = e.case_id
                where e.ruleset_version = '%s' and %s
                """.formatted(position, type, value, VERSION, condition)).update();
    }
}
