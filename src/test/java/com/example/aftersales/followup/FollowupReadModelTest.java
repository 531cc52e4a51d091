package com.example.aftersales.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.BothDatabases;
import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.HistoryRecorder;
import com.example.aftersales.evidence.Evidence;
import com.example.aftersales.evidence.EvidenceService;

/**
 * The follow-up's read model ({@link FollowupCases}, {@link CaseEventFiles}) against the tables it stands for — the
 * cases module's cases, evaluations and decisions, the evidence module's files and removals — on a real database (H2
 * and PostgreSQL, {@link BothDatabases}), after a random history: cases registered one by one and in bulk (a recorded
 * history), findings recorded by events and appended without one, the other events, result form scans attached to
 * events and some removed. Every row must agree; then the migration's filling ({@code V36}) of an emptied model gives
 * the same rows back.
 */
@BothDatabases
@WithMockUser(username = "li.wei", roles = "ADMIN")
@SpringBootTest(properties = "aftersales.test.database=readmodel")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class FollowupReadModelTest extends FollowupTestSupport {

    private static final String[] CAUSES = {"PRODUCT_DEFECT", "IMPROPER_OPERATION", "UNDETERMINED"};
    private static final String[] EVENTS = {"ON_SITE_ARRIVAL", "RESULT_FORM_RECEIVED", "SATISFACTION_CALL",
            "CORRECTIVE_ACTION_OPENED", "CORRECTIVE_ACTION_VERIFIED", "NOTICE_CIRCULATED", "CASE_CLOSED", "ARCHIVED"};

    @Autowired
    HistoryRecorder recorder;
    @Autowired
    EvidenceService evidence;
    @Autowired
    JdbcTemplate template;

    @Test
    @DisplayName("After a random history the read model holds exactly what the cases' and the case file's tables say, and V36 fills it the same")
    void readModelAgreesWithTheCasesTables() throws Exception {
        Random random = new Random(20261130);
        OffsetDateTime start = OffsetDateTime.parse("2022-08-01T08:00:00+08:00");
        List<Long> cases = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            cases.add(register(start.plusHours(random.nextInt(24 * 60)).toString(), random.nextInt(3)));
        }
        // a recorded history in chunks (several evaluations in one EvaluationsRecorded), a product defect cluster
        List<CaseData> history = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            history.add(json.treeToValue(findings(caseJson(start.plusDays(70).plusHours(3L * i).toString()), random),
                    CaseData.class));
        }
        assertThat(recorder.record(history.stream(), 7).recorded()).isEqualTo(25);

        byte[] scan = png();
        int files = 0, removed = 0;
        for (int step = 0; step < 90; step++) {
            long caseId = cases.get(random.nextInt(cases.size()));
            OffsetDateTime received = jdbc.sql("select received_at from followup_case where case_id = ?").param(caseId)
                    .query(OffsetDateTime.class).single();
            OffsetDateTime at = received.plusHours(1 + random.nextInt(24 * 40));
            int what = random.nextInt(10);
            if (what < 2) {
                ObjectNode body = json.createObjectNode().put("type", "FINDINGS_RECORDED").put("occurredAt", at.toString())
                        .put("recordedBy", "qd");
                body.set("findings", findings(json.createObjectNode(), random).get("findings"));
                event(caseId, body.toString());
            } else if (what == 2) {
                ObjectNode body = json.createObjectNode();
                body.set("findings", findings(json.createObjectNode(), random).get("findings"));
                mvc.perform(post("/api/cases/" + caseId + "/evaluations").contentType(MediaType.APPLICATION_JSON)
                        .content(body.toString()));
            } else {
                String type = EVENTS[random.nextInt(EVENTS.length)];
                ObjectNode body = json.createObjectNode().put("type", type).put("occurredAt", at.toString())
                        .put("recordedBy", "qd");
                if (type.equals("RESULT_FORM_RECEIVED")) body.put("customerSigned", random.nextBoolean());
                if (type.equals("SATISFACTION_CALL")) body.put("satisfied", random.nextBoolean());
                String answer = event(caseId, body.toString()).andReturn().getResponse().getContentAsString();
                JsonNode recorded = json.readTree(answer);
                if (type.equals("RESULT_FORM_RECEIVED") && recorded.has("id") && random.nextInt(4) > 0) {
                    Evidence file = evidence.attach(caseId, recorded.get("id").asLong(), "signed result form", "form.png",
                            new ByteArrayInputStream(scan), "qd");
                    files++;
                    if (random.nextBoolean()) {
                        evidence.remove(caseId, file.id(), "the wrong form", "qm");
                        removed++;
                    }
                }
            }
        }
        // the history did reach what the read model is for
        assertThat(jdbc.sql("select count(*) from evaluation where seq > 1").query(Long.class).single()).isGreaterThan(5);
        assertThat(jdbc.sql("select count(*) from case_event where evaluation_id is not null").query(Long.class).single())
                .isPositive();
        assertThat(files).isPositive();
        assertThat(removed).isPositive();
        assertThat(jdbc.sql("select count(*) from followup_evaluation where direct_loss_cny is not null").query(Long.class)
                .single()).isGreaterThan(20);

        Map<String, List<List<String>>> model = model();
        assertThat(model.get("cases")).hasSize(39);
        assertThat(model).isEqualTo(expected());
        // and the comparison sees a single value that differs
        assertThat(jdbc.sql("update followup_evaluation set evaluated_at = evaluated_at + interval '1' second where evaluation_id = "
                + "(select max(evaluation_id) from followup_evaluation)").update()).isOne();
        assertThat(model()).isNotEqualTo(expected());

        // the migration fills an emptied model the same (as it did for the histories recorded before it)
        for (String table : List.of("case_event_file", "followup_evaluation", "followup_case")) {
            jdbc.sql("delete from " + table).update();
        }
        db.migration.V36__followup_read_model_filled.fill(template);
        assertThat(model()).isEqualTo(model);
    }

    /** The follow-up's read model, every row of every table, in a fixed order. */
    private Map<String, List<List<String>>> model() {
        return Map.of(
                "cases", rows("""
                        select case_id, external_ref, received_at, product_code, product_category, problem_category,
                               batch_number, production_site, customer_province, unit_code
                        from followup_case order by case_id"""),
                "evaluations", rows("""
                        select evaluation_id, case_id, seq, evaluated_at, direct_loss_cny, remedy_value_cny, decisions,
                               notice_reason
                        from followup_evaluation order by evaluation_id"""),
                "files", rows("select evidence_id, event_id, attached_at, removed_at from case_event_file order by evidence_id"));
    }

    /** The same, read from the tables of the cases module and of the case file (the amounts from the facts the rules saw). */
    private Map<String, List<List<String>>> expected() {
        Map<String, List<String>> decisions = new java.util.HashMap<>();
        jdbc.sql("select evaluation_id, type, decision_value, reason from decision order by evaluation_id, position")
                .query(rs -> {
                    List<String> d = decisions.computeIfAbsent(text(rs.getObject(1)), k -> new ArrayList<>(List.of("", "null")));
                    d.set(0, d.get(0) + (d.get(0).isEmpty() ? "" : "|") + rs.getString(2) + "=" + rs.getString(3));
                    if (rs.getString(2).equals("NOTICE_CIRCULATION") && d.get(1).equals("null")) d.set(1, rs.getString(4));
                });
        List<List<String>> evaluations = new ArrayList<>();
        jdbc.sql("select id, case_id, seq, evaluated_at, facts_json from evaluation order by id").query(rs -> {
            JsonNode findings = json.readTree(rs.getString(5)).path("findings");
            List<String> row = new ArrayList<>(List.of(text(rs.getObject(1)), text(rs.getObject(2)), text(rs.getObject(3)),
                    text(rs.getObject(4)), amount(findings.path("directLossCny")), amount(findings.path("remedyValueCny"))));
            row.addAll(decisions.getOrDefault(text(rs.getObject(1)), List.of("", "null")));
            evaluations.add(row);
        });
        return Map.of(
                "cases", rows("""
                        select id, external_ref, received_at, product_code, product_category, problem_category,
                               batch_number, production_site, customer_province, unit_code
                        from aftersales_case order by id"""),
                "evaluations", evaluations,
                "files", rows("""
                        select v.id, v.event_id, v.attached_at,
                               (select r.occurred_at from evidence_event r where r.evidence_id = v.id and r.type = 'REMOVED')
                        from evidence v where v.event_id is not null order by v.id"""));
    }

    private List<List<String>> rows(String sql) {
        return jdbc.sql(sql).query((rs, n) -> {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.add(text(rs.getObject(i)));
            return row;
        }).list();
    }

    /** Values as text that compares alike on H2 and PostgreSQL: times as instants, amounts without trailing zeros. */
    private static String text(Object value) {
        if (value == null) return "null";
        if (value instanceof OffsetDateTime t) return t.toInstant().toString();
        if (value instanceof java.sql.Timestamp t) return t.toInstant().toString();
        if (value instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString();
        if (value instanceof Number n) return Long.toString(n.longValue());
        return value.toString();
    }

    private static String amount(JsonNode node) {
        return node.isNumber() ? node.decimalValue().stripTrailingZeros().toPlainString() : "null";
    }

    /** The example case received then, by this test's unit (findings left as they are). */
    private ObjectNode caseJson(String receivedAt) throws Exception {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "RM-" + java.util.UUID.randomUUID());
        data.put("receivedAt", receivedAt);
        data.put("productionDate", OffsetDateTime.parse(receivedAt).toLocalDate().minusMonths(1).toString());
        ((ObjectNode) data.get("responsibleUnit")).put("code", unit);
        return data;
    }

    /** Random findings, with amounts in cents, set on {@code data}. */
    private ObjectNode findings(ObjectNode data, Random random) {
        ObjectNode f = json.createObjectNode().put("cause", CAUSES[random.nextInt(CAUSES.length)])
                .put("repairable", random.nextBoolean()).put("problemProductOnSite", random.nextBoolean())
                .put("compensationClaimed", random.nextBoolean()).put("staffDispatched", random.nextInt(4))
                .put("representative", random.nextInt(5) == 0);
        if (random.nextInt(6) > 0) f.put("directLossCny", BigDecimal.valueOf(random.nextInt(5_000_000), 2));
        if (random.nextInt(6) > 0) f.put("remedyValueCny", BigDecimal.valueOf(random.nextInt(1_000_000), 2));
        data.set("findings", f);
        return data;
    }

    private static byte[] png() throws Exception {
        var image = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x123456);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
