package com.example.aftersales.rulesets.internal;

import java.security.Principal;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;

import com.example.aftersales.rulesets.Drafts;
import com.example.aftersales.rulesets.RuleFileDownload;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.rulesets.UnknownRulesetException;
import com.example.aftersales.rulesets.Uploads;
import com.example.aftersales.policy.RuleFiles;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/rulesets")
@Tag(name = "Rulesets", description = "The ruleset versions and their files")
class RulesetController {

    private final RulesetStore store;
    private final Drafts drafts;

    private final java.time.Clock clock;

    RulesetController(RulesetStore store, Drafts drafts, java.time.Clock clock) {
        this.store = store;
        this.drafts = drafts;
        this.clock = clock;
    }

    @PostMapping(value = "/drafts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload edited rule files as a draft",
            description = "The files (decision tables .xlsx/.xls, scenarios .yaml and .scenarios.xlsx; for rule authors also .drl and .table.yaml) replace or add to the active version's; `remove` names files of the active version to leave out (e.g. scenarios/p15-….yaml). Answers the draft's version and its validation report; the same files as a stored version answer that version. Rule code needs a rule author: 403, nothing read or stored.")
    ResponseEntity<Drafts.Draft> draft(@RequestPart(value = "files", required = false) List<MultipartFile> files,
                                       @RequestParam(value = "remove", required = false) List<String> remove,
                                       @RequestParam(value = "comment", required = false) String comment,
                                       Authentication author) throws java.io.IOException {
        Drafts.Author by = drafts.author(author);
        List<String> removed = remove == null ? List.of() : remove.stream().filter(r -> !r.isBlank()).toList();
        Drafts.mayChange(removed, by);
        Map<String, byte[]> uploads = removed.isEmpty() || files != null && !files.isEmpty() ? Uploads.read(files) : Map.of();
        Drafts.Draft draft = drafts.create(uploads, removed, comment, by);
        return ResponseEntity.created(java.net.URI.create("/api/rulesets/" + draft.version())).body(draft);
    }

    record AcceptRequest(@jakarta.validation.constraints.NotEmpty List<@jakarta.validation.constraints.Size(max = 300) String> scenarios,
                         @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 2000) String comment) {
    }

    @PostMapping("/{version}/scenarios/accept")
    @Operation(summary = "Accept what a version decides for failing scenarios as their new expectation",
            description = "Answers a new draft (201): the version's files with the named scenarios expecting what it decides, validated. The comment (why) is recorded as the draft's comment and in each scenario's notes, with who accepted it.")
    ResponseEntity<Drafts.Draft> accept(@PathVariable String version,
                                        @jakarta.validation.Valid @RequestBody AcceptRequest request, Authentication by) {
        Drafts.Draft draft = drafts.acceptScenarios(version, request.scenarios(), request.comment(), drafts.author(by), clock);
        return ResponseEntity.created(java.net.URI.create("/api/rulesets/" + draft.version())).body(draft);
    }

    @PostMapping("/reload")
    @Operation(summary = "Developers: read the rules folder again",
            description = "The files on disk become a version with its validation report, and are activated when valid.")
    Drafts.Draft reload(Principal by) {
        return drafts.reloadFromDisk(by.getName());
    }

    @GetMapping("/activations")
    @Operation(summary = "Every activation, newest first: from which version to which, when and why")
    List<RulesetStore.Activation> activations() {
        return store.activations();
    }

    @GetMapping
    @Operation(summary = "Every stored ruleset version, newest first")
    List<RulesetStore.Version> list() {
        return store.versions();
    }

    @GetMapping("/active")
    @Operation(summary = "The version that decides new cases")
    RulesetStore.Version active() {
        String active = store.activeVersion();
        return store.version(active).orElseThrow(() -> new UnknownRulesetException(active));
    }

    /** A version, and its activations (with who requested and approved each). */
    record VersionDetail(@com.fasterxml.jackson.annotation.JsonUnwrapped RulesetStore.Version version,
                         List<RulesetStore.Activation> activations) {
    }

    @GetMapping("/{version}")
    @Operation(summary = "One version, its files, and its activations (who requested, who approved, when and why)",
            description = "Activation requests and their decisions: GET /api/rulesets/{version}/activation-requests.")
    VersionDetail find(@PathVariable String version) {
        RulesetStore.Version found = store.version(version).orElseThrow(() -> new UnknownRulesetException(version));
        return new VersionDetail(found, store.activations().stream().filter(a -> a.toVersion().equals(version)).toList());
    }

    @GetMapping("/{version}/files/{*name}")
    @Operation(summary = "A file of a version, as stored (the .xlsx a quality manager opens in Excel)")
    ResponseEntity<byte[]> file(@PathVariable String version,
                                @io.swagger.v3.oas.annotations.Parameter(description = "The file's full name, slashes as they are "
                                        + "(decision-tables/major-incident.xlsx), not encoded; a client that encodes every path "
                                        + "parameter uses GET /api/rulesets/{version}/file?path=…")
                                @PathVariable String name) {
        return RuleFileDownload.of(store, version, name);
    }

    @GetMapping("/{version}/file")
    @Operation(summary = "A file of a version by its full name as a query parameter (path=decision-tables/major-incident.xlsx)",
            description = "The same bytes as GET /api/rulesets/{version}/files/{name}, for clients that encode the slashes of a path parameter.")
    ResponseEntity<byte[]> fileByPath(@PathVariable String version,
                                      @io.swagger.v3.oas.annotations.Parameter(description = "The file's full name, e.g. decision-tables/major-incident.xlsx",
                                              example = "decision-tables/major-incident.xlsx") @RequestParam String path) {
        return RuleFileDownload.of(store, version, path);
    }
}
