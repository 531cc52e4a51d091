package com.example.aftersales.imports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.time.OffsetDateTime;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.text.Text;

/**
 * Historical cases from a CSV or XLSX file. Every import is a job ({@link ImportJobs}): {@code POST /api/imports}
 * answers 202 with its Location; {@code POST /api/cases/import} (DESIGN.md's contract) answers the report itself
 * for a file of up to {@code aftersales.import.sync-max-rows} rows, and 202 like {@code /api/imports} for a larger one.
 */
@RestController
@Tag(name = "Cases")
class ImportController {

    private final CaseImporter importer;
    private final ImportJobs jobs;
    private final ImportProperties properties;
    private final JsonMapper json;

    ImportController(CaseImporter importer, ImportJobs jobs, ImportProperties properties, JsonMapper json) {
        this.importer = importer;
        this.jobs = jobs;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping(path = "/api/cases/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import historical cases from a CSV or XLSX file (part 'file')",
            description = "One row a case (header in row 1, see README 'Importing historical cases'). Good rows are evaluated "
                    + "with the active ruleset and recorded in receivedAt order; rows whose externalRef is recorded are skipped; "
                    + "bad rows are reported with their row number and every error by column. A file of more rows than "
                    + "aftersales.import.sync-max-rows (1,000) is imported as a job: 202 with its Location (GET /api/imports/{id}).")
    @ApiResponse(responseCode = "200", description = "The report, row by row",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImportReport.class)))
    ResponseEntity<?> upload(@RequestPart("file") MultipartFile file, Principal by) throws IOException {
        importer.checkSize(file.getSize());
        return importNow(importer.plan(file.getBytes(), file.getOriginalFilename(), file.getContentType()),
                file.getOriginalFilename(), by.getName());
    }

    @PostMapping(path = "/api/cases/import", consumes = {"text/csv", SheetReader.XLSX_TYPE})
    @Operation(summary = "Import historical cases from a CSV or XLSX request body")
    @ApiResponse(responseCode = "200", description = "The report, row by row",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImportReport.class)))
    ResponseEntity<?> body(InputStream body, @RequestHeader("Content-Type") String contentType, Principal by)
            throws IOException {
        return importNow(importer.plan(read(body), null, contentType), null, by.getName());
    }

    @PostMapping(path = "/api/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Start an import job of a CSV or XLSX file (part 'file')",
            description = "The file is read and checked first (a file that cannot be imported is refused with 400/413, "
                    + "nothing started); then 202 with the job's Location. One running import per person (409).")
    ResponseEntity<ImportStarted> startJob(@RequestPart("file") MultipartFile file, Principal by) throws IOException {
        importer.checkSize(file.getSize());
        return start(importer.plan(file.getBytes(), file.getOriginalFilename(), file.getContentType()),
                file.getOriginalFilename(), by.getName());
    }

    @PostMapping(path = "/api/imports", consumes = {"text/csv", SheetReader.XLSX_TYPE})
    @Operation(summary = "Start an import job of a CSV or XLSX request body")
    ResponseEntity<ImportStarted> startJobFromBody(InputStream body, @RequestHeader("Content-Type") String contentType,
                                                         Principal by) throws IOException {
        return start(importer.plan(read(body), null, contentType), null, by.getName());
    }

    @GetMapping("/api/imports/{id}")
    @Operation(summary = "An import job: status, progress, and its report once it ended")
    ImportJobView find(@PathVariable long id) {
        return view(jobs.find(id));
    }

    @DeleteMapping("/api/imports/{id}")
    @Operation(summary = "Cancel a running import job after the row it is on; the rows recorded so far are kept")
    ImportJobView cancel(@PathVariable long id) {
        return view(jobs.cancel(id));
    }

    private ResponseEntity<?> importNow(CaseImporter.Plan plan, String filename, String by) {
        if (plan.total() > properties.syncMaxRows()) {
            return start(plan, filename, by);
        }
        long id = jobs.create(plan, filename, by);
        return ResponseEntity.ok(jobs.runHere(id, plan, by));
    }

    private ResponseEntity<ImportStarted> start(CaseImporter.Plan plan, String filename, String by) {
        long id = jobs.create(plan, filename, by);
        jobs.submit(id, plan, by);
        ImportStarted body = new ImportStarted(id, ImportJob.RUNNING, plan.total());
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", "/api/imports/" + id).body(body);
    }

    /** A request body of unknown length, read up to the size limit (one byte more: then refused as too large). */
    private byte[] read(InputStream body) throws IOException {
        long max = properties.maxFileSize().toBytes();
        return body.readNBytes(Math.toIntExact(Math.min(Integer.MAX_VALUE - 8, max + 1)));
    }

    /** An import job just started: follow it at its Location. */
    @Schema(name = "ImportStarted")
    record ImportStarted(long id, @Schema(allowableValues = {ImportJob.RUNNING}) String status, int total) {
    }

    /** An import job as GET /api/imports/{id} answers it. */
    @Schema(name = "ImportJob")
    record ImportJobView(long id,
                         @Schema(allowableValues = {ImportJob.RUNNING, ImportJob.SUCCEEDED, ImportJob.FAILED,
                                 ImportJob.CANCELLED, ImportJob.INTERRUPTED}) String status,
                         String requestedBy, String filename, int total, int done, int imported, int skippedDuplicates,
                         int rejectedRows, OffsetDateTime createdAt, OffsetDateTime finishedAt,
                         @Schema(description = "For INTERRUPTED and FAILED: what happened, in the request's language") String message,
                         @Schema(description = "Once the job ended, its report as POST /api/cases/import answers it; "
                                 + "a cancelled job's holds what it did") ImportReport report) {
    }

    private ImportJobView view(ImportJob job) {
        String message = switch (job.status()) {
            case ImportJob.INTERRUPTED -> Text.of("import.interrupted").inRequestLanguage();
            case ImportJob.FAILED -> Text.of("import.failed", String.valueOf(job.error())).inRequestLanguage();
            default -> null;
        };
        return new ImportJobView(job.id(), job.status(), job.requestedBy(), job.filename(), job.total(), job.done(),
                job.imported(), job.skipped(), job.rejected(), job.createdAt(), job.finishedAt(), message,
                job.reportJson() == null ? null : json.readValue(job.reportJson(), ImportReport.class));
    }
}
