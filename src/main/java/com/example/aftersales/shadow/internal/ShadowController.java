package com.example.aftersales.shadow.internal;

import com.example.aftersales.shadow.ShadowRun;
import com.example.aftersales.shadow.ShadowService;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/shadow-runs")
@Tag(name = "Shadow runs", description = "A draft decides every new case beside the active rules, with no effect")
class ShadowController {

    private final ShadowService shadows;

    ShadowController(ShadowService shadows) {
        this.shadows = shadows;
    }

    /**
     * @param draftVersion a stored valid draft
     * @param endsAt       optional: the run stops at this time
     * @param maxCases     optional: the run stops when it has shadowed this many evaluations
     */
    record StartBody(String draftVersion, OffsetDateTime endsAt, Long maxCases) {
    }

    @PostMapping
    @Operation(summary = "Start a shadow run of a stored valid draft",
            description = "From then on every recorded evaluation (POST /api/cases, new findings, imports) is also decided by the draft, off the request path, on the same facts, prior defects and reference time; the answers never change. 400 naming the field (draftVersion, endsAt in the past, maxCases); 422 for an unknown version; 409 for a draft whose validation failed or when aftersales.shadow.max-concurrent runs are going on already. Answers 201 with the run.")
    ResponseEntity<ShadowRun> start(@RequestBody(required = false) StartBody body, Principal by) {
        StartBody b = body == null ? new StartBody(null, null, null) : body;
        ShadowRun run = shadows.start(b.draftVersion(), b.endsAt(), b.maxCases(), by.getName());
        return ResponseEntity.created(java.net.URI.create("/api/shadow-runs/" + run.id())).body(run);
    }

    @GetMapping
    @Operation(summary = "The latest shadow runs, newest first")
    List<ShadowRun> list(@RequestParam(defaultValue = "50") int limit) {
        return shadows.recent(Math.max(1, Math.min(limit, 200)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One shadow run: agreement rate, differences by decision type, money as in the impact view",
            description = "warnings: SAMPLED when the backlog was full at times (skipped evaluations were not shadowed), DRAFT_FAILED when the draft threw, ran away or ran out of time on some cases (counted as disagreeing, type SHADOW_FAILED).")
    ShadowRun find(@PathVariable long id) {
        return shadows.find(id);
    }

    @GetMapping("/{id}/differences")
    @Operation(summary = "A run's differences, one per case's evaluation and decision type, oldest first",
            description = "With the active and the draft's value and the rules fired on one side only (with their sources); type filters by decision type; page from 0, size up to 200.")
    ShadowRun.Page differences(@PathVariable long id, @RequestParam(required = false) String type,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return shadows.differences(id, type, page, size);
    }

    @PostMapping("/{id}/stop")
    @Operation(summary = "Stop a shadow run by hand", description = "409 when it has stopped already.")
    ShadowRun stop(@PathVariable long id, Principal by) {
        return shadows.stop(id, by.getName());
    }
}
