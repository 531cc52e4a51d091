package com.example.aftersales.followup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * and monthly summary show of it ({@code followup_case}), of each evaluation its place and when it was recorded
 * ({@code followup_evaluation}) and its decisions ({@code followup_decision}). Written from
 * {@link EvaluationsRecorded} in the transaction that records the evaluations, so that it is never behind the cases
 * module's tables, which the follow-up no longer reads; then the obligations and notices that follow from them are
 * kept ({@link Obligations}, {@link Notices}), in that order, as they read this model. A recording writes one row
 * per new case, one per evaluation and one per decision, each table in one JDBC batch.
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
        List<Object[]> decisions = new ArrayList<>(recorded.evaluations().size() * 12);
        for (EvaluationsRecorded.Recorded r : recorded.evaluations()) {
            CaseData c = r.facts();
            if (r.seq() == 1) {
                cases.add(new Object[] {r.caseId(), c.externalRef(), c.receivedAt(), c.product().code(),
                        c.product().category(), c.problem().category(), c.batchNumber(), c.productionSite(),
                        c.customer().province(), c.responsibleUnit().code()});
            }
            CaseData.Findings f = c.findings();
            evaluations.add(new Object[] {r.evaluationId(), r.caseId(), r.seq(), r.evaluatedAt(),
                    f == null ? null : f.directLossCny(), f == null ? null : f.remedyValueCny()});
            List<Decision> list = r.evaluation().decisions();
            for (int position = 0; position < list.size(); position++) {
                Decision d = list.get(position);
                decisions.add(new Object[] {r.evaluationId(), position, d.type(), d.value(),
                        "NOTICE_CIRCULATION".equals(d.type()) ? d.reasonIn(Locale.ENGLISH) : null});
            }
        }
        if (!cases.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into followup_case (case_id, external_ref, received_at, product_code, product_category,
                        problem_category, batch_number, production_site, customer_province, unit_code)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", cases);
        }
        jdbc.batchUpdate("""
                insert into followup_evaluation (evaluation_id, case_id, seq, evaluated_at, direct_loss_cny, remedy_value_cny)
                values (?, ?, ?, ?, ?, ?)""", evaluations);
        if (!decisions.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into followup_decision (evaluation_id, position, type, decision_value, reason)
                    values (?, ?, ?, ?, ?)""", decisions);
        }
        obligations.recorded(recorded);
        notices.recorded(recorded);
    }
}
