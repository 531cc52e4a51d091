package com.example.aftersales.evidence.internal;

import com.example.aftersales.evidence.Dossiers;
import com.example.aftersales.evidence.Downloads;
import com.example.aftersales.evidence.Evidence;
import com.example.aftersales.evidence.EvidenceService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The case file over HTTP. Systems (API key) and quality managers attach; quality managers remove; administrators
 * purge; analysts and auditors (and the others) read. The role is checked by security.SecurityConfig before the body
 * is read.
 */
@RestController
@Tag(name = "Evidence", description = "Files attached to a case or its events, and the case dossier for the archive")
class EvidenceController {

    private final EvidenceService service;
    private final Dossiers dossiers;

    EvidenceController(EvidenceService service, Dossiers dossiers) {
        this.service = service;
        this.dossiers = dossiers;
    }

    /** Body of a removal or a purge. */
    record Reason(String reason) {
    }

    @PostMapping(path = "/api/cases/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Attach a file to a case (parts 'file' and 'description', optional 'eventId')",
            description = "Photos (JPEG, PNG, WebP, GIF), videos (MP4, QuickTime), PDF, Word and Excel documents and plain "
                    + "text, the type detected from the bytes; anything else is 415. Up to aftersales.evidence.max-file-size "
                    + "(413), max-files-per-case and max-total-per-case (409). 201 with the file's record and Location.")
    ResponseEntity<Evidence> attach(@PathVariable long id,
                                    @RequestPart(value = "file", required = false) MultipartFile file,
                                    @RequestParam(value = "description", required = false) String description,
                                    @RequestParam(value = "eventId", required = false) Long eventId,
                                    Principal by) throws IOException {
        Evidence attached;
        try (InputStream body = file == null ? null : file.getInputStream()) {
            attached = service.attach(id, eventId, description, file == null ? null : file.getOriginalFilename(), body,
                    by.getName());
        }
        return ResponseEntity.created(URI.create("/api/cases/" + id + "/evidence/" + attached.id())).body(attached);
    }

    @GetMapping("/api/cases/{id}/evidence")
    @Operation(summary = "The files of a case, oldest first, with their status (ATTACHED, REMOVED, PURGED)")
    List<Evidence> list(@PathVariable long id) {
        return service.list(id);
    }

    @GetMapping("/api/cases/{id}/evidence/{evidenceId}")
    @Operation(summary = "One file's record")
    Evidence find(@PathVariable long id, @PathVariable long evidenceId) {
        return service.find(id, evidenceId);
    }

    @GetMapping("/api/cases/{id}/evidence/{evidenceId}/content")
    @Operation(summary = "Download a file (always as an attachment)",
            description = "Checked against its recorded size and SHA-256 first: a damaged file is never served (500, in "
                    + "words). A purged file is 410.")
    void download(@PathVariable long id, @PathVariable long evidenceId, HttpServletResponse response) throws IOException {
        Downloads.send(service, service.find(id, evidenceId), response);
    }

    @GetMapping(path = "/api/cases/{id}/evidence/{evidenceId}/thumbnail", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "A photo's thumbnail (PNG made by the service), 404 when it has none")
    ResponseEntity<byte[]> thumbnail(@PathVariable long id, @PathVariable long evidenceId) {
        byte[] png = service.thumbnail(id, evidenceId);
        if (png == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore().cachePrivate())
                .body(png);
    }

    @PostMapping("/api/cases/{id}/evidence/{evidenceId}/removal")
    @Operation(summary = "Remove a file from the case (quality managers), with a reason: recorded, bytes kept")
    Evidence remove(@PathVariable long id, @PathVariable long evidenceId, @RequestBody Reason body, Principal by) {
        return service.remove(id, evidenceId, body.reason(), by.getName());
    }

    @PostMapping("/api/cases/{id}/evidence/{evidenceId}/purge")
    @Operation(summary = "Delete a file's bytes (administrators), with a reason: the record and its checksum stay")
    Evidence purge(@PathVariable long id, @PathVariable long evidenceId, @RequestBody Reason body, Principal by) {
        return service.purge(id, evidenceId, body.reason(), by.getName());
    }

    @GetMapping(path = "/api/cases/{id}/dossier.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The case dossier for the archive (P19), as a PDF",
            description = "Facts, every evaluation with its decisions (reasons in Chinese and English, rules, sources, "
                    + "ruleset version), events with who and when, rectification orders and notice, and the evidence with "
                    + "checksums.")
    void dossierPdf(@PathVariable long id, HttpServletResponse response) throws IOException {
        var buffer = new java.io.ByteArrayOutputStream();
        dossiers.pdf(id, buffer); // whole before the first byte is sent: an error is still an answer in words
        Downloads.headers(response, dossiers.fileName(id, "pdf"), MediaType.APPLICATION_PDF_VALUE, buffer.size());
        buffer.writeTo(response.getOutputStream());
    }

    @GetMapping(path = "/api/cases/{id}/dossier.zip", produces = "application/zip")
    @Operation(summary = "The dossier PDF with the evidence files kept (each checked) and their SHA256SUMS, as a ZIP")
    void dossierZip(@PathVariable long id, HttpServletResponse response) throws IOException {
        String name = dossiers.fileName(id, "zip");
        // every file is checked before the first byte is sent, so a damaged file is an answer in words
        dossiers.verify(id);
        Downloads.headers(response, name, "application/zip", -1);
        dossiers.zip(id, response.getOutputStream());
    }
}
