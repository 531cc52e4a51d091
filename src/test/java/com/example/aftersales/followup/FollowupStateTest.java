package com.example.aftersales.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import com.example.aftersales.BothDatabases;

/**
 * The follow-up state ({@code case_followup}) against the events it is derived from, on a real database (H2 and
 * PostgreSQL, {@link BothDatabases}): after every event of a long sequence, recorded partly out of order, the stored row equals
 * the row computed from {@code case_event}; and the due and overdue lists, at many moments, equal what the statement
 * they replaced (reading every event, {@link #REFERENCE}) gives.
 */
@BothDatabases
@WithMockUser(username = "li.wei", roles = "ADMIN")
// a database of its own: the reference statement reads every case and event of the database at each of its 150
// moments, which on the shared one (every other test's cases) took PostgreSQL 30 s
@SpringBootTest(properties = "aftersales.test.database=followup_state")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class FollowupStateTest extends FollowupTestSupport {

    private static final String DEFECT_FINDINGS = """
            {"cause":"PRODUCT_DEFECT","repairable":false,"problemProductOnSite":true,"directLossCny":1000,
             "compensationClaimed":false,"remedyValueCny":500,"staffDispatched":1,"representative":false}""";

    @Autowired
    CaseFollowupState state;
    @Autowired
    Deadlines deadlines;
    @Autowired
    FollowupProperties settings;

    @Test
    @DisplayName("The state row equals the one computed from the events after every event; the lists equal the statement over every event at every moment")
    void stateFollowsTheEvents() throws Exception {
        long defect = register(RECEIVED, DEFECT);
        long intake = register(RECEIVED, INTAKE);
        long evaluatedLater = register("2022-09-20T08:00:00+08:00", INTAKE);
        register("2022-10-01T08:00:00+08:00", DEFECT); // no events at all
        register("2022-09-12T08:00:00+08:00", UNREFERENCED); // no events, no reference: listed in the sort by case too
        assertThat(state.stored(defect)).isEmpty();
        assertThat(state.derived(defect)).isEmpty();

        // The moments: just before, at and just after everything the lists depend on — each case's receipt, each
        // event, the evaluation recorded now, and (below) each deadline the reference ever lists. Between two of these
        // the lists cannot change, so these moments see every state the lists go through, and both sides of every
        // boundary; a coarse grid besides, for what would change at other times.
        List<OffsetDateTime> moments = new ArrayList<>();
        // the instants themselves (a receipt, an event, a deadline): where a list changes, paging is checked at each
        Set<OffsetDateTime> instants = new HashSet<>();
        for (String received : List.of(RECEIVED, "2022-09-20T08:00:00+08:00", "2022-10-01T08:00:00+08:00",
                "2022-09-12T08:00:00+08:00")) {
            OffsetDateTime at = OffsetDateTime.parse(received);
            moments.addAll(List.of(at.minusSeconds(1), at, at.plusSeconds(1)));
            instants.add(at);
        }
        String[][] sequence = {
                {"" + defect, "ON_SITE_ARRIVAL", "2022-09-06T15:00:00+08:00", ""},
                {"" + defect, "FINDINGS_RECORDED", "2022-09-07T10:00:00+08:00", ",\"findings\":" + DEFECT_FINDINGS},
                {"" + intake, "FINDINGS_RECORDED", "2022-09-08T10:00:00+08:00", ",\"findings\":" + DEFECT_FINDINGS},
                {"" + defect, "RESULT_FORM_RECEIVED", "2022-09-08T10:00:00+08:00", ",\"customerSigned\":true"},
                // recorded after the previous findings but occurred before them: the latest findings by a moment
                {"" + defect, "FINDINGS_RECORDED", "2022-09-06T12:00:00+08:00", ",\"findings\":" + DEFECT_FINDINGS},
                {"" + defect, "CORRECTIVE_ACTION_OPENED", "2022-09-21T10:00:00+08:00", ""},
                {"" + defect, "CORRECTIVE_ACTION_VERIFIED", "2022-10-23T10:00:00+08:00", ""},
                // a second action, opened (occurred) before the first was verified
                {"" + defect, "CORRECTIVE_ACTION_OPENED", "2022-09-25T10:00:00+08:00", ""},
                {"" + defect, "SATISFACTION_CALL", "2022-09-16T10:00:00+08:00", ",\"satisfied\":true"},
                {"" + intake, "ON_SITE_ARRIVAL", "2022-09-05T20:00:00+08:00", ""},
                {"" + intake, "CORRECTIVE_ACTION_OPENED", "2022-09-30T10:00:00+08:00", ""},
                {"" + defect, "NOTICE_CIRCULATED", "2022-09-26T10:00:00+08:00", ""},
                {"" + defect, "CORRECTIVE_ACTION_VERIFIED", "2022-11-01T10:00:00+08:00", ""},
                {"" + defect, "CASE_CLOSED", "2022-11-02T10:00:00+08:00", ""},
                {"" + defect, "ARCHIVED", "2022-11-03T10:00:00+08:00", ""},
        };
        for (String[] e : sequence) {
            long caseId = Long.parseLong(e[0]);
            event(caseId, "{\"type\":\"" + e[1] + "\",\"occurredAt\":\"" + e[2] + "\",\"recordedBy\":\"qd\"" + e[3] + "}")
                    .andExpect(status().isCreated());
            assertThat(state.stored(caseId)).as("after %s of case %d", e[1], caseId).isPresent()
                    .isEqualTo(state.derived(caseId));
            OffsetDateTime at = OffsetDateTime.parse(e[2]);
            moments.add(at.minusSeconds(1));
            moments.add(at);
            moments.add(at.plusSeconds(1));
            instants.add(at);
        }
        assertThat(state.stored(defect).orElseThrow().get("closed_at")).isNotNull();
        assertThat(state.stored(intake).orElseThrow().get("action_settled_at")).isNotNull();

        // An evaluation without an event takes effect when recorded (now): before that the intake's stands.
        mvc.perform(post("/api/cases/" + evaluatedLater + "/evaluations").contentType(MediaType.APPLICATION_JSON)
                .content("{\"findings\":" + DEFECT_FINDINGS + "}")).andExpect(status().isCreated());
        moments.add(OffsetDateTime.now().plusMinutes(1));

        // every deadline listed at any of these moments (what the reference lists changes only at them), and around it
        TreeSet<OffsetDateTime> deadlinesSeen = new TreeSet<>();
        for (OffsetDateTime at : List.copyOf(moments)) {
            reference(at).forEach(k -> deadlinesSeen.add(OffsetDateTime.parse(k.split(" ")[2])));
        }
        for (OffsetDateTime d : deadlinesSeen) {
            moments.addAll(List.of(d.minusSeconds(1), d, d.plusSeconds(1)));
            instants.add(d);
        }
        // the grid: every 53 hours (a different time of day each time), over the months of the events and deadlines
        for (OffsetDateTime at = OffsetDateTime.parse(RECEIVED).minusHours(1);
             at.isBefore(OffsetDateTime.parse("2022-11-20T00:00:00+08:00")); at = at.plusHours(53)) {
            moments.add(at);
        }
        System.out.printf("%d moments, %d deadlines%n", moments.size(), deadlinesSeen.size());
        int compared = 0;
        int sortsCompared = 0;
        int moment = 0;
        // the lists as seen at the moments whose paging was checked: a moment that sees the same two lists again (between
        // two instants nothing changes) is compared with the reference only, unless it is an instant itself
        Set<List<List<String>>> pagedLists = new HashSet<>();
        for (OffsetDateTime at : moments) {
            TreeSet<String> listed = new TreeSet<>();
            Deadlines.Items overdue = deadlines.overdue(at, unit);
            Deadlines.Items due = deadlines.due(at, at.plusDays(400), unit);
            assertThat(overdue.total()).isEqualTo(overdue.items().size());
            assertThat(due.total()).isEqualTo(due.items().size());
            for (Deadlines.Item i : overdue.items()) listed.add(key(i.caseId(), i.kind(), i.deadline()));
            for (Deadlines.Item i : due.items()) listed.add(key(i.caseId(), i.kind(), i.deadline()));
            assertThat(listed).as("at %s", at).isEqualTo(reference(at));
            compared += listed.size();
            List<List<String>> lists = List.of(
                    overdue.items().stream().map(i -> key(i.caseId(), i.kind(), i.deadline())).toList(),
                    due.items().stream().map(i -> key(i.caseId(), i.kind(), i.deadline())).toList());
            if (!pagedLists.add(lists) && !instants.contains(at)) {
                continue;
            }
            moment++;
            // soonest first (and by kind), pages of two cut that order where the kinds interleave (each kind read as a range)
            for (Deadlines.Items whole : List.of(overdue, due)) {
                List<Deadlines.Item> byKind = new ArrayList<>();
                for (int p = 0; p * 2 < whole.total(); p++) {
                    Paging two = new Paging(p, 2, "kind");
                    byKind.addAll((whole == overdue ? deadlines.overdue(at, unit, two)
                            : deadlines.due(at, at.plusDays(400), unit, two)).items());
                }
                assertThat(byKind).extracting(i -> key(i.caseId(), i.kind(), i.deadline())).containsExactlyElementsOf(
                        whole.items().stream().sorted(java.util.Comparator.comparing(Deadlines.Item::kind)
                                .thenComparing(Deadlines.Item::deadline).thenComparingLong(Deadlines.Item::caseId))
                                .map(i -> key(i.caseId(), i.kind(), i.deadline())).toList());
                assertThat(whole.items()).isSortedAccordingTo(java.util.Comparator.comparing(Deadlines.Item::deadline)
                        .thenComparingLong(Deadlines.Item::caseId).thenComparing(Deadlines.Item::kind));
                List<Deadlines.Item> paged = new ArrayList<>();
                for (int p = 0; p * 2 < whole.total(); p++) {
                    Paging two = new Paging(p, 2, "deadline");
                    Deadlines.Items page = whole == overdue ? deadlines.overdue(at, unit, two)
                            : deadlines.due(at, at.plusDays(400), unit, two);
                    assertThat(page.total()).isEqualTo(whole.total());
                    assertThat(page.byKind()).isEqualTo(whole.byKind());
                    paged.addAll(page.items());
                }
                assertThat(paged).extracting(i -> key(i.caseId(), i.kind(), i.deadline()))
                        .containsExactlyElementsOf(whole.items().stream().map(i -> key(i.caseId(), i.kind(), i.deadline())).toList());
                if (whole.total() < 2 || moment % 3 != 0) {
                    continue; // (the other sorts at every third moment with a list to sort: the test's time)
                }
                // every other sort: the whole list in one page (each kind's range read whole, sorted in the database)
                // holds the same rows, and pages of two cut it in the same order (each kind read only to the page)
                for (String sort : List.of("-deadline", "-kind", "unit", "-unit", "case", "-case")) {
                    Paging all = new Paging(0, deadlines.maxItems(), sort);
                    List<String> sorted = (whole == overdue ? deadlines.overdue(at, unit, all)
                            : deadlines.due(at, at.plusDays(400), unit, all)).items().stream()
                            .map(i -> key(i.caseId(), i.kind(), i.deadline())).toList();
                    assertThat(sorted).as("at %s sort=%s", at, sort).containsExactlyInAnyOrderElementsOf(
                            whole.items().stream().map(i -> key(i.caseId(), i.kind(), i.deadline())).toList());
                    List<Deadlines.Item> pagedSorted = new ArrayList<>();
                    for (int p = 0; p * 2 < whole.total(); p++) {
                        Paging two = new Paging(p, 2, sort);
                        Deadlines.Items page = whole == overdue ? deadlines.overdue(at, unit, two)
                                : deadlines.due(at, at.plusDays(400), unit, two);
                        assertThat(page.total()).isEqualTo(whole.total());
                        pagedSorted.addAll(page.items());
                    }
                    assertThat(pagedSorted).extracting(i -> key(i.caseId(), i.kind(), i.deadline()))
                            .as("at %s sort=%s, two at a time", at, sort).containsExactlyElementsOf(sorted);
                    if (sort.equals("-deadline")) {
                        assertThat(pagedSorted).isSortedAccordingTo(java.util.Comparator.comparing(Deadlines.Item::deadline)
                                .reversed().thenComparingLong(Deadlines.Item::caseId).thenComparing(Deadlines.Item::kind));
                    }
                }
                sortsCompared++;
            }
        }
        System.out.printf("paging checked at %d of %d moments%n", moment, moments.size());
        assertThat(sortsCompared).as("moments whose lists were compared in every sort").isGreaterThan(5);
        assertThat(compared).isGreaterThan(100); // the moments do see deadlines, of every kind below
        TreeSet<String> kinds = new TreeSet<>();
        for (OffsetDateTime at : moments) reference(at).forEach(k -> kinds.add(k.split(" ")[1]));
        assertThat(kinds).containsExactlyInAnyOrder("ARRIVAL", "RESULT_FORM", "SATISFACTION_CALL",
                "CORRECTIVE_ACTION_OPEN", "CORRECTIVE_ACTION_VERIFY");
    }

    @Test
    @DisplayName("rebuild() gives every row back as the events say")
    void rebuild() throws Exception {
        long id = register(false);
        event(id, "{\"type\":\"ON_SITE_ARRIVAL\",\"occurredAt\":\"2022-09-06T15:00:00+08:00\",\"recordedBy\":\"qd\"}")
                .andExpect(status().isCreated());
        var before = state.stored(id);
        jdbc.sql("update case_followup set first_arrival_at = null where case_id = ?").param(id).update();
        assertThat(state.stored(id)).isNotEqualTo(before);
        assertThat(state.rebuild()).isPositive();
        assertThat(state.stored(id)).isEqualTo(before).isEqualTo(state.derived(id));
    }

    private static String key(long caseId, String kind, OffsetDateTime deadline) {
        return caseId + " " + kind + " " + deadline.toInstant();
    }

    /**
     * Every deadline of this test's cases as of {@code at}, by the statement over every case and event. Its text is
     * new at each call: H2 answered it again with the result of another moment (a nested view's result reused).
     */
    private TreeSet<String> reference(OffsetDateTime at) {
        TreeSet<String> keys = new TreeSet<>();
        jdbc.sql(REFERENCE.formatted(settings.resultFormDays(), settings.satisfactionCallDays(),
                        settings.correctiveActionOpenDays(), settings.correctiveActionDays(), EVALUATION_AS_OF)
                        + " select i.case_id, i.kind, i.deadline from items i join aftersales_case k on k.id = i.case_id"
                        + " where k.unit_code = :unit /* " + System.nanoTime() + " */")
                .param("at", at).param("unit", unit)
                .query((rs, n) -> keys.add(key(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class))))
                .list();
        return keys;
    }

    /**
     * The evaluation in effect at :at of case k as Deadlines.evaluationAsOf read it from the cases module's tables
     * before the follow-up kept its own read model of them: the reference reads those tables, not the read model.
     */
    static final String EVALUATION_AS_OF = """
            (select e.id from evaluation e where e.case_id = k.id
             and e.seq = (select max(x.seq) from evaluation x
                          where x.case_id = k.id
                            and (x.seq = 1 or coalesce((select f.occurred_at from case_event f
                                                        where f.evaluation_id = x.id), x.evaluated_at) <= :at)))""";

    /** The statement Deadlines used before case_followup (commit 9861704), reading every case's events. */
    static final String REFERENCE = """
            with open_case as (
                select k.id, k.received_at, %5$s as evaluation_id
                from aftersales_case k
                where k.received_at <= :at
                  and not exists (select 1 from case_event c where c.case_id = k.id
                                  and c.type in ('CASE_CLOSED', 'ARCHIVED') and c.occurred_at <= :at)
            ),
            first_event as (
                select case_id, type, min(occurred_at) as occurred_at, max(occurred_at) as last_at
                from case_event where occurred_at <= :at
                  and type in ('ON_SITE_ARRIVAL', 'RESULT_FORM_RECEIVED', 'SATISFACTION_CALL',
                               'CORRECTIVE_ACTION_OPENED', 'FINDINGS_RECORDED')
                group by case_id, type
            ),
            items as (
                select k.id as case_id, 'ARRIVAL' as kind, cast(d.decision_value as timestamp with time zone) as deadline
                from open_case k join decision d on d.evaluation_id = k.evaluation_id and d.type = 'RESPONSE_DEADLINE'
                where not exists (select 1 from first_event f where f.case_id = k.id and f.type = 'ON_SITE_ARRIVAL')
                union all
                select k.id, 'RESULT_FORM', a.occurred_at + interval '%1$d' day
                from open_case k join first_event a on a.case_id = k.id and a.type = 'ON_SITE_ARRIVAL'
                where not exists (select 1 from first_event f where f.case_id = k.id and f.type = 'RESULT_FORM_RECEIVED')
                union all
                select k.id, 'SATISFACTION_CALL',
                       case when h.decision_value = 'ON_SITE' then r.occurred_at else k.received_at end
                           + interval '%2$d' day
                from open_case k
                join decision s on s.evaluation_id = k.evaluation_id and s.type = 'SATISFACTION_CALL'
                left join decision h on h.evaluation_id = k.evaluation_id and h.type = 'HANDLING'
                left join first_event r on r.case_id = k.id and r.type = 'RESULT_FORM_RECEIVED'
                where (h.decision_value is null or h.decision_value <> 'ON_SITE' or r.occurred_at is not null)
                  and not exists (select 1 from first_event f where f.case_id = k.id and f.type = 'SATISFACTION_CALL')
                union all
                select k.id, 'CORRECTIVE_ACTION_OPEN', coalesce(g.last_at, k.received_at) + interval '%3$d' day
                from open_case k
                join decision n on n.evaluation_id = k.evaluation_id and n.type = 'FOUR_NO_LET_GO'
                left join first_event g on g.case_id = k.id and g.type = 'FINDINGS_RECORDED'
                where not exists (select 1 from first_event f where f.case_id = k.id and f.type = 'CORRECTIVE_ACTION_OPENED')
                union all
                select k.id, 'CORRECTIVE_ACTION_VERIFY', o.occurred_at + interval '%4$d' day
                from open_case k join case_event o on o.case_id = k.id and o.type = 'CORRECTIVE_ACTION_OPENED'
                where o.occurred_at <= :at
                  and not exists (select 1 from case_event v where v.case_id = k.id
                                  and v.type = 'CORRECTIVE_ACTION_VERIFIED' and v.seq > o.seq and v.occurred_at <= :at)
            )
            """;
}
