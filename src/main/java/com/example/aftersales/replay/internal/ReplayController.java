package com.example.aftersales.replay.internal;

import com.example.aftersales.replay.ReplaySummary;
import com.example.aftersales.replay.ReplayService;
import com.example.aftersales.replay.ReplayRun;
import com.example.aftersales.replay.ReplayRequest;
import com.example.aftersales.replay.ReplayExports;
import com.example.aftersales.replay.InvalidReplayException;
import com.example.aftersales.replay.ImpactComparison;
import java.io.IOException;
import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.Validator;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.exports.ExportLanguage;
import com.example.aftersales.exports.ExportLanguages;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.rulesets.Drafts;
import com.example.aftersales.rulesets.Uploads;
import com.example.aftersales.text.Text;

@RestController
@RequestMapping("/api/replays")
@Tag(name = "Replays", description = "Replay historical cases on other rules and see what changes")
class ReplayController {

    private final ReplayService replays;
    private final ReplayExports exports;
    private final ExportLanguages languages;
    private final Drafts drafts;
    private final JsonMapper json;
    private final Validator validator;

    ReplayController(ReplayService replays, ReplayExports exports, ExportLanguages languages, Drafts drafts,
                     JsonMapper json, Validator validator) {
        this.replays = replays;
        this.exports = exports;
        this.languages = languages;
        this.drafts = drafts;
        this.json = json;
        this.validator = validator;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start a replay of a stored ruleset version", description = "Answers 202 with the run's id; follow it with GET.")
    ResponseEntity<Started> start(@Valid @RequestBody ReplayRequest request, Principal by) {
        if (request.candidate() == null || request.candidate().rulesetVersion() == null) {
            throw new InvalidReplayException("candidate.rulesetVersion", Text.of("replay.candidate"));
        }
        return accepted(replays.start(request.candidate().rulesetVersion(), request, by.getName()));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Start a replay of uploaded rule files",
            description = "Parts: `request` (the JSON), and rule files (.drl, .xlsx) that replace or add to the active version's files.")
    ResponseEntity<Started> startWithFiles(@RequestPart("request") String requestJson,
                                                       @RequestPart("files") List<MultipartFile> files,
                                                       Authentication by, HttpServletRequest servletRequest) throws IOException {
        ReplayRequest request;
        try {
            request = json.readValue(requestJson, ReplayRequest.class);
        } catch (tools.jackson.core.JacksonException notJson) {
            // the part is not the JSON it must be: 400 in words, where and what (web.ProblemHandler), as for a JSON body
            throw new org.springframework.http.converter.HttpMessageNotReadableException("The request part is not a replay request.",
                    notJson, new org.springframework.http.server.ServletServerHttpRequest(servletRequest));
        }
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            var v = violations.iterator().next();
            throw new InvalidReplayException(v.getPropertyPath().toString(), Text.same(v.getMessage()));
        }
        Drafts.Author author = drafts.author(by);
        Drafts.mayChange(files.stream().map(f -> RuleFiles.nameFor(f.getOriginalFilename())).toList(), author); // before reading
        String version = drafts.replayCandidate(Uploads.read(files), author);
        return accepted(replays.start(version, request, by.getName()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A run: status, progress and what changed so far")
    ReplayView find(@PathVariable long id) {
        return view(replays.find(id));
    }

    @GetMapping("/compare")
    @Operation(summary = "Two runs side by side (the impacts of two drafts): each run as GET answers it, and the "
            + "differences of their business figures (b's change minus a's)")
    Comparison compare(@RequestParam long a, @RequestParam long b) {
        ReplayRun first = replays.find(a);
        ReplayRun second = replays.find(b);
        return new Comparison(view(first), view(second), ImpactComparison.difference(first.summary(), second.summary()));
    }

    /** Two runs as GET /api/replays/{id} answers them, and how their business figures differ. */
    @Schema(name = "ReplayComparison")
    record Comparison(ReplayView a, ReplayView b, ImpactComparison.Difference difference) {
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a running replay")
    ReplayView cancel(@PathVariable long id) {
        return view(replays.cancel(id));
    }

    @GetMapping("/{id}/changes")
    @Operation(summary = "The changed cases, before and after, oldest first")
    ReplayExports.ChangePage changes(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
                                     @RequestParam(defaultValue = "50") int size) {
        return exports.page(replays.find(id), Math.max(0, page), Math.min(Math.max(1, size), 500));
    }

    @GetMapping("/{id}/export.csv")
    @Operation(summary = "The changes as CSV, one row per case and changed decision type",
            description = "UTF-8 with a byte order mark; headers in Chinese or English (`lang`, else `Accept-Language`, "
                    + "else zh-CN); times ISO 8601 in China time, amounts in CNY as plain numbers; codes as codes.")
    void exportCsv(@PathVariable long id,
                   @Parameter(description = ExportLanguages.LANG_PARAMETER, schema = @Schema(type = "string",
                           allowableValues = {"zh-CN", "en"})) @RequestParam(required = false) ExportLanguage lang,
                   HttpServletRequest request, HttpServletResponse response) throws IOException {
        exports.csv(replays.find(id), languages.forApi(lang, request), response);
    }

    @GetMapping("/{id}/export.xlsx")
    @Operation(summary = "The summary and the changes as an Excel workbook",
            description = "Sheet names and headers in Chinese or English (`lang`, else `Accept-Language`, else zh-CN); "
                    + "times as date cells in China time, amounts as numbers in the CNY format; codes as codes.")
    void exportXlsx(@PathVariable long id,
                    @Parameter(description = ExportLanguages.LANG_PARAMETER, schema = @Schema(type = "string",
                            allowableValues = {"zh-CN", "en"})) @RequestParam(required = false) ExportLanguage lang,
                    HttpServletRequest request, HttpServletResponse response) throws IOException {
        exports.xlsx(replays.find(id), languages.forApi(lang, request), response);
    }

    private static ResponseEntity<Started> accepted(long id) {
        Started body = new Started(id, ReplayRun.RUNNING);
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", "/api/replays/" + id).body(body);
    }

    private static final String WARNING_KEY_PREFIX = "replay.warning.";

    /** The summary's warnings in words, in the request's language. */
    static List<Warning> warnings(ReplayRun run) {
        if (run.summary() == null) {
            return List.of();
        }
        // the key is replay.warning.<code>: each code's sentence is in the bundles (EMPTY_WINDOW)
        return run.summary().warnings().stream().map(code -> new Warning(code,
                Text.of(WARNING_KEY_PREFIX + code).inRequestLanguage())).toList();
    }

    /** A replay just started: follow it at its Location. */
    @Schema(name = "ReplayStarted")
    record Started(long id, @Schema(allowableValues = {"RUNNING"}) String status) {
    }

    /** A ruleset version named by its SHA-256. */
    @Schema(name = "RulesetRef")
    record RulesetRef(String rulesetVersion) {
    }

    /** A warning about a run's figures: its code and the sentence, in the request's language. */
    @Schema(name = "ReplayWarning")
    record Warning(String code, String message) {
    }

    /** A run as GET /api/replays/{id} answers it. */
    @Schema(name = "Replay")
    record ReplayView(long id,
                      @Schema(allowableValues = {"RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"}) String status,
                      RulesetRef candidate,
                      @Schema(ref = "#/components/schemas/Baseline") Object baseline,
                      java.time.LocalDate from, java.time.LocalDate to, ReplayRequest.Filters filters,
                      long total, long done, long casesPerSecond, ReplaySummary.View summary, List<Warning> warnings,
                      String error, java.time.OffsetDateTime createdAt, java.time.OffsetDateTime finishedAt, String requestedBy) {
    }

    static ReplayView view(ReplayRun run) {
        return new ReplayView(run.id(), run.status(), new RulesetRef(run.candidateVersion()),
                run.baselineVersion() == null ? "RECORDED" : new RulesetRef(run.baselineVersion()),
                run.from(), run.to(), run.filters(), run.total(), run.done(),
                run.elapsedMillis() == 0 ? 0 : Math.round(run.done() * 1000.0 / run.elapsedMillis()),
                run.summary(), warnings(run), run.error(), run.createdAt(), run.finishedAt(), run.requestedBy());
    }
}
