package com.example.aftersales.followup;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * The monthly summary of quality feedback handling (P19) for the cases received in one month (midnight to midnight
 * in {@code zone}), as they stand at {@code at}.
 *
 * @param byProduct  cases per product code; likewise per problem category, responsible unit and customer province
 * @param decisions  the latest evaluations' decisions, per type and value ({@code RESPONSE_DEADLINE} left out: its
 *                   value is a time)
 * @param remedies   the {@code REMEDY} decisions per value (also in {@code decisions})
 */
public record MonthlySummary(YearMonth month, ZoneId zone, OffsetDateTime from, OffsetDateTime to,
                             OffsetDateTime at, long cases, List<Count> byProduct, List<Count> byProblem,
                             List<Count> byUnit, List<Count> byProvince, List<DecisionCount> decisions,
                             List<Count> remedies, ResponseSla responseSla, Satisfaction satisfaction,
                             MajorIncidents majorIncidents, Orders rectificationOrders, long noticesRequired,
                             long casesClosed, ResultForms resultForms) {

    public record Count(String key, long cases) {
    }

    public record DecisionCount(String type, String value, long cases) {
    }

    /**
     * P2 for cases handled on site: {@code kept} — first arrival by the response deadline; {@code missed} — arrived
     * after it, or not arrived and the deadline passed by {@code at}; {@code pending} — not arrived, deadline to come.
     */
    public record ResponseSla(long onSite, long kept, long missed, long missedNotArrived, long pending) {
    }

    /** P18: cases whose latest call found the customer satisfied or not, and cases still without a call. */
    public record Satisfaction(long required, long called, long satisfied, long notSatisfied, long notCalled) {
    }

    public record MajorIncidents(long count, List<Long> caseIds) {
    }

    /** Orders opened (decided), issued and closed during the month, in the summary's zone. */
    public record Orders(long opened, long issued, long closed, List<Long> issuedOrderIds) {
    }

    /**
     * P14, P16, P21: cases with a result form received ({@code RESULT_FORM_RECEIVED}), those whose result form event has
     * its scan attached (evidence on that event, not removed) and those still missing one.
     */
    public record ResultForms(long received, long withScan, long missingScan) {
    }
}
