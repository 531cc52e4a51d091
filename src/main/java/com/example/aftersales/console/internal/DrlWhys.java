package com.example.aftersales.console.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.example.aftersales.console.internal.CaseWhy.Condition;
import com.example.aftersales.glossary.Glossary;
import com.example.aftersales.policy.facts.CaseFacts;
import com.example.aftersales.policy.facts.ClusterTrigger;
import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.text.Text;

/**
 * The why of each rule written in {@code rules/*.drl}, declared here and reviewed with the rule: the decision it makes
 * and the facts it tests, each as a typed check of the case's input against what the rule compares it with. The case
 * page sets them out as it does a decision table's row ("原因 产品质量问题 = 应为 产品质量问题", "受理日期 2026-03-01 ≤
 * 有效期至（含） 2027-12-01"); nothing is read from the DRL text at request time.
 *
 * <p>A rule whose decision takes its figure from a table row ({@code Decision.by}: warranty, response deadline,
 * approval, major incident, rectification by count) is {@code viaTable}: its decision's source is that row, and its
 * figures (months, hours, authority, threshold, the row's counts) are read from the row. {@code DrlWhysTest} fails
 * when a rule in {@code rules/*.drl} has no entry here, when an entry names no rule, and when a rule fired on a case
 * whose declared checks are not all met.
 */
final class DrlWhys {

    private DrlWhys() {
    }

    /**
     * What a rule's checks see: the case's facts, the evaluation's decisions, the figures the table row behind the
     * decision set (column name to cell value; empty when no row decided), and that row's own conditions.
     */
    record Inputs(CaseFacts facts, List<Decision> decisions, Map<String, Object> figures, List<Condition> rowConditions) {
    }

    /** One test of a rule, as people read it: the case's input against what the rule compares it with. */
    @FunctionalInterface
    interface Check {
        List<Condition> test(Inputs in);
    }

    /**
     * A DRL rule's declared why: the decision type it makes, the values it can make (empty: any, a time or an
     * authority), the table whose row gives its figure ({@code viaTable}, null for a rule deciding on its own), the row
     * cell that tells this rule's row from another's (e.g. the measure), and its checks in the rule's order.
     */
    record Entry(String rule, String type, Set<String> values, String viaTable, Map<String, String> rowMatch, List<Check> checks) {

        boolean makes(Decision d) {
            return type.equals(d.type()) && (values.isEmpty() || values.contains(d.value()));
        }
    }

    private static final String VALIDITY = "decision-tables/validity-period.xlsx";
    private static final String RESPONSE = "decision-tables/response-time.xlsx";
    private static final String APPROVAL = "decision-tables/approval-authority.xlsx";
    private static final String INCIDENT = "decision-tables/major-incident.xlsx";
    private static final String TRIGGERS = "decision-tables/rectification-triggers.xlsx";

