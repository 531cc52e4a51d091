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
 * bad rows are reported, good rows are evaluated with the active ruleset and recorded one by one through
 * {@link CaseService#register}, in {@code receivedAt} order so that earlier defects are prior defects of later ones.
 * A row whose externalRef is recorded already, or came earlier in the file, is skipped: importing a file twice
 * records nothing new. Each row is its own transaction; if the import stops half-way (database down, cancelled, the
 * service stopped), sending the file again completes it. Imports run as jobs ({@link ImportJobs}).
 */
@Service
class CaseImporter {

    private static final Logger log = LoggerFactory.getLogger(CaseImporter.class);

    private final CaseService cases;
    private final ImportProperties properties;

    CaseImporter(CaseService cases, ImportProperties properties) {
        this.cases = cases;
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
     * Records the plan's rows one by one, each its own transaction, telling {@code progress} after each; stops early
     * when it says so. The report holds what was done until then.
     */
    ImportReport run(Plan plan, String by, Progress progress) {
        java.util.Locale language = plan.language();
        Map<Integer, RejectedRow> rejected = new TreeMap<>(plan.rejected());
        List<SkippedRow> skipped = new ArrayList<>(plan.skipped());
        Set<String> recorded = cases.recordedExternalRefs(plan.fresh().stream().map(c -> c.data().externalRef()).toList());
        List<ImportedCase> imported = new ArrayList<>();
        boolean go = progress.proceed(rejected.size() + skipped.size(), 0, skipped.size(), rejected.size());
        for (java.util.Iterator<Converted> rows = plan.fresh().iterator(); go && rows.hasNext(); ) {
            Converted row = rows.next();
            String ref = row.data().externalRef();
            if (recorded.contains(ref)) {
                skipped.add(new SkippedRow(row.row(), ref, Text.of("import.recorded").in(language)));
            } else {
                try {
                    CaseResult result = cases.register(row.data(), by);
                    imported.add(new ImportedCase(row.row(), ref, result.caseId()));
                } catch (DuplicateCaseException e) {
                    skipped.add(new SkippedRow(row.row(), ref, Text.of("import.recorded").in(language)));
                } catch (RunawayRulesException | com.example.aftersales.policy.RuleFailedException e) {
                    rejected.put(row.row(), new RejectedRow(row.row(), List.of(Text.of("import.rulesFailed", e.text()).in(language))));
                }
            }
            go = progress.proceed(imported.size() + skipped.size() + rejected.size(), imported.size(), skipped.size(),
                    rejected.size());
        }
        imported.sort(Comparator.comparingInt(ImportedCase::row));
        skipped.sort(Comparator.comparingInt(SkippedRow::row));
        log.info("Imported {} file{}: {} rows, {} imported, {} skipped as duplicates, {} rejected", plan.format(),
                go ? "" : " (stopped)", plan.total(), imported.size(), skipped.size(), rejected.size());
        return new ImportReport(plan.total(), imported.size(), skipped.size(), List.copyOf(rejected.values()),
                imported, skipped);
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
