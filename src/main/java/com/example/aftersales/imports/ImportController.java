package com.example.aftersales.imports;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code POST /api/cases/import}: historical cases from a CSV or XLSX file, answered with a report per row. */
@RestController
@RequestMapping("/api/cases")
@Tag(name = "Cases")
class ImportController {

    private final CaseImporter importer;

    ImportController(CaseImporter importer) {
        this.importer = importer;
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import historical cases from a CSV or XLSX file (part 'file')",
            description = "One row a case (header in row 1, see README 'Importing historical cases'). Good rows are evaluated "
                    + "with the active ruleset and recorded in receivedAt order; rows whose externalRef is recorded are skipped; "
                    + "bad rows are reported with their row number and every error by column.")
    ImportReport upload(@RequestPart("file") MultipartFile file, java.security.Principal by) throws IOException {
        importer.checkSize(file.getSize());
        return importer.importFile(file.getBytes(), file.getOriginalFilename(), file.getContentType(), by.getName());
    }

    @PostMapping(path = "/import", consumes = {"text/csv", SheetReader.XLSX_TYPE})
    @Operation(summary = "Import historical cases from a CSV or XLSX request body")
    ImportReport body(InputStream body, @RequestHeader("Content-Type") String contentType, java.security.Principal by)
            throws IOException {
        return importer.importStream(body, null, contentType, by.getName());
    }
}
