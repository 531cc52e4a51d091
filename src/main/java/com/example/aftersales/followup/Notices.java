package com.example.aftersales.followup;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.example.aftersales.cases.EvaluationsRecorded;

import com.example.aftersales.followup.FollowupExceptions.InvalidInput;

/**
 * The notices to circulate to all subsidiaries (P20): cases whose latest evaluation decides
 * {@code NOTICE_CIRCULATION}, pending until a {@code NOTICE_CIRCULATED} event is recorded on the case. Read from
 * {@code case_notice} (migration V21), kept when each evaluation and circulation is written.
 */
@Service
public class Notices {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Notice(long caseId, String externalRef, OffsetDateTime receivedAt, String productCode,
                         String productCategory, String problemCategory, String batchNumber, String productionSite,
                         String unitCode, String reason, OffsetDateTime circulatedAt) {
    }

    /** A page of the notices ({@code page} from 0, at most {@code size}); {@code total} counts them all. */
    public record NoticeList(long total, List<Notice> notices, int page, int size, String sort) {
    }

    /** The sorts the list may be asked for (a leading - reverses): their SQL columns, fixed here. */
    public static final java.util.Map<String, String> SORTS = java.util.Map.of(
            "received", "n.received_at", "case", "n.external_ref", "unit", "n.unit_code, n.received_at");

    /**
     * Every case's row as its evaluations and events say (migration V21's insert, on the follow-up's read model of the
     * cases, {@link FollowupCases}).
     */
    public static final String REBUILD = """
            insert into case_notice (case_id, received_at, external_ref, unit_code, circulated_at)
            select k.case_id, k.received_at, k.external_ref, k.unit_code,
                   (select min(c.occurred_at) from case_event c where c.case_id = k.case_id and c.type = 'NOTICE_CIRCULATED')
            from followup_case k
            join followup_evaluation e on e.case_id = k.case_id
                 and e.seq = (select max(x.seq) from followup_evaluation x where x.case_id = k.case_id)
            where '|' || e.decisions like '%|NOTICE_CIRCULATION=%'""";

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    private final FollowupProperties settings;

    Notices(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate, FollowupProperties settings) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.settings = settings;
    }

    /**
     * Notices of cases received from {@code from} to {@code to} (dates in the follow-up zone, both included, either
     * may be null), {@code PENDING}, {@code CIRCULATED} or both (null), newest case first.
     */
    public NoticeList list(String status, LocalDate from, LocalDate to) {
        return list(status, from, to, new Paging(0, settings.maxItems(), "-received"));
    }

    /** The largest page (aftersales.followup.max-items), also the page of a request that names none. */
    public int maxItems() {
        return settings.maxItems();
    }

    /** A page of the notices, sorted as asked ({@link #SORTS}); the total of the whole list. */
    public NoticeList list(String status, LocalDate from, LocalDate to, Paging paging) {
        String where = " where n.received_at >= :start and n.received_at < :end";
        if (status != null && !status.isBlank()) {
            where += switch (status.toUpperCase(Locale.ROOT)) {
                case "PENDING" -> " and n.circulated_at is null";
                case "CIRCULATED" -> " and n.circulated_at is not null";
                default -> throw new InvalidInput("status", com.example.aftersales.text.Text.of("followup.noticeStatus"));
            };
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidInput("to", com.example.aftersales.text.Text.of("followup.toBeforeFrom"));
        }
        OffsetDateTime start = from == null ? OffsetDateTime.parse("0001-01-01T00:00:00Z")
                : from.atStartOfDay(settings.zone()).toOffsetDateTime();
        OffsetDateTime end = to == null ? OffsetDateTime.parse("9999-01-01T00:00:00Z")
                : to.plusDays(1).atStartOfDay(settings.zone()).toOffsetDateTime();
        long total = jdbc.sql("select count(*) from case_notice n" + where).param("start", start).param("end", end)
                .query(Long.class).single();
        List<Notice> notices = total <= paging.offset() ? List.of() : jdbc.sql("""
                select k.case_id, k.external_ref, k.received_at, k.product_code, k.product_category, k.problem_category,
                       k.batch_number, k.production_site, k.unit_code,
                       (select e.notice_reason from followup_evaluation e
                        where e.case_id = k.case_id and e.notice_reason is not null
                        order by e.seq desc fetch first 1 rows only) as reason,
                       n.circulated_at
                from case_notice n join followup_case k on k.case_id = n.case_id""" + where
                        + " order by " + paging.orderBy(SORTS, "n.case_id desc")
                        + " limit " + paging.size() + " offset " + paging.offset())
                .param("start", start).param("end", end)
                .query((rs, n) -> new Notice(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class))).list();
        return new NoticeList(total, notices, paging.page(), paging.size(), paging.sort());
    }

    /**
     * Evaluations just written (in the writer's transaction, after {@link FollowupCases} has taken them in): a case
     * whose new evaluation decides the notice is listed (with the circulation its events record), one whose new
     * evaluation does not is no longer.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void recorded(EvaluationsRecorded recorded) {
        List<Object[]> fresh = new java.util.ArrayList<>();
        for (EvaluationsRecorded.Recorded r : recorded.evaluations()) {
            boolean decided = r.decisions().containsKey("NOTICE_CIRCULATION");
            if (r.seq() == 1) {
                if (decided) fresh.add(new Object[] {r.caseId(), r.receivedAt(), r.externalRef(), r.unitCode()});
            } else if (decided) {
                jdbc.sql("""
                        insert into case_notice (case_id, received_at, external_ref, unit_code, circulated_at)
                        select k.case_id, k.received_at, k.external_ref, k.unit_code,
                               (select min(c.occurred_at) from case_event c where c.case_id = k.case_id and c.type = 'NOTICE_CIRCULATED')
                        from followup_case k
                        where k.case_id = :caseId and not exists (select 1 from case_notice n where n.case_id = :caseId)""")
                        .param("caseId", r.caseId()).update();
            } else {
                jdbc.sql("delete from case_notice where case_id = :caseId").param("caseId", r.caseId()).update();
            }
        }
        if (!fresh.isEmpty()) { // new cases: no events yet
            jdbcTemplate.batchUpdate("insert into case_notice (case_id, received_at, external_ref, unit_code) values (?, ?, ?, ?)",
                    fresh);
        }
    }

    /** A NOTICE_CIRCULATED event just recorded (in the caller's transaction): the first circulation counts. */
    @Transactional(propagation = Propagation.MANDATORY)
    void circulated(long caseId, OffsetDateTime at) {
        jdbc.sql("""
                update case_notice set circulated_at = case when circulated_at is null or circulated_at > :at then :at
                                                            else circulated_at end
                where case_id = :caseId""").param("caseId", caseId).param("at", at).update();
    }

    /** Replaces every row with what the evaluations and events say (as migration V21 fills the table). */
    @Transactional
    public void rebuild() {
        jdbc.sql("delete from case_notice").update();
        jdbc.sql(REBUILD).update();
    }
}
