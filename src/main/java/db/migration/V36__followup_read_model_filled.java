package db.migration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.followup.Obligations;

/**
 * Fills the follow-up's read model (V35) from what was recorded before it: the cases, evaluations and their decisions
 * (the cases module's tables) and the files attached to case events (the evidence module's). From then on the follow-up's
 * listener keeps it, and the evidence module tells it of every file attached or removed. Then the obligations, should
 * V17 not have filled them (it now leaves that to here, as they are computed from this read model).
 *
 * <p>{@link #fill} takes in only what is not there yet, so that tests that write cases straight in SQL call it too.
 */
public class V36__followup_read_model_filled extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
        fill(jdbc);
        Long obligations = jdbc.queryForObject("select count(*) from case_obligation", Long.class);
        if (obligations != null && obligations == 0) {
            Obligations.fill(jdbc);
        }
    }

    /** Adds the rows of the cases, evaluations and event files the read model does not hold yet. */
    public static void fill(JdbcTemplate jdbc) {
        jdbc.update("""
                insert into followup_case (case_id, external_ref, received_at, product_code, product_category,
                    problem_category, batch_number, production_site, customer_province, unit_code)
                select k.id, k.external_ref, k.received_at, k.product_code, k.product_category, k.problem_category,
                       k.batch_number, k.production_site, k.customer_province, k.unit_code
                from aftersales_case k
                where not exists (select 1 from followup_case f where f.case_id = k.id)""");
        List<Long> fresh = jdbc.queryForList("""
                select e.id from evaluation e
                where not exists (select 1 from followup_evaluation f where f.evaluation_id = e.id) order by e.id""",
                Long.class);
        jdbc.update("""
                insert into followup_evaluation (evaluation_id, case_id, seq, evaluated_at, decisions)
                select e.id, e.case_id, e.seq, e.evaluated_at, ''
                from evaluation e
                where not exists (select 1 from followup_evaluation f where f.evaluation_id = e.id)""");
        decisionsAndAmounts(jdbc, fresh);
        jdbc.update("""
                insert into case_event_file (evidence_id, event_id, attached_at, removed_at)
                select v.id, v.event_id, v.attached_at,
                       (select r.occurred_at from evidence_event r where r.evidence_id = v.id and r.type = 'REMOVED')
                from evidence v
                where v.event_id is not null and not exists (select 1 from case_event_file f where f.evidence_id = v.id)""");
    }

    /**
     * The decisions of these evaluations (TYPE=VALUE in the order the rules gave them, joined by '|'; the reason of the
     * first NOTICE_CIRCULATION) and the amounts of their findings, read from the facts they saw, 500 at a time.
     */
    private static void decisionsAndAmounts(JdbcTemplate jdbc, List<Long> evaluationIds) {
        JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        for (int from = 0; from < evaluationIds.size(); from += 500) {
            List<Long> ids = evaluationIds.subList(from, Math.min(from + 500, evaluationIds.size()));
            String in = String.join(",", ids.stream().map(String::valueOf).toList());
            Map<Long, StringBuilder> decisions = new HashMap<>();
            Map<Long, String> notices = new HashMap<>();
            jdbc.query("select evaluation_id, type, decision_value, reason from decision where evaluation_id in (" + in
                    + ") order by evaluation_id, position", rs -> {
                long id = rs.getLong(1);
                StringBuilder summary = decisions.computeIfAbsent(id, k -> new StringBuilder());
                if (!summary.isEmpty()) summary.append('|');
                summary.append(rs.getString(2)).append('=').append(rs.getString(3));
                if ("NOTICE_CIRCULATION".equals(rs.getString(2))) notices.putIfAbsent(id, rs.getString(4));
            });
            List<Object[]> updates = new ArrayList<>();
            jdbc.query("select id, cause, facts_json from evaluation where id in (" + in + ")", rs -> {
                long id = rs.getLong(1);
                BigDecimal loss = null, remedy = null;
                if (rs.getString(2) != null) { // findings
                    JsonNode findings = json.readTree(rs.getString(3)).path("findings");
                    loss = amount(findings.path("directLossCny"));
                    remedy = amount(findings.path("remedyValueCny"));
                }
                StringBuilder summary = decisions.get(id);
                updates.add(new Object[] {summary == null ? "" : summary.toString(), notices.get(id), loss, remedy, id});
            });
            jdbc.batchUpdate("""
                    update followup_evaluation set decisions = ?, notice_reason = ?, direct_loss_cny = ?, remedy_value_cny = ?
                    where evaluation_id = ?""", updates);
        }
    }

    private static BigDecimal amount(JsonNode node) {
        return node.isNumber() ? node.decimalValue() : null;
    }
}
