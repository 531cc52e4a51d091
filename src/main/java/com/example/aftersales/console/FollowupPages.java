package com.example.aftersales.console;

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

import org.springframework.beans.factory.annotation.Value;
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

import com.example.aftersales.exports.ExportLanguage;
import com.example.aftersales.exports.ExportLanguages;
import com.example.aftersales.followup.Deadlines;
import com.example.aftersales.followup.MonthlyReports;
import com.example.aftersales.followup.MonthlySummary;
import com.example.aftersales.followup.Notices;
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
                  @Value("${aftersales.followup.zone:Asia/Shanghai}") ZoneId zone) {
        this.deadlines = deadlines;
        this.orders = orders;
        this.notices = notices;
        this.reports = reports;
        this.languages = languages;
        this.json = json;
        this.clock = clock;
        this.zone = zone;
    }

    /** Overdue and due within {@code days} as of {@code at} (default now), of one unit's cases or all. */
    @GetMapping("/console/followup")
    String followup(@RequestParam(required = false) String at, @RequestParam(required = false) String unit,
                    @RequestParam(defaultValue = "7") int days, Model model) {
        if (days < 1 || days > 366) {
            throw new BadInput("console.daysAhead", days);
        }
        OffsetDateTime moment = Moments.parse("at", at, zone);
        boolean now = moment == null;
        if (now) {
            moment = OffsetDateTime.now(clock).withNano(0);
        }
        String wanted = unit == null || unit.isBlank() ? null : unit.trim();
        Deadlines.Items overdue = deadlines.overdue(moment, wanted);
        Deadlines.Items due = deadlines.due(moment, moment.plusDays(days), wanted);
        model.addAttribute("overdue", overdue);
        model.addAttribute("due", due);
        model.addAttribute("kinds", KINDS);
        model.addAttribute("overdueByKind", byKind(overdue));
        model.addAttribute("dueByKind", byKind(due));
        model.addAttribute("at", moment);
        model.addAttribute("atLocal", now ? "" : Moments.local(moment, zone));
        model.addAttribute("unit", wanted);
        model.addAttribute("days", days);
        model.addAttribute("zone", zone);
        return "console/followup";
    }

    private static Map<String, Long> byKind(Deadlines.Items items) {
        Map<String, Long> counts = new LinkedHashMap<>();
        KINDS.forEach(k -> counts.put(k, 0L));
        items.items().forEach(i -> counts.merge(i.kind(), 1L, Long::sum));
        return counts;
    }

    /** Rectification orders (all or of one status) with the cases behind each, and the notices to circulate. */
    @GetMapping("/console/orders")
    String orders(@RequestParam(required = false) String status,
                  @RequestParam(defaultValue = "PENDING") String notices, Model model) {
        List<RectificationOrders.Order> list = this.orders.list(status).stream().map(o -> this.orders.find(o.id())).toList();
        model.addAttribute("orders", list);
        model.addAttribute("status", status == null ? "" : status.toUpperCase(java.util.Locale.ROOT));
        model.addAttribute("noticeStatus", notices.toUpperCase(java.util.Locale.ROOT));
        model.addAttribute("notices", this.notices.list("ALL".equalsIgnoreCase(notices) ? null : notices, null, null));
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
