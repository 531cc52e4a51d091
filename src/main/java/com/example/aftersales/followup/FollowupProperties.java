package com.example.aftersales.followup;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Follow-up deadlines the policy gives no figure for (POLICY.md "Numbers the original does not give"), and the zone
 * that decides which month a case belongs to.
 *
 * @param zone                      months of the monthly summary (P19) begin at midnight in this zone
 * @param resultFormDays            the signed result form is due this many days after the first arrival on site
 *                                  (P16; POLICY.md's default, 3)
 * @param satisfactionCallDays      the satisfaction call (P18) is due this many days after the result form (on-site
 *                                  cases) or after the case was received (cases answered by phone or in writing)
 * @param correctiveActionOpenDays  a corrective action (P17) is due to be opened this many days after the findings
 *                                  that confirmed the defect (the case's receipt when the findings came with it)
 * @param correctiveActionDays      an opened corrective action is due to be verified within this many days
 * @param maxItems                  the largest page of the due, overdue, orders and notices lists (API {@code size});
 *                                  also the page of a request that names no size. Counts are of the whole list
 */
@ConfigurationProperties("aftersales.followup")
public record FollowupProperties(@DefaultValue("Asia/Shanghai") ZoneId zone,
                          @DefaultValue("3") int resultFormDays,
                          @DefaultValue("7") int satisfactionCallDays,
                          @DefaultValue("15") int correctiveActionOpenDays,
                          @DefaultValue("30") int correctiveActionDays,
                          @DefaultValue("1000") int maxItems) {

    public FollowupProperties {
        for (int days : new int[] {resultFormDays, satisfactionCallDays, correctiveActionOpenDays, correctiveActionDays}) {
            if (days < 0) throw new IllegalArgumentException("aftersales.followup deadlines must be 0 days or more");
        }
        if (maxItems < 1) throw new IllegalArgumentException("aftersales.followup.max-items must be at least 1");
    }
}
