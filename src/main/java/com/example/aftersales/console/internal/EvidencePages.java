package com.example.aftersales.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;

import com.example.aftersales.evidence.Dossiers;
import com.example.aftersales.evidence.Downloads;
import com.example.aftersales.evidence.EvidenceExceptions;
import com.example.aftersales.evidence.EvidenceService;
import com.example.aftersales.followup.CaseEventService;
import com.example.aftersales.text.Text;

/**
 * The case page's evidence section (templates/console/case-evidence.html, loaded into the case page by htmx): the
 * files with thumbnails, who attached them and their checksums; a quality manager attaches a file or removes one with a
 * reason; everyone downloads them (always as attachments) and the dossier (PDF, ZIP).
 */
@Controller
class EvidencePages {

    private static final String FRAGMENT = "console/case-evidence :: evidenceFiles";

    private final EvidenceService evidence;
    private final Dossiers dossiers;
    private final CaseEventService events;

    EvidencePages(EvidenceService evidence, Dossiers dossiers, CaseEventService events) {
        this.evidence = evidence;
        this.dossiers = dossiers;
        this.events = events;
    }

    @GetMapping("/console/cases/{id}/evidence")
    ModelAndView section(@PathVariable long id) {
        return section(id, null, null);
    }

    @PostMapping(path = "/console/cases/{id}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ModelAndView attach(@PathVariable long id, @RequestPart(value = "file", required = false) MultipartFile file,
                        @RequestParam(value = "description", required = false) String description,
                        @RequestParam(value = "eventId", required = false) String eventId,
                        @RequestHeader(value = "HX-Request", required = false) String htmx,
                        Principal principal) throws IOException {
        Long event = null;
        if (eventId != null && !eventId.isBlank()) {
            try {
                event = Long.valueOf(eventId.strip());
            } catch (NumberFormatException e) {
                return answer(id, htmx, null, Text.of("evidence.event", eventId, id).inRequestLanguage());
            }
        }
        try (InputStream body = file == null || file.isEmpty() && file.getOriginalFilename() == null ? null : file.getInputStream()) {
            evidence.attach(id, event, description, file == null ? null : file.getOriginalFilename(), body, Actor.name(principal));
            return answer(id, htmx, "caseEvidence.attached.flash", null);
        } catch (EvidenceExceptions.Refusal e) {
            return refused(id, htmx, e);
        }
    }

    @PostMapping("/console/cases/{id}/evidence/{evidenceId}/removal")
    ModelAndView remove(@PathVariable long id, @PathVariable long evidenceId,
                        @RequestParam(value = "reason", required = false) String reason,
                        @RequestHeader(value = "HX-Request", required = false) String htmx, Principal principal) {
        try {
            evidence.remove(id, evidenceId, reason, Actor.name(principal));
            return answer(id, htmx, "caseEvidence.removed", null);
        } catch (EvidenceExceptions.Refusal e) {
            return refused(id, htmx, e);
        }
    }

    @GetMapping("/console/cases/{id}/evidence/{evidenceId}/file")
    void download(@PathVariable long id, @PathVariable long evidenceId, HttpServletResponse response) throws IOException {
        Downloads.send(evidence, evidence.find(id, evidenceId), response);
    }

    @GetMapping("/console/cases/{id}/evidence/{evidenceId}/thumbnail")
    ResponseEntity<byte[]> thumbnail(@PathVariable long id, @PathVariable long evidenceId) {
        byte[] png = evidence.thumbnail(id, evidenceId);
        return png == null ? ResponseEntity.notFound().build()
                : ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore().cachePrivate()).body(png);
    }

    @GetMapping("/console/cases/{id}/dossier.pdf")
    void dossierPdf(@PathVariable long id, HttpServletResponse response) throws IOException {
        var buffer = new java.io.ByteArrayOutputStream();
        dossiers.pdf(id, buffer);
        Downloads.headers(response, dossiers.fileName(id, "pdf"), MediaType.APPLICATION_PDF_VALUE, buffer.size());
        buffer.writeTo(response.getOutputStream());
    }

    @GetMapping("/console/cases/{id}/dossier.zip")
    void dossierZip(@PathVariable long id, HttpServletResponse response) throws IOException {
        dossiers.verify(id);
        Downloads.headers(response, dossiers.fileName(id, "zip"), "application/zip", -1);
        dossiers.zip(id, response.getOutputStream());
    }

    /** A download or dossier refused (a purged file, a damaged one, no font): the error page, with the API's status. */
    @org.springframework.web.bind.annotation.ExceptionHandler(EvidenceExceptions.Refusal.class)
    ModelAndView refusedRead(EvidenceExceptions.Refusal e, jakarta.servlet.http.HttpServletRequest request) {
        ModelAndView page = new ModelAndView("console/error", org.springframework.http.HttpStatus.valueOf(e.status()));
        page.addObject("status", e.status());
        page.addObject("title", e.title().inRequestLanguage());
        page.addObject("detail", words(e));
        page.addObject("path", request.getRequestURI());
        return page;
    }

    /** htmx shows the refusal in the section; a form sent without script gets the error page, with the API's status. */
    private ModelAndView refused(long id, String htmx, EvidenceExceptions.Refusal e) {
        if (htmx != null) {
            return section(id, null, words(e));
        }
        ModelAndView page = new ModelAndView("console/error", org.springframework.http.HttpStatus.valueOf(e.status()));
        page.addObject("status", e.status());
        page.addObject("title", e.title().inRequestLanguage());
        page.addObject("detail", words(e));
        page.addObject("path", "/console/cases/" + id);
        return page;
    }

    /** htmx swaps the section in place; a form sent without script goes back to the case page. */
    private ModelAndView answer(long id, String htmx, String message, String refusal) {
        if (htmx == null) {
            ModelAndView back = new ModelAndView("redirect:/console/cases/" + id + "#evidence");
            return back;
        }
        return section(id, message, refusal);
    }

    private ModelAndView section(long id, String message, String refusal) {
        ModelAndView page = new ModelAndView(FRAGMENT);
        page.addObject("caseId", id);
        page.addObject("files", evidence.list(id));
        page.addObject("caseEvents", events.list(id));
        page.addObject("maxFileMb", Math.max(1, evidence.maxFileSize() >> 20));
        page.addObject("evidenceMessage", message);
        page.addObject("evidenceRefusal", refusal);
        return page;
    }

    private static String words(EvidenceExceptions.Refusal e) {
        String detail = e.text().inRequestLanguage();
        if (e.fields().isEmpty()) return detail;
        StringBuilder out = new StringBuilder(detail);
        for (com.example.aftersales.contract.FieldProblem f : e.fields()) {
            out.append(' ').append(f.field()).append(": ").append(f.message()).append('.');
        }
        return out.toString();
    }
}
