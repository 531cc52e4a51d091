package com.example.aftersales.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.followup.FollowupProperties;
import com.example.aftersales.exports.ExportLanguage;
import com.example.aftersales.exports.ExportLanguages;
import com.example.aftersales.followup.Deadlines;
import com.example.aftersales.followup.MonthlyReports;
import com.example.aftersales.followup.MonthlySummary;
import com.example.aftersales.followup.Notices;
import com.example.aftersales.followup.Paging;
import com.example.aftersales.followup.RectificationOrders;
import com.example.aftersales.glossary.Glossary;

/**
 * Closing the loop (issue 7) in the console: what is overdue and due soon, the rectification orders with their cases
 * and the pending notices, and the monthly summary (P19) with charts and its workbook. Pages only read; events are
 * recorded on the case page ({@link CaseEventPages}).
 */
@Controller
class FollowupPages {

    /** The kinds of deadline, in the order the page counts them. */
    static final List<String> KINDS = Deadlines.KINDS;
    /** The monthly summary's breakdowns and the code set that names their keys (products are shown by code). */
    static final Map<String, String> BREAKDOWNS = breakdowns();
    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final Deadlines deadlines;
    private final RectificationOrders orders;
    private final Notices notices;
    private final MonthlyReports reports;
    private final ExportLanguages languages;
    private final JsonMapper json;
    private final Clock clock;
    private final ZoneId zone;

    FollowupPages(Deadlines deadlines, RectificationOrders orders, Notices notices, MonthlyReports reports,
                  ExportLanguages languages, JsonMapper json, Clock clock,
                  FollowupProperties followup) {
        this.deadlines = deadlines;
        this.orders = orders;
        this.notices = notices;
        this.reports = reports;
        this.languages = languages;
        this.json = json;
        this.clock = clock;
        this.zone = followup.zone();
    }

    /** Overdue and due within {@code days} as of {@code at} (default now), of one unit's cases or all. */
    @GetMapping("/console/followup")
    String followup(@RequestParam(required = false) String at, @RequestParam(required = false) String unit,
                    @RequestParam(defaultValue = "7") int days,
                    @RequestParam(defaultValue = "0") int overduePage, @RequestParam(defaultValue = "0") int duePage,
                    @RequestParam(required = false) String sort, Model model) {
        if (days < 1 || days > 366) {
            throw new BadInput("console.daysAhead", days);
        }
        OffsetDateTime moment = Moments.parse("at", at, zone);
        boolean now = moment == null;
        if (now) {
            moment = OffsetDateTime.now(clock).withNano(0);
        }
        String wanted = unit == null || unit.isBlank() ? null : unit.trim();
        String order = sort == null || sort.isBlank() ? "deadline" : sort.trim();
        if (!Deadlines.SORTS.containsKey(order.startsWith("-") ? order.substring(1) : order)) {
            throw new BadInput("console.sort", sort);
        }
        int size = Math.min(PAGE_SIZE, deadlines.maxItems());
        OffsetDateTime when = moment;
        Deadlines.Items overdue = lastPage(p -> deadlines.overdue(when, wanted, new Paging(p, size, order)),
                overduePage, size);
        Deadlines.Items due = lastPage(p -> deadlines.due(when, when.plusDays(days), wanted, new Paging(p, size, order)),
                duePage, size);
        model.addAttribute("overdue", overdue);
        model.addAttribute("due", due);
        model.addAttribute("overduePages", Paging.pages(overdue.total(), size));
        model.addAttribute("duePages", Paging.pages(due.total(), size));
        model.addAttribute("sort", order);
        model.addAttribute("kinds", KINDS);
        model.addAttribute("overdueByKind", overdue.byKind());
        model.addAttribute("dueByKind", due.byKind());
        model.addAttribute("at", moment);
        model.addAttribute("atLocal", now ? "" : Moments.local(moment, zone));
        model.addAttribute("unit", wanted);
        model.addAttribute("days", days);
        model.addAttribute("zone", zone);
        return "console/followup";
    }

    /** Rows on a page of the console's lists (follow-up, orders, notices). */
    static final int PAGE_SIZE = 50;
    /** Orders on a page of the orders page (each with its first cases). */
    static final int ORDERS_PAGE_SIZE = 20;
    /** Cases shown under each order on the orders page; the order's count says how many it has. */
    static final int CASES_PER_ORDER = 10;

    /** The asked page, or the last one when the asked one is past the end (a list that shrank since). */
    private static Deadlines.Items lastPage(java.util.function.IntFunction<Deadlines.Items> read, int page, int size) {
        Deadlines.Items items = read.apply(Math.max(0, page));
        long pages = Paging.pages(items.total(), size);
        return page >= pages && items.total() > 0 ? read.apply((int) pages - 1) : items;
    }

