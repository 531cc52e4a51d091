package com.example.aftersales.imports.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.HistoryRecorder;
import com.example.aftersales.cases.CaseViews.CaseResult;
import com.example.aftersales.cases.DuplicateCaseException;
import com.example.aftersales.imports.internal.CaseRows.Column;
import com.example.aftersales.imports.internal.CaseRows.Converted;
import com.example.aftersales.imports.internal.ImportReport.ImportedCase;
import com.example.aftersales.imports.internal.ImportReport.RejectedRow;
import com.example.aftersales.imports.internal.ImportReport.SkippedRow;
import com.example.aftersales.imports.internal.SheetReader.Row;
import com.example.aftersales.imports.internal.SheetReader.Sheet;
import com.example.aftersales.policy.RunawayRulesException;
import com.example.aftersales.text.Text;

/**
 * Imports historical cases: every row is converted and validated like a case sent to {@code POST /api/cases};
 * bad rows are reported, good rows are evaluated with the active ruleset and recorded in {@code receivedAt} order,
 * so that earlier defects are prior defects of later ones, in chunks through the bulk path the demo history takes
 * ({@link HistoryRecorder}), each chunk its own transaction. A row whose externalRef is recorded already, or came
 * earlier in the file, is skipped: importing a file twice records nothing new. If the import stops half-way (database
 * down, cancelled, the service stopped), sending the file again completes it. Imports run as jobs ({@link ImportJobs}).
 */
@Service
class CaseImporter {

    private static final Logger log = LoggerFactory.getLogger(CaseImporter.class);

    private final CaseService cases;
    private final HistoryRecorder history;
    private final ImportProperties properties;

    CaseImporter(CaseService cases, HistoryRecorder history, ImportProperties properties) {
        this.cases = cases;
        this.history = history;
        this.properties = properties;
    }

    /**
     * Imports the file's good rows as cases recorded by {@code by} (who imported them), here and now; the report's
     * words in the request's language.
     */
    ImportReport importFile(byte[] content, String filename, String contentType, String by) {
        return run(plan(content, filename, contentType), by, Progress.NONE);
    }

    /**
     * What a file holds: read, converted and checked row by row, in the request's language. A file that cannot be
     * imported at all is refused here ({@link ImportRefusedException}), before anything is recorded or a job started.
     */
    Plan plan(byte[] content, String filename, String contentType) {
        java.util.Locale language = Text.requestLanguage();
        checkSize(content.length);
        Sheet sheet = new SheetReader(properties.maxRows()).read(content, filename, contentType);
        CaseRows columns = CaseRows.forHeader(sheet.header(), properties.excelOffset());

        Map<Integer, RejectedRow> rejected = new TreeMap<>();
        List<Converted> good = new ArrayList<>();
        for (Row row : sheet.rows()) {
            Converted converted = columns.convert(row);
            List<Text> errors = errors(converted);
            if (errors.isEmpty()) {
                good.add(converted);
            } else {
                rejected.put(row.number(), new RejectedRow(row.number(), errors.stream().map(e -> e.in(language)).toList()));
            }
        }

        List<SkippedRow> skipped = new ArrayList<>();
        Map<String, Integer> firstRow = new HashMap<>();
        List<Converted> fresh = new ArrayList<>();
        for (Converted row : good) {
            Integer first = firstRow.putIfAbsent(row.data().externalRef(), row.row());
            if (first != null) {
                skipped.add(new SkippedRow(row.row(), row.data().externalRef(), Text.of("import.sameRef", first).in(language)));
            } else {
                fresh.add(row);
            }
        }
        fresh.sort(Comparator.comparing((Converted c) -> c.data().receivedAt().toInstant()).thenComparing(Converted::row));
        return new Plan(sheet.format(), sheet.rows().size(), rejected, skipped, fresh, language);
    }

    /** A file read and checked: its rows to record in order, and those already refused or skipped. */
    record Plan(String format, int total, Map<Integer, RejectedRow> rejected, List<SkippedRow> skipped,
                List<Converted> fresh, java.util.Locale language) {
    }

    /** Told how far an import is; answers false to stop it (cancelled) after the row just done. */
    interface Progress {
        Progress NONE = (done, imported, skipped, rejected) -> true;

        boolean proceed(int done, int imported, int skipped, int rejected);
    }