    /** By rule name, in the order of the files. */
    static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        // rules/warranty.drl (P12)
        add(new Entry("有效期判定：在有效期内 / Warranty: within the validity period", "WARRANTY", Set.of("IN_VALIDITY"),
                VALIDITY, Map.of(), List.of(months(), validUntil())));
        add(new Entry("有效期判定：已超过有效期 / Warranty: validity period expired", "WARRANTY", Set.of("EXPIRED"),
                VALIDITY, Map.of(), List.of(months(), expiredAfter())));
        add(own("有效期判定：该产品类别未规定有效期 / Warranty: no validity period for the product category", "WARRANTY",
                Set.of("UNDETERMINED"), noMonths()));
        // rules/handling.drl (P7, P2, P8, P9)
        add(own("处理方式：电话或书面答复 / Handling: reply by phone or in writing", "HANDLING", Set.of("REMOTE_REPLY"),
                fact("remoteReplyPossible", "==", true)));
        add(own("处理方式：现场服务 / Handling: service on site", "HANDLING", Set.of("ON_SITE"),
                fact("remoteReplyPossible", "==", false)));
        add(new Entry("到场时限：服务人员按时到达现场 / Response deadline: staff on site in time", "RESPONSE_DEADLINE", Set.of(),
                RESPONSE, Map.of(), List.of(decided("HANDLING", "ON_SITE"), fact("sameProvince", "==", null), hours())));
        add(own("临时负责人：派出两名及以上服务人员 / Temporary lead: two or more staff dispatched", "TEMPORARY_LEAD",
                Set.of("REQUIRED"), fact("staffDispatched", ">=", 2)));
        add(own("同批次检查：现场已无问题产品 / Same-batch inspection: no problem product left on site", "SAME_BATCH_INSPECTION",
                Set.of("REQUIRED"), fact("problemProductOnSite", "==", false)));
        // rules/remedy.drl (P11, P13)
        add(own("赔偿：以产品补偿用户索赔的损失 / Compensation: in product for a claimed loss", "COMPENSATION", Set.of("IN_PRODUCT"),
                fact("cause", "==", "PRODUCT_DEFECT"), fact("directLossCny", ">", BigDecimal.ZERO),
                fact("compensationClaimed", "==", true), decided("WARRANTY", "IN_VALIDITY")));
        add(own("管制产品处置：退换的管制产品 / Regulated disposal: returned or replaced regulated product", "REGULATED_DISPOSAL",
                Set.of("REQUIRED"), fact("regulated", "==", true), decided("REMEDY", "RETURN_OR_REPLACE")));
        add(new Entry("审批：签订协议前由权限范围内领导审批 / Approval: a leader within his authority approves before signing",
                "APPROVAL", Set.of(), APPROVAL, Map.of(), List.of(returnOrCompensation(), authority())));
        add(own("用户培训：操作不当 / Customer training: improper operation", "CUSTOMER_TRAINING", Set.of("RECOMMENDED"),
                fact("cause", "==", "IMPROPER_OPERATION")));
        // rules/incidents.drl (P15)
        add(new Entry("较大以上质量事故：立即报告领导 / Major incident: report to the leaders at once", "MAJOR_INCIDENT",
                Set.of("REPORT_TO_LEADERS"), INCIDENT, Map.of(), List.of(lossAgainstThreshold())));
        // rules/rectification.drl (P20): the counts are the row's (see the table's row for the prior defects counted)
        add(new Entry("质量整改令：重复性问题 / Rectification order: recurring defect", "RECTIFICATION_ORDER", Set.of("RECURRING"),
                TRIGGERS, Map.of("measure", ClusterTrigger.SAME_PRODUCT_DEFECTS), List.of(rowConditions())));
        add(new Entry("质量整改令：系统性问题（多个批次） / Rectification order: systemic defect across batches", "RECTIFICATION_ORDER",
                Set.of("SYSTEMIC"), TRIGGERS, Map.of("measure", ClusterTrigger.DISTINCT_BATCHES), List.of(rowConditions())));
        add(new Entry("质量整改令：系统性问题（多个生产点） / Rectification order: systemic defect across production sites",
                "RECTIFICATION_ORDER", Set.of("SYSTEMIC"), TRIGGERS, Map.of("measure", ClusterTrigger.DISTINCT_SITES),
                List.of(rowConditions())));
        add(own("质量整改令：代表性问题 / Rectification order: representative problem", "RECTIFICATION_ORDER",
                Set.of("REPRESENTATIVE"), fact("cause", "==", "PRODUCT_DEFECT"), fact("representative", "==", true)));
        // rules/follow-up.drl (P20, P17, P18)
        add(own("质量问题通报：已确认的产品质量问题 / Notice circulation: confirmed product defect", "NOTICE_CIRCULATION",
                Set.of("REQUIRED"), fact("cause", "==", "PRODUCT_DEFECT")));
        add(own("四不放过：已确认的产品质量问题 / Four no-let-go: confirmed product defect", "FOUR_NO_LET_GO", Set.of("REQUIRED"),
                fact("cause", "==", "PRODUCT_DEFECT")));
        add(own("满意度回访：每个案件 / Satisfaction call: every case", "SATISFACTION_CALL", Set.of("REQUIRED"),
                in -> List.of(new Condition(Text.of("why.drl.everyCase"), true))));
    }

    private static void add(Entry entry) {
        if (ENTRIES.put(entry.rule(), entry) != null) {
            throw new IllegalStateException("two whys for " + entry.rule());
        }
    }

    private static Entry own(String rule, String type, Set<String> values, Check... checks) {
        return new Entry(rule, type, values, null, Map.of(), List.of(checks));
    }

    /**
     * A fact against a value: {@code ==} and {@code !=} as "应为 …", an order as it reads ("派出服务人员 3 ≥ 2"); a null
     * expected value states the input alone, always met (the table row tests it).
     */
    static Check fact(String field, String op, Object expected) {
        return in -> {
            Object input = CaseWhy.property(in.facts(), field);
            Text name = CaseWhy.field(field);
            if (expected == null) {
                return List.of(new Condition(CaseWhy.spaced(name, CaseWhy.value(field, input)), true));
            }
            boolean met = CaseWhy.compare(input, op, expected);
            String symbol = CaseWhy.symbol(met || input == null ? op : CaseWhy.negated(op));
            Text against = CaseWhy.value(field, expected);
            Text text = op.equals("==") || op.equals("!=")
                    ? CaseWhy.spaced(name, CaseWhy.value(field, input), symbol, Text.of("why.required"), against)
                    : CaseWhy.spaced(name, CaseWhy.value(field, input), symbol, against);
            return List.of(new Condition(text, met));
        };
    }

    /** An earlier decision of this evaluation: its value against the one the rule asks for. */
    static Check decided(String type, String value) {
        return in -> {
            String made = in.decisions().stream().filter(d -> type.equals(d.type())).map(Decision::value).findFirst().orElse(null);
            Text name = new Text(Glossary.decisionType(type, Locale.CHINESE), Glossary.decisionType(type, Locale.ENGLISH));
            boolean met = value.equals(made);
            Text input = made == null ? Text.of("why.drl.notDecided") : decisionValue(type, made);
            return List.of(new Condition(CaseWhy.spaced(name, input, met ? "=" : "≠", Text.of("why.required"),
                    decisionValue(type, value)), met));
        };
    }

    /** P11 approval: a return or replacement decided, or a compensation. */
    private static Check returnOrCompensation() {
        return in -> {
            boolean met = in.decisions().stream().anyMatch(d -> "REMEDY".equals(d.type()) && "RETURN_OR_REPLACE".equals(d.value())
                    || "COMPENSATION".equals(d.type()));
            String remedy = in.decisions().stream().filter(d -> "REMEDY".equals(d.type())).map(Decision::value).findFirst().orElse(null);
            Text made = remedy == null ? Text.of("why.drl.notDecided") : decisionValue("REMEDY", remedy);
            return List.of(new Condition(Text.of(met ? "why.drl.returnOrCompensation" : "why.drl.noReturnOrCompensation", made), met));
        };
    }

    /** The validity the table row set for the product category. */
    private static Check months() {
        return in -> {
            Object months = in.figures().get("months");
            Text category = CaseWhy.value("productCategory", in.facts().getProductCategory());
            return List.of(months == null
                    ? new Condition(Text.of("why.drl.noMonths", category), false)
                    : new Condition(Text.of("why.drl.months", category, months), true));
        };
    }

    /** No validity period set for the product category: the rule fires after the tables, when none was. */
    private static Check noMonths() {
        return in -> {
            Object months = in.figures().get("months");
            Text category = CaseWhy.value("productCategory", in.facts().getProductCategory());
            return List.of(months == null
                    ? new Condition(Text.of("why.drl.noMonths", category), true)
                    : new Condition(Text.of("why.drl.months", category, months), false));
        };
    }

    private static Check validUntil() {
        return in -> validity(in, false);
    }

    private static Check expiredAfter() {
        return in -> validity(in, true);
    }

    /**
     * rules/warranty.drl: the day the complaint was received against the last valid day (production date plus the
     * months), both as the rule compares them (the received day in the case's own offset).
     */
    private static List<Condition> validity(Inputs in, boolean expired) {
        Object months = in.figures().get("months");
        LocalDate produced = in.facts().getProductionDate();
        LocalDate received = in.facts().getReceivedDate();
        if (months == null || produced == null) {
            return List.of();
        }
        LocalDate last = produced.plusMonths(((Number) months).longValue());
        boolean after = received.isAfter(last);
        Text text = Text.of("why.drl.validity", received, after ? ">" : "≤", last, produced, months);
        return List.of(new Condition(text, after == expired));
    }

    private static Check hours() {
        return in -> {
            Object hours = in.figures().get("hours");
            return List.of(hours == null ? new Condition(Text.of("why.drl.noHours"), false)
                    : new Condition(Text.of("why.drl.hours", hours), true));
        };
    }

    private static Check authority() {
        return in -> {
            Object authority = in.figures().get("authority");
            Text value = CaseWhy.value("remedyValueCny", in.facts().getRemedyValueCny());
            if (authority == null) {
                return List.of(new Condition(Text.of("why.drl.noAuthority", value), false));
            }
            return List.of(new Condition(Text.of("why.drl.authority", value, decisionValue("APPROVAL", authority.toString())), true));
        };
    }

    /** rules/incidents.drl: the direct loss against the threshold the table row set. */
    private static Check lossAgainstThreshold() {
        return in -> {
            Object threshold = in.figures().get("lossCny");
            BigDecimal loss = in.facts().getDirectLossCny();
            if (threshold == null) {
                return List.of(new Condition(Text.of("why.drl.noThreshold"), false));
            }
            boolean met = CaseWhy.compare(loss, ">=", threshold);
            return List.of(new Condition(CaseWhy.spaced(CaseWhy.field("directLossCny"), CaseWhy.value("directLossCny", loss),
                    met || loss == null ? "≥" : "<", Text.of("why.cell.lossCny"), CaseWhy.money(new BigDecimal(threshold.toString()))), met));
        };
    }

    /** The table row's own conditions (cause, and the prior defects counted within its window against its least). */
    private static Check rowConditions() {
        return in -> in.rowConditions().isEmpty()
                ? List.of(new Condition(Text.of("why.drl.noRow"), false))
                : new ArrayList<>(in.rowConditions());
    }

    private static Text decisionValue(String type, String value) {
        return new Text(Glossary.decisionValue(type, value, Locale.CHINESE), Glossary.decisionValue(type, value, Locale.ENGLISH));
    }
}
