package com.example.aftersales.followup;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.aftersales.AftersalesApplication;
import com.example.aftersales.cases.HistoryRecorder;
import com.example.aftersales.demo.DemoHistory;

/**
 * Due, overdue and the monthly summary on a large history: records a demo history once (if the database holds fewer
 * cases), times the lists and the summary with every case still open, then adds follow-up events (written straight
 * into {@code case_event} in JDBC batches, not through the API: arrival, result form, call and closing for all but
 * the last 60 days' cases, part of them for those), rebuilds the follow-up state from them
 * ({@link CaseFollowupState#rebuild()}, as the API would have kept it) and times them again. Prints the median of 7 timed runs after 2
 * untimed ones.
 * <pre>
 * java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
 *      com.example.aftersales.followup.FollowupThroughput 'jdbc:h2:file:/tmp/followup-bench/db;MODE=PostgreSQL;...' 100000
 * </pre>
 */
public final class FollowupThroughput {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int cases = Integer.parseInt(args[1]);
        String user = args.length > 2 ? args[2] : "sa";
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AftersalesApplication.class)
                .web(WebApplicationType.NONE)
                .run(Stream.concat(Stream.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                        "--logging.level.root=WARN"), Arrays.stream(args).skip(3)).toArray(String[]::new))) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            long recorded = jdbc.sql("select count(*) from aftersales_case").query(Long.class).single();
            if (recorded < cases) {
                System.out.printf("recording %,d demo cases...%n", cases);
                var progress = context.getBean(HistoryRecorder.class)
                        .record(new DemoHistory(42, cases).stream(), HistoryRecorder.DEFAULT_BATCH_SIZE);
                System.out.printf("recorded %,d cases at %,.0f cases/s%n", progress.recorded(), progress.casesPerSecond());
            }
            jdbc.sql("analyze").update(); // as autovacuum would have by then (PostgreSQL); H2 keeps its own statistics
            OffsetDateTime last = jdbc.sql("select max(received_at) from aftersales_case").query(OffsetDateTime.class).single();
            OffsetDateTime at = last.plusDays(1);
            YearMonth month = YearMonth.from(last.atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")));
            Deadlines deadlines = context.getBean(Deadlines.class);
            MonthlyReports reports = context.getBean(MonthlyReports.class);
            RectificationOrders orders = context.getBean(RectificationOrders.class);
            long start = System.nanoTime();
            orders.sync();
            System.out.printf("first sync of rectification orders: %.1f s, %,d orders%n", (System.nanoTime() - start) / 1e9,
                    jdbc.sql("select count(*) from rectification_order").query(Long.class).single());
            long events = jdbc.sql("select count(*) from case_event").query(Long.class).single();
            if (events == 0) {
                measure("no events (every case open)", at, month, deadlines, reports);
                addEvents(context.getBean(JdbcTemplate.class), jdbc, at.minusDays(61));
                start = System.nanoTime();
                int states = context.getBean(CaseFollowupState.class).rebuild();
                System.out.printf("follow-up state of %,d cases rebuilt from the events in %.1f s%n", states,
                        (System.nanoTime() - start) / 1e9);
                jdbc.sql("analyze").update();
            }
            measure("with events", at, month, deadlines, reports);
        }
    }

    private static void measure(String label, OffsetDateTime at, YearMonth month, Deadlines deadlines,
                                MonthlyReports reports) {
        System.out.printf("%s, at %s:%n", label, at);
        // Each run asks for a moment one second later: H2 answers a repeated identical query from its last result.
        time("overdue (all units)", i -> deadlines.overdue(at.plusSeconds(i), null).total());
        time("due in 7 days (all units)", i -> deadlines.due(at.minusDays(7).plusSeconds(i), at, null).total());
        time("overdue (one unit)", i -> deadlines.overdue(at.plusSeconds(i), "SUB-01").total());
        time("monthly summary " + month, i -> (long) reports.summary(month, at.plusSeconds(i)).cases());
        YearMonth older = month.minusYears(10);
        time("monthly summary " + older, i -> (long) reports.summary(older, at.plusSeconds(i)).cases());
    }

    private static void time(String what, java.util.function.IntFunction<Long> run) {
        long result = 0;
        for (int i = 0; i < 2; i++) result = run.apply(i);
        List<Double> ms = new ArrayList<>();
        for (int i = 2; i < 9; i++) {
            long start = System.nanoTime();
            result = run.apply(i);
            ms.add((System.nanoTime() - start) / 1e6);
        }
        ms.sort(Double::compare);
        System.out.printf("  %-32s median %8.1f ms (min %.1f, max %.1f), answer %,d%n", what, ms.get(3), ms.get(0),
                ms.get(6), result);
    }

    /** Cases received before {@code settled}: arrival (on-site ones), result form, call, closed; later ones part of it. */
    private static void addEvents(JdbcTemplate template, JdbcClient jdbc, OffsetDateTime settled) {
        long start = System.nanoTime();
        List<Object[]> rows = new ArrayList<>();
        long[] count = {0};
        jdbc.sql("""
                select k.id, k.received_at, coalesce(h.decision_value, '') from aftersales_case k
                join evaluation e on e.case_id = k.id and e.seq = 1
                left join decision h on h.evaluation_id = e.id and h.type = 'HANDLING'
                order by k.id""").query(rs -> {
            long id = rs.getLong(1);
            OffsetDateTime received = rs.getObject(2, OffsetDateTime.class);
            boolean onSite = rs.getString(3).equals("ON_SITE");
            int steps = received.isBefore(settled) ? 4 : (int) (id % 4);
            int seq = 0;
            OffsetDateTime t = received;
            if (onSite && steps > 0) rows.add(event(id, ++seq, "ON_SITE_ARRIVAL", t = t.plusHours(6 + id % 40), null));
            if (onSite && steps > 1) rows.add(event(id, ++seq, "RESULT_FORM_RECEIVED", t = t.plusDays(2), null));
            if (steps > 2) rows.add(event(id, ++seq, "SATISFACTION_CALL", t = t.plusDays(3), id % 7 != 0));
            if (steps > 3) rows.add(event(id, ++seq, "CASE_CLOSED", t.plusDays(5), null));
            if (rows.size() >= 5000) {
                count[0] += flush(template, rows);
            }
        });
        count[0] += flush(template, rows);
        System.out.printf("added %,d events in %.1f s%n", count[0], (System.nanoTime() - start) / 1e9);
    }

    private static Object[] event(long caseId, int seq, String type, OffsetDateTime at, Boolean satisfied) {
        return new Object[] {caseId, seq, type, at, at.withOffsetSameInstant(ZoneOffset.UTC), "bench", satisfied, "{}"};
    }

    private static int flush(JdbcTemplate template, List<Object[]> rows) {
        template.batchUpdate("""
                insert into case_event (case_id, seq, type, occurred_at, recorded_at, recorded_by, satisfied, details_json)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        int n = rows.size();
        rows.clear();
        return n;
    }
}
