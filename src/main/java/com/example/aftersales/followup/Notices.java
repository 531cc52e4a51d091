package com.example.aftersales.followup;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.example.aftersales.followup.FollowupExceptions.InvalidInput;

/**
 * The notices to circulate to all subsidiaries (P20): cases whose latest evaluation decides
 * {@code NOTICE_CIRCULATION}, pending until a {@code NOTICE_CIRCULATED} event is recorded on the case.
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
            "received", "k.received_at", "case", "k.external_ref", "unit", "k.unit_code, k.received_at");

    private final JdbcClient jdbc;
    private final FollowupProperties settings;

    Notices(JdbcClient jdbc, FollowupProperties settings) {
        this.jdbc = jdbc;
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
        String circulated = "(select min(c.occurred_at) from case_event c where c.case_id = k.id and c.type = 'NOTICE_CIRCULATED')";
        String where = "";
        if (status != null && !status.isBlank()) {
            where = switch (status.toUpperCase(Locale.ROOT)) {
                case "PENDING" -> " and " + circulated + " is null";
                case "CIRCULATED" -> " and " + circulated + " is not null";
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
        String cases = """
                from aftersales_case k
                join evaluation e on e.case_id = k.id
                     and e.seq = (select max(x.seq) from evaluation x where x.case_id = k.id)
                join decision d on d.evaluation_id = e.id and d.type = 'NOTICE_CIRCULATION'
                where k.received_at >= :start and k.received_at < :end""" + where;
        long total = jdbc.sql("select count(*) " + cases).param("start", start).param("end", end)
                .query(Long.class).single();
        List<Notice> notices = jdbc.sql("""
                select k.id, k.external_ref, k.received_at, k.product_code, k.product_category, k.problem_category,
                       k.batch_number, k.production_site, k.unit_code, d.reason, %s as circulated_at
                """.formatted(circulated) + cases + " order by " + paging.orderBy(SORTS, "k.id desc")
                        + " limit " + paging.size() + " offset " + paging.offset())
                .param("start", start).param("end", end)
                .query((rs, n) -> new Notice(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class))).list();
        return new NoticeList(total, notices, paging.page(), paging.size(), paging.sort());
    }
}
