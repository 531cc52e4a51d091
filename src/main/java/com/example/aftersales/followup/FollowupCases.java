package com.example.aftersales.followup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.EvaluationsRecorded;
import com.example.aftersales.policy.facts.Decision;

/**
 * The follow-up's own read model of the recorded cases (migration V35): of each case what the lists, orders, notices
 * and monthly summary show of it ({@code followup_case}); of each evaluation its place, when it was recorded, its
 * decisions, its notice's reason and its findings' amounts ({@code followup_evaluation}). Written from
 * {@link EvaluationsRecorded} in the transaction that records the evaluations, so that it is never behind the cases
 * module's tables, which the follow-up no longer reads; then the obligations and notices that follow from them are
 * kept ({@link Obligations}, {@link Notices}), in that order, as they read this model. A recording writes one row per
 * new case and one per evaluation, each table in one statement (a JDBC batch for a chunk of history).
 */
@Component
public class FollowupCases {

    private final JdbcTemplate jdbc;
    private final Obligations obligations;
    private final Notices notices;

    FollowupCases(JdbcTemplate jdbc, Obligations obligations, Notices notices) {
        this.jdbc = jdbc;
        this.obligations = obligations;
        this.notices = notices;
    }

    /** Cases and evaluations just written, in the writer's transaction. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void recorded(EvaluationsRecorded recorded) {
        List<Object[]> cases = new ArrayList<>();
        List<Object[]> evaluations = new ArrayList<>(recorded.evaluations().size());
        for (EvaluationsRecorded.Recorded r : recorded.evaluations()) {
            CaseData c = r.facts();
            if (r.seq() == 1) {
                cases.add(new Object[] {r.caseId(), c.externalRef(), c.receivedAt(), c.product().code(),
                        c.product().category(), c.problem().category(), c.batchNumber(), c.productionSite(),
                        c.customer().province(), c.responsibleUnit().code()});
            }
            String noticeReason = null;
            for (Decision d : r.evaluation().decisions()) {
                if ("NOTICE_CIRCULATION".equals(d.type())) {
                    noticeReason = d.reasonIn(Locale.ENGLISH);
                    break;
                }
            }
            CaseData.Findings f = c.findings();
            evaluations.add(new Object[] {r.evaluationId(), r.caseId(), r.seq(), r.evaluatedAt(),
                    r.evaluation().decisionSummary(), noticeReason, f == null ? null : f.directLossCny(),
                    f == null ? null : f.remedyValueCny()});
        }
        if (!cases.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into followup_case (case_id, external_ref, received_at, product_code, product_category,
                        problem_category, batch_number, production_site, customer_province, unit_code)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", cases);
        }
        jdbc.batchUpdate("""
                insert into followup_evaluation (evaluation_id, case_id, seq, evaluated_at, decisions, notice_reason,
                    direct_loss_cny, remedy_value_cny)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", evaluations);
        obligations.recorded(recorded);
        notices.recorded(recorded);
    }

    /**
     * The decisions of {@code followup_evaluation.decisions} (TYPE=VALUE joined by '|', in the order the rules gave
     * them), by type, each type's values in that order.
     */
    static Map<String, List<String>> decisions(String summary) {
        Map<String, List<String>> decisions = new LinkedHashMap<>();
        if (summary == null || summary.isEmpty()) {
            return decisions;
        }
        for (String decision : summary.split("\\|")) {
            int eq = decision.indexOf('=');
            decisions.computeIfAbsent(decision.substring(0, eq), t -> new ArrayList<>()).add(decision.substring(eq + 1));
        }
        return decisions;
    }

    /** SQL: whether the evaluation {@code e} (a {@code followup_evaluation}) decides {@code type} (a code). */
    static String decides(String e, String type) {
        return "'|' || " + e + ".decisions like '%|" + type + "=%'";
    }
}
