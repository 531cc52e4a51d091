package com.example.aftersales.replay;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.exports.Csv;
import com.example.aftersales.exports.ExportLanguage;
import com.example.aftersales.exports.ExportLanguages;
import com.example.aftersales.exports.ExportText;
import com.example.aftersales.exports.Money;
import com.example.aftersales.exports.Xlsx;
import com.example.aftersales.policy.FiredRule;
import com.example.aftersales.policy.facts.Decision;

/**
 * A run's changed cases as paged JSON, CSV and XLSX. Exports stream page by page (the workbook keeps a window of
 * rows in memory), so a run with many changes does not need them all at once; they are written in Chinese or English
 * (the {@code replay.*} words of the export bundle), times in the console's zone ({@code aftersales.followup.zone},
 * China time by default), named in each time's heading.
 */
@Component
public class ReplayExports {

    /** The columns of the changes, in order; their headers are {@code replay.column.*} in the export bundle. */
    static final List<String> COLUMNS = List.of("caseId", "receivedAt", "type", "typeLabel", "before", "beforeLabel",
            "after", "afterLabel", "afterRule", "afterSource", "afterReason", "directLoss", "remedyValue");

    private final ReplayRuns runs;
    private final JsonMapper json;
    private final ExportLanguages languages;
    /** The zone every time is shown in: the console's and the follow-up's, one clock. */
    private final java.time.ZoneId zone;

    ReplayExports(ReplayRuns runs, JsonMapper json, ExportLanguages languages,
                  com.example.aftersales.followup.FollowupProperties followup) {
        this.runs = runs;
        this.json = json;
        this.languages = languages;
        this.zone = followup.zone();
    }

    public ChangePage page(ReplayRun run, int page, int size) {
        return page(run, ChangeScope.ALL, page, size);
    }

    /** A page of the changed cases of one unit, province or category (a drill-down from the impact figures). */
    public ChangePage page(ReplayRun run, ChangeScope scope, int page, int size) {
        long total = runs.countChanges(run.id(), scope);
        List<ChangedCase> changes = new ArrayList<>();
        for (Map<String, Object> row : runs.changes(run.id(), scope, page, size)) {
            changes.add(new ChangedCase(((Number) row.get("case_id")).longValue(), (String) row.get("external_ref"),
                    (java.time.OffsetDateTime) moment(row.get("received_at")),
                    side(json.readTree((String) row.get("before_json")), false),
                    side(json.readTree((String) row.get("after_json")), true)));
        }
        return new ChangePage(page, size, total, (total + size - 1) / size, changes);
    }

    /** A page of a run's changed cases, oldest first. */
    @Schema(name = "ReplayChangePage")
    public record ChangePage(int page, int size, long totalElements, long totalPages, List<ChangedCase> changes) {
    }

    /** A changed case: what was decided before (recorded or the baseline) and after (the candidate). */
    @Schema(name = "ReplayChange")
    public record ChangedCase(long caseId, String externalRef, java.time.OffsetDateTime receivedAt, ChangeSide before,
                              ChangeSide after) {
    }

    /**
     * One side of a change: all its decisions, and the rules that fired on this side only. The after side carries the
     * amounts the rules saw ({@code findings}, the same on both sides).
     */
    @Schema(name = "ReplayChangeSide")
    public record ChangeSide(List<Decision> decisions, List<FiredRule> rulesFiredOnlyHere,
                             @JsonInclude(JsonInclude.Include.NON_NULL)
                             @Schema(description = "After side only: the amounts the rules saw (none when no findings were recorded)")
                             Amounts findings) {
    }

    /** The amounts of a case's findings that the rules saw, in CNY. */
    @Schema(name = "ReplayChangeAmounts")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Amounts(java.math.BigDecimal directLossCny, java.math.BigDecimal remedyValueCny) {
    }

