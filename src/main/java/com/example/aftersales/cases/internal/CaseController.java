package com.example.aftersales.cases.internal;

import java.net.URI;

import jakarta.validation.Valid;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseService;
import com.example.aftersales.cases.CaseViews.CaseHistory;
import com.example.aftersales.cases.CaseViews.CaseResult;
import com.example.aftersales.cases.CaseViews.EvaluationView;
import com.example.aftersales.text.Text;

@RestController
@RequestMapping("/api")
@Tag(name = "Cases", description = "Register complaint cases and get the policy's decisions")
class CaseController {

    private static final Logger log = LoggerFactory.getLogger(CaseController.class);

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** A what-if evaluation: nothing recorded. */
    record WhatIf(EvaluationView evaluation) {
    }

    /** Body of {@code POST /api/cases/{id}/evaluations}. */
    record FindingsRequest(@jakarta.validation.constraints.NotNull @jakarta.validation.Valid CaseData.Findings findings) {
    }

    private final CaseService service;

    CaseController(CaseService service) {
        this.service = service;
    }

    @PostMapping("/cases")
    @Operation(summary = "Register a case and evaluate it", description = """
            Records the case, the facts and prior defects the rules saw, and their decisions: 201. A retry of a recorded \
            request (same Idempotency-Key, or same externalRef, and the same content) records nothing and answers 200 \
            with the first answer (same caseId and evaluation) and the header Idempotent-Replayed: true. The same key \
            with other content: 422; the same externalRef with other content: 409.""")
    ResponseEntity<CaseResult> register(@Valid @RequestBody CaseData data,
                                        @Parameter(description = "Any unique text up to 200 visible ASCII characters, e.g. a UUID, sent again on a retry")
                                        @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
                                        java.security.Principal by) {
        if (data.externalRef() != null) {
            MDC.put(CaseLogContext.EXTERNAL_REF, data.externalRef());
        }
        CaseService.Registration registration = service.registerOnce(data, checked(idempotencyKey), by.getName());
        CaseResult result = registration.result();
        MDC.put(CaseLogContext.CASE_ID, Long.toString(result.caseId()));
        URI location = URI.create("/api/cases/" + result.caseId());
        if (registration.created()) {
            return ResponseEntity.created(location).body(result);
        }
        log.info("A retry of case {} got its first answer", result.caseId());
        return ResponseEntity.ok().location(location).header("Idempotent-Replayed", "true").body(result);
    }

    private static String checked(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidParameterException(IDEMPOTENCY_KEY, Text.of("header.idempotencyKey"));
        }
        return key;
    }

    @PostMapping("/cases/{id}/evaluations")
    @Operation(summary = "Add investigation findings and evaluate again")
    ResponseEntity<CaseResult> addFindings(@PathVariable long id, @Valid @RequestBody FindingsRequest body) {
        CaseResult result = service.addFindings(id, body.findings());
        return ResponseEntity.created(URI.create("/api/cases/" + id)).body(result);
    }

    @GetMapping("/cases/{id}")
    @Operation(summary = "A case with every evaluation, oldest first")
    CaseHistory find(@PathVariable long id) {
        return service.find(id);
    }

    @PostMapping("/evaluate")
    @Operation(summary = "Evaluate a case without recording anything (what-if)")
    WhatIf evaluate(@Valid @RequestBody CaseData data) {
        return new WhatIf(service.whatIf(data));
    }
}
