package com.example.aftersales.activation.internal;

import java.security.Principal;
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

import com.example.aftersales.activation.ActivationGovernance;
import com.example.aftersales.rulesets.RulesetStore;

/** Activation of ruleset versions, governed: requests, approvals by a second quality manager, rejections. */
@RestController
@RequestMapping("/api/rulesets")
@Tag(name = "Rulesets")
class ActivationController {

    private final ActivationGovernance governance;

    ActivationController(ActivationGovernance governance) {
        this.governance = governance;
    }

    /**
     * @param comment        why (required; for an emergency, the reason)
     * @param impactReplayId the impact replay seen (optional: the version's latest finished one otherwise)
     * @param emergency      a roll back to a version that decided before, at once and recorded as an emergency
     */
    record ActivationBody(String comment, Long impactReplayId, Boolean emergency) {
        boolean isEmergency() {
            return Boolean.TRUE.equals(emergency);
        }
    }

    record DecisionBody(String comment) {
    }

    @PostMapping("/{version}/activate")
    @Operation(summary = "Make a version the one that decides (roll back: activate an earlier one)",
            description = "A comment is required (400 naming it). 409 when the version's validation failed, or when a version that never decided has no finished impact replay yet. With four eyes (aftersales.rules.four-eyes, on by default) this approves another quality manager's pending request for the version (see activation-requests) and is refused in words (409) otherwise; with four eyes off it activates at once. {\"emergency\": true}: a roll back to a version that decided before, at once, recorded as an emergency with the comment as its reason. Evaluations in flight finish on the previous version.")
    RulesetStore.Activation activate(@PathVariable String version, @RequestBody(required = false) ActivationBody body,
                                     Principal by) {
        ActivationBody b = body == null ? new ActivationBody(null, null, null) : body;
        return governance.activate(version, b.comment(), b.impactReplayId(), b.isEmergency(), by.getName());
    }

    @PostMapping("/{version}/activation-requests")
    @Operation(summary = "Request that a version decide",
            description = "With a comment (why) and, for a version that never decided, its finished impact replay (impactReplayId, or its latest). Answers the request (201): PENDING until another quality manager approves or rejects it; APPROVED at once (activated) with four eyes off or as an emergency roll back.")
    ResponseEntity<ActivationGovernance.Request> request(@PathVariable String version,
                                                         @RequestBody(required = false) ActivationBody body, Principal by) {
        ActivationBody b = body == null ? new ActivationBody(null, null, null) : body;
        ActivationGovernance.Request request = governance.request(version, b.comment(), b.impactReplayId(), b.isEmergency(), by.getName());
        return ResponseEntity.created(java.net.URI.create("/api/rulesets/activation-requests/" + request.id())).body(request);
    }

    @GetMapping("/{version}/activation-requests")
    @Operation(summary = "A version's activation requests, newest first, with their decisions")
    List<ActivationGovernance.Request> requestsFor(@PathVariable String version) {
        return governance.requestsFor(version);
    }

    @GetMapping("/{version}/activation-evidence")
    @Operation(summary = "What a version brings to its activation: its latest finished impact replay and its shadow agreement",
            description = "shadow: the version's latest shadow run (agreement rate, cases shadowed, differences by decision type), absent when it was never shadowed.")
    ActivationGovernance.Evidence evidence(@PathVariable String version) {
        return governance.evidence(version);
    }

    @GetMapping("/activation-requests")
    @Operation(summary = "Activation requests: those waiting (status=PENDING, the default) or the latest (status=ALL)")
    List<ActivationGovernance.Request> requests(@RequestParam(defaultValue = "PENDING") String status) {
        return "ALL".equalsIgnoreCase(status) ? governance.recent(200) : governance.pending();
    }

    @GetMapping("/activation-requests/{id}")
    @Operation(summary = "One activation request and its decision")
    ActivationGovernance.Request find(@PathVariable long id) {
        return governance.find(id);
    }

    @PostMapping("/activation-requests/{id}/approve")
    @Operation(summary = "Approve a pending request: the version is activated",
            description = "By a quality manager other than the requester and the version's author (409 in words otherwise); a comment is required.")
    ActivationGovernance.Request approve(@PathVariable long id, @RequestBody(required = false) DecisionBody body, Principal by) {
        return governance.approve(id, body == null ? null : body.comment(), by.getName());
    }

    @PostMapping("/activation-requests/{id}/reject")
    @Operation(summary = "Reject (or, by its requester, withdraw) a pending request, with the reason")
    ActivationGovernance.Request reject(@PathVariable long id, @RequestBody(required = false) DecisionBody body, Principal by) {
        return governance.reject(id, body == null ? null : body.comment(), by.getName());
    }
}
