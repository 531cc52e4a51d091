package com.example.aftersales.imports.internal;

import java.util.List;

/**
 * What an import did, row by row. Rows are numbered as a spreadsheet shows them: the header is row 1.
 * {@code total = imported + skippedDuplicates + rejected.size()}; blank rows are not counted.
 *
 * @param importedCases the case recorded for each imported row
 * @param skipped       rows whose externalRef was already recorded or came earlier in the file
 */
@io.swagger.v3.oas.annotations.media.Schema(name = "ImportReport", description = "What an import did, row by row (rows numbered as a spreadsheet shows them: the header is row 1)")
record ImportReport(int total, int imported, int skippedDuplicates, List<RejectedRow> rejected,
                    List<ImportedCase> importedCases, List<SkippedRow> skipped) {

    /** A row not imported, with every error, each naming its column ({@code "quantity: must be greater than 0"}). */
    record RejectedRow(int row, List<String> errors) {
    }

    record ImportedCase(int row, String externalRef, long caseId) {
    }

    record SkippedRow(int row, String externalRef, String reason) {
    }
}
