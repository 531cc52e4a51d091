package com.example.aftersales.policy.facts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;
import org.springframework.context.i18n.LocaleContextHolder;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One decision of the policy, inserted by a rule as a new fact. {@code rule} is the rule or decision-table
 * row that made it; its {@code source} (file and line, or workbook, sheet and row) is filled in by the engine.
 * Its reason is given in Chinese and English by whoever owns the rule (the rule author in DRL, the quality manager in
 * a table's reason columns) and recorded in both, exactly as given.
 * <p>The order of the properties is fixed: the order of the reason accessors is the JVM's order of declared methods,
 * which is unspecified, and made the OpenAPI document differ from one test run to the next.
 */
@JsonPropertyOrder({"type", "value", "clause", "rule", "source", "reason", "reasons"})
public record Decision(String type, String value, String clause, String rule, String source,
                       @JsonIgnore String reasonZh, @JsonIgnore String reasonEn) {

    /** A decision made by the firing rule itself, with its reason in both languages; the clause from its metadata. */
    public static Decision of(RuleContext kcontext, String type, String value, String reasonZh, String reasonEn) {
        Rule rule = kcontext.getRule();
        return new Decision(type, value, metadata(rule, "clause"), rule.getName(), null, reasonZh, reasonEn);
    }

    /**
     * A decision whose reason is one text for both languages (a rule author's DRL written before reasons were
     * bilingual); prefer {@link #of(RuleContext, String, String, String, String)}.
     */
    public static Decision of(RuleContext kcontext, String type, String value, String reason) {
        return of(kcontext, type, value, reason, reason);
    }

    /** A decision made by a decision-table row's rule: the row gives clause and reasons. */
    public static Decision of(RuleContext kcontext, String type, String value) {
        return of(kcontext, type, value, null, null);
    }

    /** A decision whose value comes from a figure a decision-table row set: that row is what made it. */
    public static Decision by(Term term, String type, String value, String reasonZh, String reasonEn) {
        return new Decision(type, value, term.getClause(), term.getRule(), null, reasonZh, reasonEn);
    }

    /** The reason in the language of the request being answered (Chinese unless English is asked for). */
    @JsonProperty("reason")
    public String reason() {
        return reasonIn(LocaleContextHolder.getLocale());
    }

    /**
     * The reason in a language: English for English, Chinese for anything else; the other language when the rule gave
     * only one (decisions recorded before reasons were bilingual have English only).
     */
    public String reasonIn(Locale locale) {
        boolean english = locale != null && "en".equals(locale.getLanguage());
        String asked = english ? reasonEn : reasonZh;
        return asked != null ? asked : english ? reasonZh : reasonEn;
    }

    /** The reason in both languages, as recorded. */
    @JsonProperty("reasons")
    public Map<String, String> reasons() {
        Map<String, String> both = new LinkedHashMap<>();
        both.put("zh", reasonZh);
        both.put("en", reasonEn);
        return both;
    }

    static String metadata(Rule rule, String key) {
        Object value = rule.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
