package com.example.aftersales.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.BothDatabases;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.HistoryRecorder;

/**
 * The open counts ({@code case_obligation_open}, V70) that the due and overdue lists sum their whole months from,
 * against a direct count of the stored obligations, on H2 and PostgreSQL ({@link BothDatabases}): after cases recorded
 * by several threads at once (one by one and as a recorded history), events that meet and close obligations recorded
 * by the same threads (some refused, some on the same case at the same time), findings appended without an event, and
 * after a rebuild. The lists' totals by kind, as of many moments (past ones need the rows that changed since), equal
 * the count of the rows in their range.
 */
@BothDatabases
@WithMockUser(username = "li.wei", roles = "ADMIN")
@SpringBootTest(properties = "aftersales.test.database=opencounts")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class OpenCountsTest extends FollowupTestSupport {

    private static final String[] EVENTS = {"ON_SITE_ARRIVAL", "RESULT_FORM_RECEIVED", "SATISFACTION_CALL",
            "CORRECTIVE_ACTION_OPENED", "CORRECTIVE_ACTION_VERIFIED", "FINDINGS_RECORDED", "CASE_CLOSED", "ARCHIVED"};
    private static final String FINDINGS = """
            {"cause":"PRODUCT_DEFECT","repairable":false,"problemProductOnSite":true,"directLossCny":1000,
             "compensationClaimed":false,"remedyValueCny":500,"staffDispatched":1,"representative":false}""";
    private static final OffsetDateTime START = OffsetDateTime.parse("2022-01-03T08:00:00+08:00");

    @Autowired
    HistoryRecorder recorder;
    @Autowired
    Deadlines deadlines;
    @Autowired
    CaseFollowupState state;

    @Test
    @DisplayName("After concurrent recordings, closing events and a rebuild the open counts equal a direct count, and so do the lists' totals")
    void openCountsEqualADirectCount() throws Exception {
        List<long[]> cases = new CopyOnWriteArrayList<>(); // case id, received (epoch seconds)
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        var signedIn = org.springframework.security.test.context.TestSecurityContextHolder.getContext();
        for (int t = 0; t < 5; t++) {
            Random random = new Random(20261130L + t);
            work.add(threads.submit(() -> {
                org.springframework.security.test.context.TestSecurityContextHolder.setContext(signedIn);
                for (int step = 0; step < 40; step++) {
                    int what = random.nextInt(10);
                    if (what < 4 || cases.size() < 3) {
                        OffsetDateTime received = START.plusHours(random.nextInt(24 * 700));
                        cases.add(new long[] {register(received.toString(), random.nextInt(3) == 0 ? INTAKE : DEFECT),
                                received.toEpochSecond()});
                    } else if (what == 4) {
                        long[] c = cases.get(random.nextInt(cases.size()));
                        refusedOrDone(() -> mvc.perform(post("/api/cases/" + c[0] + "/evaluations")
                                .contentType(MediaType.APPLICATION_JSON).content("{\"findings\":" + FINDINGS + "}")));
                    } else {
                        long[] c = cases.get(random.nextInt(cases.size()));
                        String type = EVENTS[random.nextInt(EVENTS.length)];
                        OffsetDateTime at = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(c[1]), ZoneOffset.ofHours(8))
                                .plusHours(1 + random.nextInt(24 * 60));
                        String extra = switch (type) {
                            case "RESULT_FORM_RECEIVED" -> ",\"customerSigned\":true";
                            case "SATISFACTION_CALL" -> ",\"satisfied\":" + random.nextBoolean();
                            case "FINDINGS_RECORDED" -> ",\"findings\":" + FINDINGS;
                            default -> "";
                        };
                        refusedOrDone(() -> event(c[0], "{\"type\":\"" + type + "\",\"occurredAt\":\"" + at
                                + "\",\"recordedBy\":\"qd\"" + extra + "}"));
                    }
                }
                return null;
            }));
        }
        work.add(threads.submit(() -> { // a recorded history at the same time, several cases a transaction
            List<CaseData> history = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
                data.put("externalRef", "OC-" + java.util.UUID.randomUUID());
                data.put("receivedAt", START.plusDays(5L * i).toString());
                data.put("productionDate", START.plusDays(5L * i).toLocalDate().minusMonths(1).toString());
                ((ObjectNode) data.get("responsibleUnit")).put("code", unit);
                if (i % 3 == 0) data.remove("findings");
                history.add(json.treeToValue(data, CaseData.class));
            }
            assertThat(recorder.record(history.stream(), 7).recorded()).isEqualTo(60);
            return null;
        }));
        threads.shutdown();
        for (Future<?> f : work) f.get();

        // the history reached what the counts are for: open and closed obligations, months apart, several slots
        assertThat(jdbc.sql("select count(*) from case_obligation where valid_until < ?").param(Obligations.FOREVER)
                .query(Long.class).single()).isGreaterThan(20);
        assertThat(jdbc.sql("select count(distinct base_month) from case_obligation_open").query(Long.class).single())
                .isGreaterThan(12);
        assertThat(jdbc.sql("select count(distinct slot) from case_obligation_open").query(Long.class).single())
                .isGreaterThan(1);
        assertThat(kept()).isEqualTo(direct());
        assertTotals();

        // and the comparison sees one count that differs
        jdbc.sql("update case_obligation_open set open_count = open_count + 1 where base_month = "
                + "(select max(base_month) from case_obligation_open)").update();
        assertThat(kept()).isNotEqualTo(direct());

        assertThat(state.rebuild()).isPositive();
        assertThat(jdbc.sql("select count(distinct slot) from case_obligation_open").query(Long.class).single()).isOne();
        assertThat(kept()).isEqualTo(direct());
        assertTotals();
    }

    /**
     * A write that may collide with another thread's on the same case (two appends take the same evaluation number:
     * the second fails whole, its transaction rolled back), or be refused (an event that does not fit the case).
     */
    private static void refusedOrDone(java.util.concurrent.Callable<?> write) throws Exception {
        try {
            write.call();
        } catch (jakarta.servlet.ServletException collided) {
            assertThat(collided).hasRootCauseInstanceOf(java.sql.SQLException.class);
        }
    }

    /** The open counts, by kind, month and unit (the slots summed, zeros left out). */
    private Map<String, Long> kept() {
        Map<String, Long> kept = new TreeMap<>();
        jdbc.sql("select kind, base_month, unit_code, open_count from case_obligation_open").query(rs -> {
            kept.merge(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3), rs.getLong(4), Long::sum);
        });
        kept.values().removeIf(n -> n == 0);
        return kept;
    }

    /** The same counted from the stored obligations that hold until something happens. */
    private Map<String, Long> direct() {
        Map<String, Long> direct = new TreeMap<>();
        jdbc.sql("select kind, unit_code, base from case_obligation where valid_until = ?").param(Obligations.FOREVER)
                .query(rs -> {
                    direct.merge(rs.getString(1) + " " + Obligations.month(rs.getObject(3, OffsetDateTime.class)) + " "
                            + rs.getString(2), 1L, Long::sum);
                });
        return direct;
    }

    /** The lists' totals by kind, this unit and all units, overdue and due, as of many moments, against the rows. */
    private void assertTotals() {
        record Obligation(String kind, String unit, OffsetDateTime deadline, OffsetDateTime from, OffsetDateTime until) {
        }
        List<Obligation> rows = jdbc.sql("select kind, unit_code, base, valid_from, valid_until from case_obligation")
                .query((rs, n) -> new Obligation(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).plusDays(deadlines.days(rs.getString(1))),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class))).list();
        List<OffsetDateTime> moments = new ArrayList<>(List.of(OffsetDateTime.now(), OffsetDateTime.now().plusDays(40)));
        for (OffsetDateTime at = START.minusDays(3); at.isBefore(START.plusDays(800)); at = at.plusDays(23).plusHours(5)) {
            moments.add(at);
        }
        int seen = 0;
        for (OffsetDateTime at : moments) {
            for (String u : new String[] {unit, null}) {
                for (int window : new int[] {0, 7, 400}) {
                    OffsetDateTime until = window == 0 ? null : at.plusDays(window);
                    Map<String, Long> expected = new java.util.LinkedHashMap<>();
                    Deadlines.KINDS.forEach(k -> expected.put(k, 0L));
                    for (Obligation o : rows) {
                        boolean listed = (u == null || u.equals(o.unit())) && !o.from().isAfter(at) && o.until().isAfter(at)
                                && (until == null ? o.deadline().isBefore(at)
                                        : !o.deadline().isBefore(at) && o.deadline().isBefore(until));
                        if (listed) expected.merge(o.kind(), 1L, Long::sum);
                    }
                    Deadlines.Items items = until == null ? deadlines.overdue(at, u, new Paging(0, 1, "deadline"))
                            : deadlines.due(at, until, u, new Paging(0, 1, "deadline"));
                    assertThat(items.byKind()).as("at %s until %s unit %s", at, until, u).isEqualTo(expected);
                    seen += items.total();
                }
            }
        }
        assertThat(seen).isGreaterThan(1000);
    }
}
