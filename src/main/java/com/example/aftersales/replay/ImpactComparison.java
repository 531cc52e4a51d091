package com.example.aftersales.replay;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** How two runs' business figures differ: what the second changes beyond (or short of) what the first changes. */
final class ImpactComparison {

    private ImpactComparison() {
    }

    /**
     * Per figure, the second run's change (after − before) minus the first run's; empty when either run was recorded
     * before money was counted.
     */
    static Map<String, Object> difference(ReplaySummary.View a, ReplaySummary.View b) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (a == null || b == null || a.business() == null || b.business() == null) {
            return d;
        }
        ImpactFigures.Figures ab = a.business().before(), aa = a.business().after();
        ImpactFigures.Figures bb = b.business().before(), ba = b.business().after();
        d.put("changed", b.changed() - a.changed());
        d.put("majorIncidents", (ba.majorIncidents() - bb.majorIncidents()) - (aa.majorIncidents() - ab.majorIncidents()));
        d.put("majorLossCny", change(bb.majorLossCny(), ba.majorLossCny()).subtract(change(ab.majorLossCny(), aa.majorLossCny())));
        d.put("compensations", (ba.compensations() - bb.compensations()) - (aa.compensations() - ab.compensations()));
        d.put("compensationCny", change(bb.compensationCny(), ba.compensationCny())
                .subtract(change(ab.compensationCny(), aa.compensationCny())));
        d.put("approvals", (ba.approvals() - bb.approvals()) - (aa.approvals() - ab.approvals()));
        d.put("approvalValueCny", change(bb.approvalValueCny(), ba.approvalValueCny())
                .subtract(change(ab.approvalValueCny(), aa.approvalValueCny())));
        return d;
    }

    private static BigDecimal change(BigDecimal before, BigDecimal after) {
        return after.subtract(before);
    }
}