    /**
     * Records the plan's rows in chunks through the bulk path ({@link HistoryRecorder}: one transaction and JDBC batches
     * per chunk, prior defects exactly as one registration after the other would see them), telling {@code progress}
     * after each chunk; stops early when it says so. A chunk the bulk path cannot record whole (the rules failed on a
     * row, a row's reference was recorded meanwhile) is recorded row by row instead, each row as
     * {@link CaseService#register} records it, so that only that row is refused or skipped. The report holds what was
     * done until then.
     */
    ImportReport run(Plan plan, String by, Progress progress) {
        java.util.Locale language = plan.language();
        Map<Integer, RejectedRow> rejected = new TreeMap<>(plan.rejected());
        List<SkippedRow> skipped = new ArrayList<>(plan.skipped());
        List<ImportedCase> imported = new ArrayList<>();
        boolean go = progress.proceed(rejected.size() + skipped.size(), 0, skipped.size(), rejected.size());
        List<Converted> rows = plan.fresh();
        try (HistoryRecorder.Session session = history.open(by, false)) {
            for (int from = 0; go && from < rows.size(); from += properties.chunkSize()) {
                List<Converted> chunk = rows.subList(from, Math.min(rows.size(), from + properties.chunkSize()));
                List<HistoryRecorder.Recorded> outcome;
                try {
                    outcome = session.record(chunk.stream().map(Converted::data).toList());
                } catch (RunawayRulesException | com.example.aftersales.policy.RuleFailedException
                         | org.springframework.dao.DuplicateKeyException e) {
                    outcome = null;
                }
                if (outcome != null) {
                    for (int i = 0; i < chunk.size(); i++) {
                        Converted row = chunk.get(i);
                        if (outcome.get(i).written()) {
                            imported.add(new ImportedCase(row.row(), row.data().externalRef(), outcome.get(i).caseId()));
                        } else {
                            skipped.add(new SkippedRow(row.row(), row.data().externalRef(), Text.of("import.recorded").in(language)));
                        }
                    }
                } else {
                    for (Converted row : chunk) {
                        one(row, by, language, imported, skipped, rejected);
                    }
                }
                go = progress.proceed(imported.size() + skipped.size() + rejected.size(), imported.size(), skipped.size(),
                        rejected.size());
            }
        }
        imported.sort(Comparator.comparingInt(ImportedCase::row));
        skipped.sort(Comparator.comparingInt(SkippedRow::row));
        log.info("Imported {} file{}: {} rows, {} imported, {} skipped as duplicates, {} rejected", plan.format(),
                go ? "" : " (stopped)", plan.total(), imported.size(), skipped.size(), rejected.size());
        return new ImportReport(plan.total(), imported.size(), skipped.size(), List.copyOf(rejected.values()),
                imported, skipped);
    }

    /** One row recorded as a registration records it: imported, skipped as recorded, or refused for its rules. */
    private void one(Converted row, String by, java.util.Locale language, List<ImportedCase> imported,
                     List<SkippedRow> skipped, Map<Integer, RejectedRow> rejected) {
        String ref = row.data().externalRef();
        try {
            CaseResult result = cases.register(row.data(), by);
            imported.add(new ImportedCase(row.row(), ref, result.caseId()));
        } catch (DuplicateCaseException e) {
            skipped.add(new SkippedRow(row.row(), ref, Text.of("import.recorded").in(language)));
        } catch (RunawayRulesException | com.example.aftersales.policy.RuleFailedException e) {
            rejected.put(row.row(), new RejectedRow(row.row(), List.of(Text.of("import.rulesFailed", e.text()).in(language))));
        }
    }

    void checkSize(long bytes) {
        long max = properties.maxFileSize().toBytes();
        if (bytes > max) {
            throw ImportRefusedException.tooLarge(Text.of("import.fileTooLarge", properties.maxFileSize().toMegabytes()));
        }
    }

    /**
     * Conversion errors, then the case contract's Bean Validation (on values that converted), each as
     * {@code "column: message"}, in column order.
     */
    private static List<Text> errors(Converted converted) {
        Map<Column, List<Text>> byColumn = new TreeMap<>();
        converted.errors().forEach((column, message) -> byColumn.computeIfAbsent(column, c -> new ArrayList<>()).add(message));
        List<Text> other = new ArrayList<>(converted.otherErrors());
        for (CaseChecks.Violation violation : CaseChecks.validate(converted.data())) {
            Column column = Column.ofPath(violation.path());
            if (column == null) {
                other.add(Text.of("at", violation.path().isEmpty() ? Text.of("import.row") : violation.path(),
                        violation.message()));
            } else if (!converted.errors().containsKey(column)) {
                byColumn.computeIfAbsent(column, c -> new ArrayList<>()).add(violation.message());
            }
        }
        List<Text> errors = new ArrayList<>();
        byColumn.forEach((column, messages) -> messages.stream().sorted(java.util.Comparator.comparing(Text::en))
                .forEach(message -> errors.add(Text.of("at", column.header, message))));
        errors.addAll(other);
        return errors;
    }
}
