package com.example.aftersales.replay;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.exports.SpreadsheetText;

/**
 * A run's changed cases as paged JSON, CSV and XLSX. Exports stream page by page (the workbook keeps a window of
 * rows in memory), so a run with many changes does not need them all at once.
 */
@Component
public class ReplayExports {

    static final List<String> COLUMNS = List.of("caseId", "receivedAt", "type", "before", "after", "afterRule",
            "afterSource", "afterReason");

    private final ReplayRuns runs;
    private final JsonMapper json;

    ReplayExports(ReplayRuns runs, JsonMapper json) {
        this.runs = runs;
        this.json = json;
    }

    public Map<String, Object> page(ReplayRun run, int page, int size) {
        long total = runs.countChanges(run.id());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (Map<String, Object> row : runs.changes(run.id(), page, size)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("caseId", row.get("case_id"));
            change.put("receivedAt", row.get("received_at"));
            change.put("before", json.readTree((String) row.get("before_json")));
            change.put("after", json.readTree((String) row.get("after_json")));
            changes.add(change);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("size", size);
        body.put("totalElements", total);
        body.put("totalPages", (total + size - 1) / size);
        body.put("changes", changes);
        return body;
    }

    /**
     * The changed cases whose decisions of one type differ (a drill-down from the transition chart), oldest first:
     * {@code caseId}, {@code receivedAt}, the values {@code before} and {@code after}, and the deciding rule after.
     */
    public Map<String, Object> pageOfType(ReplayRun run, String type, int page, int size) {
        List<Map<String, Object>> matching = new ArrayList<>();
        long[] total = {0};
        long skip = (long) page * size;
        runs.eachChange(run.id(), row -> {
            JsonNode before = json.readTree((String) row.get("before_json")).get("decisions");
            JsonNode after = json.readTree((String) row.get("after_json")).get("decisions");
            TreeSet<String> bv = values(before).getOrDefault(type, new TreeSet<>());
            TreeSet<String> av = values(after).getOrDefault(type, new TreeSet<>());
            if (bv.equals(av)) {
                return;
            }
            if (total[0] >= skip && matching.size() < size) {
                JsonNode decided = first(after, type);
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("caseId", row.get("case_id"));
                change.put("receivedAt", row.get("received_at"));
                change.put("before", String.join(",", bv));
                change.put("after", String.join(",", av));
                change.put("afterRule", decided == null ? "" : decided.get("rule").asString(""));
                change.put("afterSource", decided == null ? "" : decided.get("source").asString(""));
                matching.add(change);
            }
            total[0]++;
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("size", size);
        body.put("totalElements", total[0]);
        body.put("totalPages", (total[0] + size - 1) / size);
        body.put("changes", matching);
        return body;
    }

    /** The run's changes as a CSV download, one row per case and changed decision type. */
    public void csv(ReplayRun run, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"replay-" + run.id() + ".csv\"");
        try (OutputStream out = response.getOutputStream()) {
            csv(run, out);
        }
    }

    /** The run's summary and changes as an Excel workbook download. */
    public void xlsx(ReplayRun run, HttpServletResponse response) throws IOException {
        response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.setHeader("Content-Disposition", "attachment; filename=\"replay-" + run.id() + ".xlsx\"");
        try (OutputStream out = response.getOutputStream()) {
            xlsx(run, out);
        }
    }

    void csv(ReplayRun run, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF'); // so that Excel reads the file as UTF-8
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).get())) {
            eachChangedDecision(run, values -> {
                try {
                    csv.printRecord(values.stream().map(ReplayExports::cell).toList());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    void xlsx(ReplayRun run, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            Sheet summary = workbook.createSheet("Summary");
            int r = 0;
            r = row(summary, r, "Replay", run.id());
            r = row(summary, r, "Status", run.status());
            r = row(summary, r, "Candidate ruleset", run.candidateVersion());
            r = row(summary, r, "Baseline", run.baselineVersion() == null ? "RECORDED" : run.baselineVersion());
            r = row(summary, r, "Received from", run.from().toString());
            r = row(summary, r, "Received to", run.to().toString());
            r = row(summary, r, "Cases replayed", run.summary().replayed());
            r = row(summary, r, "Cases changed", run.summary().changed());
            r++;
            r = row(summary, r, "Decision type", "Before", "After", "Cases");
            for (ReplaySummary.Transition t : run.summary().transitions()) {
                r = row(summary, r, t.type(), t.before() == null ? "(none)" : t.before(),
                        t.after() == null ? "(none)" : t.after(), t.count());
            }
            Sheet changes = workbook.createSheet("Changes");
            int[] next = {row(changes, 0, COLUMNS.toArray())};
            eachChangedDecision(run, values -> next[0] = row(changes, next[0], values.toArray()));
            workbook.write(out);
        }
    }

    /** One row per changed case and decision type whose values differ: before and after, and what decided after. */
    private void eachChangedDecision(ReplayRun run, java.util.function.Consumer<List<Object>> consumer) {
        runs.eachChange(run.id(), row -> {
            JsonNode before = json.readTree((String) row.get("before_json")).get("decisions");
            JsonNode after = json.readTree((String) row.get("after_json")).get("decisions");
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
                consumer.accept(List.of(row.get("case_id"), timestamp(row.get("received_at")), type,
                        String.join(",", bv), String.join(",", av),
                        decided == null ? "" : decided.get("rule").asString(""),
                        decided == null ? "" : decided.get("source").asString(""),
                        decided == null ? "" : decided.get("reason").asString("")));
            }
        });
    }

    /** ISO-8601 with seconds, always (a bare {@code toString()} drops zero seconds). */
    private static String timestamp(Object value) {
        return value instanceof java.time.OffsetDateTime t
                ? t.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME) : String.valueOf(value);
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

    private static int row(Sheet sheet, int index, Object... values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            Object v = cell(values[i]);
            if (v instanceof Number n) {
                row.createCell(i).setCellValue(n.doubleValue());
            } else {
                row.createCell(i).setCellValue((String) v);
            }
        }
        return index + 1;
    }

    /** A number as it is; anything else as text no spreadsheet program reads as a formula. */
    private static Object cell(Object value) {
        return value instanceof Number ? value : SpreadsheetText.neutralise(value == null ? "" : value.toString());
    }
}
