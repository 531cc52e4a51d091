package com.example.aftersales.replay;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** How two runs' business figures differ: what the second changes beyond (or short of) what the first changes. */
public final class ImpactComparison {

    private ImpactComparison() {
    }

    /**
     * Per figure, the second run's change (after − before) minus the first run's; positive: the second changes more.
     * Empty (no figure) when either run was recorded before money was counted.
     */
    @Schema(name = "ReplayDifference", description = "Per figure, run b's change (after − before) minus run a's; "
            + "empty when either run was recorded before money was counted")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Difference(Long changed, Long majorIncidents, BigDecimal majorLossCny, Long compensations,
                      BigDecimal compensationCny, Long approvals, BigDecimal approvalValueCny) {

        static final Difference NONE = new Difference(null, null, null, null, null, null, null);
    }

    public static Difference difference(ReplaySummary.View a, ReplaySummary.View b) {
        if (a == null || b == null || a.business() == null || b.business() == null) {
            return Difference.NONE;
        }
        ImpactFigures.Figures ab = a.business().before(), aa = a.business().after();
        ImpactFigures.Figures bb = b.business().before(), ba = b.business().after();
        return new Difference(b.changed() - a.changed(),
                (ba.majorIncidents() - bb.majorIncidents()) - (aa.majorIncidents() - ab.majorIncidents()),
                change(bb.majorLossCny(), ba.majorLossCny()).subtract(change(ab.majorLossCny(), aa.majorLossCny())),
                (ba.compensations() - bb.compensations()) - (aa.compensations() - ab.compensations()),
                change(bb.compensationCny(), ba.compensationCny()).subtract(change(ab.compensationCny(), aa.compensationCny())),
                (ba.approvals() - bb.approvals()) - (aa.approvals() - ab.approvals()),
                change(bb.approvalValueCny(), ba.approvalValueCny()).subtract(change(ab.approvalValueCny(), aa.approvalValueCny())));
    }

    private static BigDecimal change(BigDecimal before, BigDecimal after) {
        return after.subtract(before);
    }
}
