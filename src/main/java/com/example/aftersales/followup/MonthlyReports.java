package com.example.aftersales.followup;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.example.aftersales.exports.ExportLanguage;
import com.example.aftersales.exports.ExportLanguages;
import com.example.aftersales.exports.ExportText;
import com.example.aftersales.exports.Money;
import com.example.aftersales.exports.Xlsx;
import com.example.aftersales.followup.MonthlySummary.Count;
import com.example.aftersales.followup.MonthlySummary.DecisionCount;
import com.example.aftersales.glossary.Glossary;

/**
 * Builds the monthly summary (P19). The month's cases are read once with their latest evaluation's decisions and
 * their events (a month holds at most some thousands of cases) and counted here: from the follow-up's own read model
 * of the cases ({@link FollowupCases}) and its events, never the cases module's tables.
 */
@Service
public class MonthlyReports {

    /**
     * Decisions shown per case in the workbook, as codes headed {@code monthly.case.<key>} with their labels beside
     * them ({@code <key>Label}): these before the response deadline and first arrival, the outcomes after.
     */
    private static final List<Map.Entry<String, String>> CASE_DECISIONS = List.of(
            Map.entry("WARRANTY", "warranty"), Map.entry("HANDLING", "handling"));
    private static final List<Map.Entry<String, String>> CASE_OUTCOMES = List.of(
            Map.entry("REMEDY", "remedy"), Map.entry("APPROVAL", "approval"), Map.entry("MAJOR_INCIDENT", "majorIncident"),
            Map.entry("FOUR_NO_LET_GO", "fourNoLetGo"), Map.entry("RECTIFICATION_ORDER", "rectificationOrder"));

    private final JdbcClient jdbc;
    private final FollowupProperties settings;
    private final Clock clock;
    private final ExportLanguages languages;