    /** A stored side ({@code replay_change.before_json}/{@code after_json}) as its typed record. */
    private static ChangeSide side(JsonNode stored, boolean after) {
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode d : stored.path("decisions")) {
            JsonNode reasons = d.path("reasons");
            // reasons in both languages as recorded; a decision recorded before they were bilingual has one, in English
            String zh = reasons.isObject() ? reasons.path("zh").asString(null) : null;
            String en = reasons.isObject() ? reasons.path("en").asString(null) : d.path("reason").asString(null);
            decisions.add(new Decision(d.path("type").asString(null), d.path("value").asString(null),
                    d.path("clause").asString(null), d.path("rule").asString(null), d.path("source").asString(null), zh, en));
        }
        List<FiredRule> fired = new ArrayList<>();
        for (JsonNode r : stored.path("rulesFiredOnlyHere")) {
            fired.add(new FiredRule(r.path("rule").asString(null), r.path("source").asString(null)));
        }
        Amounts amounts = null;
        if (after) {
            JsonNode findings = stored.path("findings");
            amounts = new Amounts(findings.path("directLossCny").isNumber() ? findings.path("directLossCny").decimalValue() : null,
                    findings.path("remedyValueCny").isNumber() ? findings.path("remedyValueCny").decimalValue() : null);
        }
        return new ChangeSide(decisions, fired, amounts);
    }

    /**
     * The changed cases whose decisions of one type differ (a drill-down from the transition chart), oldest first:
     * {@code caseId}, {@code receivedAt}, the values {@code before} and {@code after}, and the deciding rule after.
     */
    public TypeChangePage pageOfType(ReplayRun run, String type, int page, int size) {
        return pageOfType(run, type, ChangeScope.ALL, page, size);
    }

    /** A page of the cases whose decisions of one type changed. */
    public record TypeChangePage(int page, int size, long totalElements, long totalPages, List<TypeChange> changes) {
    }

    /** A case whose decisions of one type changed: the values before and after, and what decided after. */
    public record TypeChange(long caseId, String externalRef, java.time.OffsetDateTime receivedAt, String before,
                             String after, String afterRule, String afterSource, String afterReason) {
    }

    public TypeChangePage pageOfType(ReplayRun run, String type, ChangeScope scope, int page, int size) {
        List<TypeChange> matching = new ArrayList<>();
        long[] total = {0};
        long skip = (long) page * size;
        runs.eachChange(run.id(), scope, row -> {
            JsonNode before = json.readTree((String) row.get("before_json")).get("decisions");
            JsonNode after = json.readTree((String) row.get("after_json")).get("decisions");
            TreeSet<String> bv = values(before).getOrDefault(type, new TreeSet<>());
            TreeSet<String> av = values(after).getOrDefault(type, new TreeSet<>());
            if (bv.equals(av)) {
                return;
            }
            if (total[0] >= skip && matching.size() < size) {
                JsonNode decided = first(after, type);
                matching.add(new TypeChange(((Number) row.get("case_id")).longValue(), (String) row.get("external_ref"),
                        (java.time.OffsetDateTime) moment(row.get("received_at")), String.join(",", bv), String.join(",", av),
                        decided == null ? "" : decided.get("rule").asString(""),
                        decided == null ? "" : decided.get("source").asString(""),
                        decided == null ? "" : reasonInRequestLanguage(decided)));
            }
            total[0]++;
        });
        return new TypeChangePage(page, size, total[0], (total[0] + size - 1) / size, matching);
    }

    /** A recorded decision's reason in the request's language (both are recorded), else as it was written. */
    static String reasonInRequestLanguage(JsonNode decided) {
        String language = "en".equals(com.example.aftersales.text.Text.requestLanguage().getLanguage()) ? "en" : "zh";
        String reason = decided.path("reasons").path(language).asString(null);
        return reason != null ? reason : decided.path("reason").asString("");
    }

    /** The run's changes as a CSV download, one row per case and changed decision type. */
    public void csv(ReplayRun run, ExportLanguage language, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"replay-" + run.id() + ".csv\"");
        response.setHeader("Content-Language", language.tag());
        try (OutputStream out = response.getOutputStream()) {
            csv(run, language, out);
        }
    }

    /** The run's summary and changes as an Excel workbook download. */
    public void xlsx(ReplayRun run, ExportLanguage language, HttpServletResponse response) throws IOException {
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"replay-" + run.id() + ".xlsx\"");
        response.setHeader("Content-Language", language.tag());
        try (OutputStream out = response.getOutputStream()) {
            xlsx(run, language, out);
        }
    }

    void csv(ReplayRun run, ExportLanguage language, OutputStream out) throws IOException {
        ExportText text = languages.text(language);
        try (Csv csv = new Csv(out, zone, headers(text))) {
            eachChangedDecision(run, text, values -> {
                try {
                    csv.row(values.toArray());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    void xlsx(ReplayRun run, ExportLanguage language, OutputStream out) throws IOException {
        ExportText text = languages.text(language);
        try (Xlsx workbook = new Xlsx(zone)) {
            String none = text.get("replay.transition.none");
            Xlsx.XlsxSheet summary = workbook.sheet(text.get("replay.sheet.summary"))
                    .heading(text.get("replay.summary.replay"), run.id())
                    .row(text.get("monthly.zone"), zone.getId())
                    .row(text.get("replay.summary.status"), run.status(), text.label(com.example.aftersales.glossary.Glossary.REPLAY_STATUSES, run.status()))
                    .row(text.get("replay.summary.candidate"), run.candidateVersion())
                    .row(text.get("replay.summary.baseline"), run.baselineVersion() == null
                            ? text.get("replay.summary.baseline.recorded") : run.baselineVersion())
                    .row(text.get("replay.summary.from"), run.from())
                    .row(text.get("replay.summary.to"), run.to())
                    .row(text.get("replay.summary.replayed"), run.summary().replayed())
                    .row(text.get("replay.summary.changed"), run.summary().changed())
                    .row(text.inZone("replay.summary.started", zone), run.createdAt())
                    .row(text.inZone("replay.summary.finished", zone), run.finishedAt())
                    .blank()
                    .heading(text.get("replay.transition.type"), text.get("replay.transition.typeLabel"),
                            text.get("replay.transition.before"), text.get("replay.transition.beforeLabel"),
                            text.get("replay.transition.after"), text.get("replay.transition.afterLabel"),
                            text.get("replay.transition.cases"));
            for (ReplaySummary.Transition t : run.summary().transitions()) {
                summary.row(t.type(), text.decisionType(t.type()),
                        t.before() == null ? none : t.before(), t.before() == null ? none : text.decisionValues(t.type(), t.before()),
                        t.after() == null ? none : t.after(), t.after() == null ? none : text.decisionValues(t.type(), t.after()),
                        t.count());
            }
            Xlsx.XlsxSheet changes = workbook.sheet(text.get("replay.sheet.changes")).heading(headers(text).toArray());
            eachChangedDecision(run, text, values -> changes.row(values.toArray()));
            workbook.write(out);
        }
    }

    private List<String> headers(ExportText text) {
        return COLUMNS.stream().map(c -> "receivedAt".equals(c) ? text.inZone("replay.column." + c, zone)
                : text.get("replay.column." + c)).toList();
    }

    /**
     * One row per changed case and decision type whose values differ: the type, before and after (codes, each with
     * its label beside it), what decided after and why (in the export's language), and the amounts the rules saw
     * (none for runs recorded before they were kept).
     */
    private void eachChangedDecision(ReplayRun run, ExportText text, java.util.function.Consumer<List<Object>> consumer) {
        runs.eachChange(run.id(), row -> {
            JsonNode afterSide = json.readTree((String) row.get("after_json"));
            JsonNode before = json.readTree((String) row.get("before_json")).get("decisions");
            JsonNode after = afterSide.get("decisions");
            Money loss = money(afterSide.path("findings").path("directLossCny"));
            Money remedyValue = money(afterSide.path("findings").path("remedyValueCny"));
            Map<String, TreeSet<String>> b = values(before);
            Map<String, TreeSet<String>> a = values(after);
            TreeSet<String> types = new TreeSet<>(b.keySet());
            types.addAll(a.keySet());
            for (String type : types) {
                TreeSet<String> bv = b.getOrDefault(type, new TreeSet<>());
                TreeSet<String> av = a.getOrDefault(type, new TreeSet<>());
                if (bv.equals(av)) {
                    continue;
                }
                JsonNode decided = first(after, type);
                String was = String.join(",", bv);
                String is = String.join(",", av);
                consumer.accept(Arrays.asList(row.get("case_id"), moment(row.get("received_at")), type, text.decisionType(type),
                        was, text.decisionValues(type, was), is, text.decisionValues(type, is),
                        decided == null ? "" : decided.get("rule").asString(""),
                        decided == null ? "" : decided.get("source").asString(""),
                        decided == null ? "" : reason(decided, text.language()), loss, remedyValue));
            }
        });
    }

    /** The reason in the language asked for; else the other one, or the one reason of an older decision. */
    private static String reason(JsonNode decided, ExportLanguage language) {
        JsonNode reasons = decided.path("reasons");
        for (String lang : language == ExportLanguage.EN ? List.of("en", "zh") : List.of("zh", "en")) {
            if (reasons.path(lang).isString()) {
                return reasons.path(lang).asString();
            }
        }
        return decided.path("reason").asString("");
    }

    /** A timestamp column as a moment (PostgreSQL's driver gives {@code Timestamp}, H2's {@code OffsetDateTime}). */
    private static Object moment(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toInstant().atOffset(java.time.ZoneOffset.UTC) : value;
    }

    private static Money money(JsonNode amount) {
        return amount.isNumber() ? Money.of(amount.decimalValue()) : null;
    }

    private static Map<String, TreeSet<String>> values(JsonNode decisions) {
        Map<String, TreeSet<String>> values = new LinkedHashMap<>();
        for (JsonNode d : decisions) {
            values.computeIfAbsent(d.get("type").asString(), k -> new TreeSet<>()).add(d.get("value").asString());
        }
        return values;
    }

    private static JsonNode first(JsonNode decisions, String type) {
        for (JsonNode d : decisions) {
            if (type.equals(d.get("type").asString())) return d;
        }
        return null;
    }
}