    /** Rectification orders (all or of one status) with the cases behind each, and the notices to circulate. */
    @GetMapping("/console/orders")
    String orders(@RequestParam(required = false) String status,
                  @RequestParam(defaultValue = "PENDING") String notices,
                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "0") int noticePage,
                  Model model) {
        int orderSize = Math.min(ORDERS_PAGE_SIZE, orders.maxPageSize());
        int size = Math.min(PAGE_SIZE, orders.maxPageSize());
        RectificationOrders.OrderPage found = this.orders.page(status, new Paging(Math.max(0, page), orderSize, "-opened"));
        long pages = Paging.pages(found.total(), orderSize);
        if (page >= pages && found.total() > 0) {
            found = this.orders.page(status, new Paging((int) pages - 1, orderSize, "-opened"));
        }
        Map<Long, List<RectificationOrders.OrderCase>> cases = this.orders.firstCases(
                found.orders().stream().map(RectificationOrders.Order::id).toList(), CASES_PER_ORDER);
        model.addAttribute("orders", found.orders());
        model.addAttribute("orderPage", found);
        model.addAttribute("orderPages", pages);
        model.addAttribute("orderCases", cases);
        model.addAttribute("status", status == null ? "" : status.toUpperCase(java.util.Locale.ROOT));
        String noticeStatus = notices.toUpperCase(java.util.Locale.ROOT);
        model.addAttribute("noticeStatus", noticeStatus);
        String wantedNotices = "ALL".equals(noticeStatus) ? null : notices;
        Notices.NoticeList list = this.notices.list(wantedNotices, null, null,
                new Paging(Math.max(0, noticePage), size, "-received"));
        long noticePages = Paging.pages(list.total(), size);
        if (noticePage >= noticePages && list.total() > 0) {
            list = this.notices.list(wantedNotices, null, null, new Paging((int) noticePages - 1, size, "-received"));
        }
        model.addAttribute("notices", list);
        model.addAttribute("noticePages", noticePages);
        model.addAttribute("zone", zone);
        return "console/orders";
    }

    /** The monthly summary (P19) of {@code month} (default this month) as things stand now. */
    @GetMapping("/console/reports/monthly")
    String monthly(@RequestParam(required = false) String month, Model model, Locale locale) {
        YearMonth wanted = month(month);
        model.addAttribute("exportLang", languages.forConsole(null, locale).tag());
        MonthlySummary summary = reports.summary(wanted);
        model.addAttribute("summary", summary);
        model.addAttribute("breakdowns", BREAKDOWNS);
        model.addAttribute("month", wanted.toString());
        model.addAttribute("previous", wanted.minusMonths(1).toString());
        model.addAttribute("next", wanted.plusMonths(1).toString());
        // JSON in an HTML attribute (data-chart), which the template escapes
        model.addAttribute("chart", json.writeValueAsString(chart(summary, new Labels(locale))));
        model.addAttribute("zone", zone);
        return "console/monthly";
    }

    /** What the charts draw: the summary, and the name of each key they show. */
    private ObjectNode chart(MonthlySummary summary, Labels labels) {
        ObjectNode chart = json.valueToTree(summary);
        ObjectNode names = chart.putObject("labels");
        BREAKDOWNS.forEach((breakdown, codeSet) -> {
            ObjectNode keys = names.putObject(breakdown);
            for (JsonNode c : chart.path(breakdown)) {
                String key = c.path("key").asString();
                keys.put(key, labels.of(codeSet, key));
            }
        });
        ObjectNode decisions = names.putObject("decisions");
        summary.decisions().forEach(d -> decisions.put(d.type() + " " + d.value(),
                labels.type(d.type()) + " " + labels.value(d.type(), d.value())));
        return chart;
    }

    private static Map<String, String> breakdowns() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("byProduct", "");
        map.put("byProblem", Glossary.PROBLEM_CATEGORIES);
        map.put("byUnit", Glossary.UNITS);
        map.put("byProvince", Glossary.PROVINCES);
        map.put("remedies", Glossary.DECISION_VALUES + "REMEDY");
        return Collections.unmodifiableMap(map);
    }

    /**
     * The same summary as the API's workbook, through the console so that the browser's sign-in works; in the
     * console's language (the page's link carries it as {@code lang}).
     */
    @GetMapping("/console/reports/monthly.xlsx")
    ResponseEntity<byte[]> monthlyXlsx(@RequestParam(required = false) String month,
                                       @RequestParam(required = false) ExportLanguage lang,
                                       Locale locale) throws IOException {
        YearMonth wanted = month(month);
        ExportLanguage language = languages.forConsole(lang, locale);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reports.xlsx(wanted, null, language, out);
        return ResponseEntity.ok().contentType(XLSX).header(HttpHeaders.CONTENT_LANGUAGE, language.tag())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("monthly-summary-" + wanted + ".xlsx").build().toString())
                .body(out.toByteArray());
    }

    private YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return YearMonth.now(clock.withZone(zone));
        }
        try {
            return YearMonth.parse(month.trim());
        } catch (DateTimeParseException e) {
            throw new BadInput("console.notMonth", month);
        }
    }
}