    MonthlyReports(JdbcClient jdbc, FollowupProperties settings, Clock clock,
                   ExportLanguages languages) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        this.languages = languages;
    }

    private static final class CaseRow {
        long id;
        String externalRef;
        OffsetDateTime receivedAt;
        String product;
        String productCategory;
        String problem;
        String unit;
        String province;
        final Map<String, List<String>> decisions = new HashMap<>();
        OffsetDateTime firstArrival;
        Boolean lastSatisfied;
        int lastCallSeq = -1;
        boolean closed;
        BigDecimal directLoss;
        BigDecimal remedyValue;
    }

    /** A month's summary and the cases behind it, oldest first. */
    private record Snapshot(MonthlySummary summary, List<CaseRow> cases) {
    }

    /** The summary of the month as things stand now. */
    public MonthlySummary summary(YearMonth month) {
        return summary(month, OffsetDateTime.now(clock));
    }

    /**
     * The summary of the month as things stood at {@code at}: events and orders after it are not counted, and each
     * case's decisions are those of its latest evaluation in effect then ({@link Deadlines#evaluationAsOf}).
     */
    public MonthlySummary summary(YearMonth month, OffsetDateTime at) {
        return snapshot(month, at, false).summary();
    }

    private Snapshot snapshot(YearMonth month, OffsetDateTime at, boolean withAmounts) {
        OffsetDateTime from = month.atDay(1).atStartOfDay(settings.zone()).toOffsetDateTime();
        OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay(settings.zone()).toOffsetDateTime();
        Map<Long, CaseRow> rows = new HashMap<>();
        jdbc.sql("""
                select case_id, received_at, product_code, problem_category, unit_code, customer_province, external_ref,
                       product_category
                from followup_case where received_at >= :from and received_at < :to and received_at <= :at""")
                .param("from", from).param("to", to).param("at", at).query(rs -> {
                    CaseRow r = new CaseRow();
                    r.id = rs.getLong(1);
                    r.receivedAt = rs.getObject(2, OffsetDateTime.class);
                    r.product = rs.getString(3);
                    r.problem = rs.getString(4);
                    r.unit = rs.getString(5);
                    r.province = rs.getString(6);
                    r.externalRef = rs.getString(7);
                    r.productCategory = rs.getString(8);
                    rows.put(r.id, r);
                });
        jdbc.sql("""
                select e.case_id, e.decisions
                from followup_case k
                join followup_evaluation e on e.evaluation_id = """ + Deadlines.evaluationAsOf("k.case_id") + """
                where k.received_at >= :from and k.received_at < :to and k.received_at <= :at""")
                .param("from", from).param("to", to).param("at", at).query(rs -> {
                    CaseRow r = rows.get(rs.getLong(1));
                    if (r != null) r.decisions.putAll(FollowupCases.decisions(rs.getString(2)));
                });
        if (withAmounts) {
            jdbc.sql("""
                    select e.case_id, e.direct_loss_cny, e.remedy_value_cny
                    from followup_case k
                    join followup_evaluation e on e.evaluation_id = """ + Deadlines.evaluationAsOf("k.case_id") + """
                    where k.received_at >= :from and k.received_at < :to and k.received_at <= :at""")
                    .param("from", from).param("to", to).param("at", at).query(rs -> {
                        CaseRow r = rows.get(rs.getLong(1));
                        if (r == null) return;
                        r.directLoss = rs.getBigDecimal(2);
                        r.remedyValue = rs.getBigDecimal(3);
                    });
        }
        jdbc.sql("""
                select c.case_id, c.type, c.occurred_at, c.satisfied, c.seq
                from followup_case k join case_event c on c.case_id = k.case_id
                where k.received_at >= :from and k.received_at < :to and k.received_at <= :at
                  and c.occurred_at <= :at
                  and c.type in ('ON_SITE_ARRIVAL', 'SATISFACTION_CALL', 'CASE_CLOSED')""")
                .param("from", from).param("to", to).param("at", at).query(rs -> {
                    CaseRow r = rows.get(rs.getLong(1));
                    if (r == null) return;
                    OffsetDateTime occurred = rs.getObject(3, OffsetDateTime.class);
                    switch (rs.getString(2)) {
                        case "ON_SITE_ARRIVAL" -> {
                            if (r.firstArrival == null || occurred.isBefore(r.firstArrival)) r.firstArrival = occurred;
                        }
                        case "SATISFACTION_CALL" -> {
                            if (rs.getInt(5) > r.lastCallSeq) {
                                r.lastCallSeq = rs.getInt(5);
                                r.lastSatisfied = rs.getBoolean(4);
                            }
                        }
                        default -> r.closed = true;
                    }
                });

        Map<String, Long> product = new TreeMap<>();
        Map<String, Long> problem = new TreeMap<>();
        Map<String, Long> unit = new TreeMap<>();
        Map<String, Long> province = new TreeMap<>();
        Map<String, Long> decisions = new TreeMap<>();
        long onSite = 0, kept = 0, missed = 0, missedNotArrived = 0, pending = 0;
        long callRequired = 0, called = 0, satisfied = 0, notSatisfied = 0, notCalled = 0;
        long notices = 0, closed = 0;
        List<Long> major = new ArrayList<>();
        for (CaseRow r : rows.values()) {
            product.merge(r.product, 1L, Long::sum);
            problem.merge(r.problem, 1L, Long::sum);
            unit.merge(r.unit, 1L, Long::sum);
            province.merge(r.province, 1L, Long::sum);
            r.decisions.forEach((type, values) -> {
                if (!"RESPONSE_DEADLINE".equals(type)) {
                    values.stream().distinct().forEach(v -> decisions.merge(type + "\u0000" + v, 1L, Long::sum));
                }
            });
            List<String> deadline = r.decisions.get("RESPONSE_DEADLINE");
            if (deadline != null && List.of("ON_SITE").equals(r.decisions.get("HANDLING"))) {
                onSite++;
                OffsetDateTime due = OffsetDateTime.parse(deadline.get(0));
                if (r.firstArrival != null) {
                    if (r.firstArrival.isAfter(due)) missed++; else kept++;
                } else if (due.isBefore(at)) {
                    missed++;
                    missedNotArrived++;
                } else {
                    pending++;
                }
            }
            if (r.decisions.containsKey("SATISFACTION_CALL")) {
                callRequired++;
                if (r.lastSatisfied == null) {
                    notCalled++;
                } else {
                    called++;
                    if (r.lastSatisfied) satisfied++; else notSatisfied++;
                }
            }
            if (r.decisions.containsKey("MAJOR_INCIDENT")) major.add(r.id);
            if (r.decisions.containsKey("NOTICE_CIRCULATION")) notices++;
            if (r.closed) closed++;
        }
        major.sort(Comparator.naturalOrder());
        List<DecisionCount> decisionCounts = decisions.entrySet().stream().map(e -> {
            String[] tv = e.getKey().split("\u0000", 2);
            return new DecisionCount(tv[0], tv[1], e.getValue());
        }).toList();
        List<Count> remedies = decisionCounts.stream().filter(d -> d.type().equals("REMEDY"))
                .map(d -> new Count(d.value(), d.cases())).toList();

        long opened = count("select count(*) from rectification_order where opened_at >= :from and opened_at < :to and opened_at <= :at", from, to, at);
        long issuedCount = count("select count(*) from rectification_order where issued_at >= :from and issued_at < :to and issued_at <= :at", from, to, at);
        long closedOrders = count("select count(*) from rectification_order where closed_at >= :from and closed_at < :to and closed_at <= :at", from, to, at);
        List<Long> issuedIds = jdbc.sql("select id from rectification_order where issued_at >= :from and issued_at < :to and issued_at <= :at order by id")
                .param("from", from).param("to", to).param("at", at).query(Long.class).list();

        MonthlySummary summary = new MonthlySummary(month, settings.zone(), from, to, at, rows.size(), counts(product),
                counts(problem), counts(unit), counts(province), decisionCounts, remedies,
                new MonthlySummary.ResponseSla(onSite, kept, missed, missedNotArrived, pending),
                new MonthlySummary.Satisfaction(callRequired, called, satisfied, notSatisfied, notCalled),
                new MonthlySummary.MajorIncidents(major.size(), major),
                new MonthlySummary.Orders(opened, issuedCount, closedOrders, issuedIds), notices, closed,
                resultForms(from, to, at));
        List<CaseRow> cases = new ArrayList<>(rows.values());
        cases.sort(Comparator.comparing((CaseRow r) -> r.receivedAt.toInstant()).thenComparingLong(r -> r.id));
        return new Snapshot(summary, cases);
    }

    /**
     * Cases of the month with a result form received by {@code at}, and how many of them have its scan attached: a file of
     * the case file on a result form event ({@code case_event_file}, which the evidence module keeps through
     * {@link CaseEventFiles}), attached by {@code at} and not removed by then.
     */
    private MonthlySummary.ResultForms resultForms(OffsetDateTime from, OffsetDateTime to, OffsetDateTime at) {
        List<Integer> scanned = jdbc.sql("""
                select max(case when exists (select 1 from case_event_file v where v.event_id = c.id and v.attached_at <= :at
                           and (v.removed_at is null or v.removed_at > :at)) then 1 else 0 end)
                from followup_case k join case_event c on c.case_id = k.case_id
                where k.received_at >= :from and k.received_at < :to and k.received_at <= :at
                  and c.type = 'RESULT_FORM_RECEIVED' and c.occurred_at <= :at
                group by k.case_id""").param("from", from).param("to", to).param("at", at).query(Integer.class).list();
        long withScan = scanned.stream().filter(v -> v != null && v == 1).count();
        return new MonthlySummary.ResultForms(scanned.size(), withScan, scanned.size() - withScan);
    }

    private long count(String sql, OffsetDateTime from, OffsetDateTime to, OffsetDateTime at) {
        return jdbc.sql(sql).param("from", from).param("to", to).param("at", at).query(Long.class).single();
    }

    /** Most cases first, then by key. */
    private static List<Count> counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::cases).reversed().thenComparing(Count::key)).toList();
    }

    /**
     * The summary of the month as it stood at {@code at} (null: now) as a workbook, in Chinese or English (the
     * {@code monthly.*} words of the export bundle): the figures, the cases one per row (the department's summary
     * table, P19), one sheet per breakdown, the decisions and the major incidents. Times in the summary's zone.
     */
    public void xlsx(YearMonth month, OffsetDateTime at, ExportLanguage language, OutputStream out) throws IOException {
        Snapshot snapshot = snapshot(month, at == null ? OffsetDateTime.now(clock) : at, true);
        MonthlySummary s = snapshot.summary();
        ExportText text = languages.text(language);
        try (Xlsx workbook = new Xlsx(s.zone())) {
            workbook.sheet(text.get("monthly.sheet.summary"))
                    .heading(text.get("monthly.title"), s.month())
                    .row(text.get("monthly.zone"), s.zone().getId())
                    .row(text.inZone("monthly.from", s.zone()), s.from())
                    .row(text.inZone("monthly.to", s.zone()), s.to())
                    .row(text.inZone("monthly.at", s.zone()), s.at())
                    .row(text.get("monthly.cases"), s.cases())
                    .row(text.get("monthly.casesClosed"), s.casesClosed())
                    .row(text.get("monthly.onSite"), s.responseSla().onSite())
                    .row(text.get("monthly.slaKept"), s.responseSla().kept())
                    .row(text.get("monthly.slaMissed"), s.responseSla().missed())
                    .row(text.get("monthly.slaMissedNotArrived"), s.responseSla().missedNotArrived())
                    .row(text.get("monthly.slaPending"), s.responseSla().pending())
                    .row(text.get("monthly.callsRequired"), s.satisfaction().required())
                    .row(text.get("monthly.called"), s.satisfaction().called())
                    .row(text.get("monthly.satisfied"), s.satisfaction().satisfied())
                    .row(text.get("monthly.notSatisfied"), s.satisfaction().notSatisfied())
                    .row(text.get("monthly.notCalled"), s.satisfaction().notCalled())
                    .row(text.get("monthly.majorIncidents"), s.majorIncidents().count())
                    .row(text.get("monthly.notices"), s.noticesRequired())
                    .row(text.get("monthly.ordersOpened"), s.rectificationOrders().opened())
                    .row(text.get("monthly.ordersIssued"), s.rectificationOrders().issued())
                    .row(text.get("monthly.ordersClosed"), s.rectificationOrders().closed());
            cases(workbook.sheet(text.get("monthly.sheet.cases")), snapshot.cases(), text, s.zone());
            counts(workbook, text, "byProduct", "product", null, s.byProduct());
            counts(workbook, text, "byProblem", "problem", Glossary.PROBLEM_CATEGORIES, s.byProblem());
            counts(workbook, text, "byUnit", "unit", Glossary.UNITS, s.byUnit());
            counts(workbook, text, "byProvince", "province", Glossary.PROVINCES, s.byProvince());
            Xlsx.XlsxSheet decisions = workbook.sheet(text.get("monthly.sheet.decisions")).heading(
                    text.get("monthly.decision.type"), text.get("monthly.decision.typeLabel"), text.get("monthly.decision.value"),
                    text.get("monthly.decision.valueLabel"), text.get("monthly.decision.cases"));
            for (DecisionCount c : s.decisions()) {
                decisions.row(c.type(), text.decisionType(c.type()), c.value(), text.decisionValues(c.type(), c.value()), c.cases());
            }
            Xlsx.XlsxSheet major = workbook.sheet(text.get("monthly.sheet.majorIncidents")).heading(
                    text.get("monthly.case.id"), text.inZone("monthly.case.receivedAt", s.zone()), text.get("monthly.case.product"),
                    text.get("monthly.case.unit"), text.get("monthly.case.unitLabel"), text.get("monthly.case.directLoss"));
            Map<Long, CaseRow> byId = new HashMap<>();
            snapshot.cases().forEach(r -> byId.put(r.id, r));
            for (Long id : s.majorIncidents().caseIds()) {
                CaseRow r = byId.get(id);
                major.row(id, r.receivedAt, r.product, r.unit, text.label(Glossary.UNITS, r.unit), Money.of(r.directLoss));
            }
            workbook.write(out);
        }
    }

    private static void cases(Xlsx.XlsxSheet sheet, List<CaseRow> cases, ExportText text, java.time.ZoneId zone) {
        List<Object> heading = new ArrayList<>();
        for (String column : List.of("id", "reference", "receivedAt", "product", "productCategory", "productCategoryLabel",
                "problem", "problemLabel", "unit", "unitLabel", "province", "provinceLabel")) {
            heading.add("receivedAt".equals(column) ? text.inZone("monthly.case." + column, zone) : text.get("monthly.case." + column));
        }
        CASE_DECISIONS.forEach(d -> heading.addAll(List.of(text.get("monthly.case." + d.getValue()),
                text.get("monthly.case." + d.getValue() + "Label"))));
        heading.add(text.inZone("monthly.case.responseDeadline", zone));
        heading.add(text.inZone("monthly.case.firstArrival", zone));
        CASE_OUTCOMES.forEach(d -> heading.addAll(List.of(text.get("monthly.case." + d.getValue()),
                text.get("monthly.case." + d.getValue() + "Label"))));
        heading.addAll(List.of(text.get("monthly.case.directLoss"), text.get("monthly.case.remedyValue"),
                text.get("monthly.case.satisfaction"), text.get("monthly.case.closed")));
        sheet.heading(heading.toArray());
        for (CaseRow r : cases) {
            List<Object> row = new ArrayList<>(List.of(r.id, r.externalRef == null ? "" : r.externalRef, r.receivedAt,
                    r.product));
            row.addAll(Arrays.asList(r.productCategory, text.label(Glossary.PRODUCT_CATEGORIES, r.productCategory),
                    r.problem, text.label(Glossary.PROBLEM_CATEGORIES, r.problem), r.unit, text.label(Glossary.UNITS, r.unit),
                    r.province, text.label(Glossary.PROVINCES, r.province)));
            CASE_DECISIONS.forEach(d -> decision(row, r, d.getKey(), text));
            List<String> deadline = r.decisions.get("RESPONSE_DEADLINE");
            row.add(deadline == null ? null : OffsetDateTime.parse(deadline.get(0)));
            row.add(r.firstArrival);
            CASE_OUTCOMES.forEach(d -> decision(row, r, d.getKey(), text));
            row.add(Money.of(r.directLoss));
            row.add(Money.of(r.remedyValue));
            row.add(r.lastSatisfied == null ? null : text.get(r.lastSatisfied ? "monthly.satisfied" : "monthly.notSatisfied"));
            row.add(text.get(r.closed ? "monthly.yes" : "monthly.no"));
            sheet.row(row.toArray());
        }
    }

    /** A decision's values as codes, and beside them by name. */
    private static void decision(List<Object> row, CaseRow r, String type, ExportText text) {
        String codes = values(r, type);
        row.add(codes);
        row.add(text.decisionValues(type, codes));
    }

    /** A decision's values in the case's evaluation, as codes. */
    private static String values(CaseRow r, String type) {
        List<String> values = r.decisions.get(type);
        return values == null ? null : String.join(",", values.stream().distinct().sorted().toList());
    }

    /** One row per key with its case count; with the key's label beside it when the key is a code of {@code codeSet}. */
    private static void counts(Xlsx workbook, ExportText text, String sheet, String heading, String codeSet, List<Count> counts) {
        Xlsx.XlsxSheet s = workbook.sheet(text.get("monthly.sheet." + sheet));
        if (codeSet == null) {
            s.heading(text.get("monthly.count." + heading), text.get("monthly.count.cases"));
            for (Count c : counts) s.row(c.key(), c.cases());
        } else {
            s.heading(text.get("monthly.count." + heading), text.get("monthly.count." + heading + "Label"), text.get("monthly.count.cases"));
            for (Count c : counts) s.row(c.key(), text.label(codeSet, c.key()), c.cases());
        }
    }
}
