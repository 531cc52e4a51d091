package com.example.aftersales.followup;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.example.aftersales.exports.SpreadsheetText;
import com.example.aftersales.followup.MonthlySummary.Count;
import com.example.aftersales.followup.MonthlySummary.DecisionCount;

/**
 * Builds the monthly summary (P19). The month's cases are read once with their latest evaluation's decisions and
 * their events (a month holds at most some thousands of cases) and counted here.
 */
@Service
public class MonthlyReports {

    private final JdbcClient jdbc;
    private final FollowupProperties settings;
    private final Clock clock;
    private final RectificationOrders orders;

    MonthlyReports(JdbcClient jdbc, FollowupProperties settings, Clock clock, RectificationOrders orders) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        this.orders = orders;
    }

    private static final class CaseRow {
        long id;
        OffsetDateTime receivedAt;
        String product;
        String problem;
        String unit;
        String province;
        final Map<String, List<String>> decisions = new HashMap<>();
        OffsetDateTime firstArrival;
        Boolean lastSatisfied;
        int lastCallSeq = -1;
        boolean closed;
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
        orders.sync();
        OffsetDateTime from = month.atDay(1).atStartOfDay(settings.zone()).toOffsetDateTime();
        OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay(settings.zone()).toOffsetDateTime();
        Map<Long, CaseRow> rows = new HashMap<>();
        jdbc.sql("""
                select id, received_at, product_code, problem_category, unit_code, customer_province
                from aftersales_case where received_at >= :from and received_at < :to and received_at <= :at""")
                .param("from", from).param("to", to).param("at", at).query(rs -> {
                    CaseRow r = new CaseRow();
                    r.id = rs.getLong(1);
                    r.receivedAt = rs.getObject(2, OffsetDateTime.class);
                    r.product = rs.getString(3);
                    r.problem = rs.getString(4);
                    r.unit = rs.getString(5);
                    r.province = rs.getString(6);
                    rows.put(r.id, r);
                });
        jdbc.sql("""
                select e.case_id, d.type, d.decision_value
                from aftersales_case k
                join evaluation e on e.id = """ + Deadlines.evaluationAsOf("k.id") + """
                join decision d on d.evaluation_id = e.id
                where k.received_at >= :from and k.received_at < :to and k.received_at <= :at""")
                .param("from", from).param("to", to).param("at", at).query(rs -> {
                    CaseRow r = rows.get(rs.getLong(1));
                    if (r != null) r.decisions.computeIfAbsent(rs.getString(2), t -> new ArrayList<>()).add(rs.getString(3));
                });
        jdbc.sql("""
                select c.case_id, c.type, c.occurred_at, c.satisfied, c.seq
                from aftersales_case k join case_event c on c.case_id = k.id
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

        return new MonthlySummary(month, settings.zone(), from, to, at, rows.size(), counts(product), counts(problem),
                counts(unit), counts(province), decisionCounts, remedies,
                new MonthlySummary.ResponseSla(onSite, kept, missed, missedNotArrived, pending),
                new MonthlySummary.Satisfaction(callRequired, called, satisfied, notSatisfied, notCalled),
                new MonthlySummary.MajorIncidents(major.size(), major),
                new MonthlySummary.Orders(opened, issuedCount, closedOrders, issuedIds), notices, closed);
    }

    private long count(String sql, OffsetDateTime from, OffsetDateTime to, OffsetDateTime at) {
        return jdbc.sql(sql).param("from", from).param("to", to).param("at", at).query(Long.class).single();
    }

    /** Most cases first, then by key. */
    private static List<Count> counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::cases).reversed().thenComparing(Count::key)).toList();
    }

    /** The summary as a workbook: a Summary sheet, then one sheet per breakdown. */
    public void xlsx(MonthlySummary s, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            Sheet summary = workbook.createSheet("Summary");
            int r = 0;
            r = row(summary, r, "Monthly summary of quality feedback handling", s.month().toString());
            r = row(summary, r, "Zone", s.zone().getId());
            r = row(summary, r, "Received from", s.from().toString());
            r = row(summary, r, "Received before", s.to().toString());
            r = row(summary, r, "As of", s.at().toString());
            r = row(summary, r, "Cases", s.cases());
            r = row(summary, r, "Cases closed", s.casesClosed());
            r = row(summary, r, "On site (P2)", s.responseSla().onSite());
            r = row(summary, r, "Response deadline kept", s.responseSla().kept());
            r = row(summary, r, "Response deadline missed", s.responseSla().missed());
            r = row(summary, r, "Missed, not arrived", s.responseSla().missedNotArrived());
            r = row(summary, r, "Response deadline to come", s.responseSla().pending());
            r = row(summary, r, "Satisfaction calls required (P18)", s.satisfaction().required());
            r = row(summary, r, "Customers called", s.satisfaction().called());
            r = row(summary, r, "Satisfied", s.satisfaction().satisfied());
            r = row(summary, r, "Not satisfied", s.satisfaction().notSatisfied());
            r = row(summary, r, "Not called yet", s.satisfaction().notCalled());
            r = row(summary, r, "Major incidents (P15)", s.majorIncidents().count());
            r = row(summary, r, "Notices to circulate (P20)", s.noticesRequired());
            r = row(summary, r, "Rectification orders opened", s.rectificationOrders().opened());
            r = row(summary, r, "Rectification orders issued", s.rectificationOrders().issued());
            row(summary, r, "Rectification orders closed", s.rectificationOrders().closed());
            sheet(workbook, "By product", "Product", s.byProduct());
            sheet(workbook, "By problem", "Problem", s.byProblem());
            sheet(workbook, "By unit", "Responsible unit", s.byUnit());
            sheet(workbook, "By province", "Customer province", s.byProvince());
            Sheet decisions = workbook.createSheet("Decisions");
            int d = row(decisions, 0, "Type", "Value", "Cases");
            for (DecisionCount c : s.decisions()) d = row(decisions, d, c.type(), c.value(), c.cases());
            Sheet major = workbook.createSheet("Major incidents");
            int m = row(major, 0, "Case");
            for (Long id : s.majorIncidents().caseIds()) m = row(major, m, id);
            workbook.write(out);
        }
    }

    private static void sheet(SXSSFWorkbook workbook, String name, String heading, List<Count> counts) {
        Sheet sheet = workbook.createSheet(name);
        int r = row(sheet, 0, heading, "Cases");
        for (Count c : counts) r = row(sheet, r, c.key(), c.cases());
    }

    private static int row(Sheet sheet, int index, Object... values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Number n) {
                row.createCell(i).setCellValue(n.doubleValue());
            } else {
                row.createCell(i).setCellValue(SpreadsheetText.neutralise(values[i] == null ? "" : values[i].toString()));
            }
        }
        return index + 1;
    }
}
