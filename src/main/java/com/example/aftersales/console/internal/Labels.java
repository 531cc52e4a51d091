package com.example.aftersales.console.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.example.aftersales.glossary.Glossary;

/**
 * The glossary's labels in the request's language, for the pages ({@code ${labels.type(d.type)}}); a decision whose
 * value is a moment (a response deadline) as a time in the console's zone, never as ISO text.
 */
public record Labels(Locale locale, java.time.ZoneId zone) {

    private static final java.time.format.DateTimeFormatter MINUTES = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** In China time. */
    public Labels(Locale locale) {
        this(locale, java.time.ZoneId.of("Asia/Shanghai"));
    }

    /** Whether a decision's value is a moment (ISO 8601 with its offset), shown as a time rather than as a code. */
    public boolean moment(String value) {
        return instant(value) != null;
    }

    private static java.time.Instant instant(String value) {
        if (value == null || value.length() < 16 || value.charAt(10) != 'T') {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    public String of(String codeSet, String code) {
        return Glossary.label(codeSet, code, locale);
    }

    public String type(String type) {
        return Glossary.decisionType(type, locale);
    }

    /** A decision's value; several (a replay's {@code RECURRING,SYSTEMIC}) each by name. */
    public String value(String type, String value) {
        java.time.Instant at = instant(value);
        if (at != null) {
            return MINUTES.format(at.atZone(zone));
        }
        if (value == null || value.isEmpty() || !value.contains(",")) {
            return Glossary.decisionValue(type, value, locale);
        }
        return Arrays.stream(value.split(",")).map(v -> Glossary.decisionValue(type, v, locale))
                .collect(Collectors.joining(Glossary.chinese(locale) ? "、" : ", "));
    }

    public String problem(String code) {
        return of(Glossary.PROBLEM_CATEGORIES, code);
    }

    public String category(String code) {
        return of(Glossary.PRODUCT_CATEGORIES, code);
    }

    public String unit(String code) {
        return of(Glossary.UNITS, code);
    }

    public String province(String name) {
        return of(Glossary.PROVINCES, name);
    }

    /** A recorded decision summary ({@code TYPE=VALUE|…}) by name: one entry per decision, label and code. */
    public List<Entry> summary(String decisionSummary) {
        if (decisionSummary == null || decisionSummary.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(decisionSummary.split("\\|")).map(d -> {
            int eq = d.indexOf('=');
            String type = eq < 0 ? d : d.substring(0, eq);
            String value = eq < 0 ? "" : d.substring(eq + 1);
            return new Entry(type(type) + (value.isEmpty() ? "" : (Glossary.chinese(locale) ? "：" : ": ") + value(type, value)), d);
        }).toList();
    }

    /** Every code of a set with its label, for a chart's script. */
    public Map<String, String> all(String codeSet) {
        Map<String, String> labels = new LinkedHashMap<>();
        Glossary.codeSet(codeSet).ifPresent(s -> s.codes().forEach(c -> labels.put(c.code(), c.label().in(locale))));
        return labels;
    }

    public record Entry(String label, String code) {
    }
}
