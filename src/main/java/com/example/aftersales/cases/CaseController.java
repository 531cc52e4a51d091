package com.example.aftersales.cases;

import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.aftersales.cases.CaseViews.CaseHistory;
import com.example.aftersales.cases.CaseViews.CaseResult;
import com.example.aftersales.cases.CaseViews.FindingsRequest;
import com.example.aftersales.cases.CaseViews.WhatIf;

@RestController
@RequestMapping("/api")
@Tag(name = "Cases", description = "Register complaint cases and get the policy's decisions")
class CaseController {

    private final CaseService service;

    CaseController(CaseService service) {
        this.service = service;
    }

    @PostMapping("/cases")
    @Operation(summary = "Register a case and evaluate it", description = "Records the case, the facts and prior defects the rules saw, and their decisions.")
    ResponseEntity<CaseResult> register(@Valid @RequestBody CaseData data) {
        CaseResult result = service.register(data);
        return ResponseEntity.created(URI.create("/api/cases/" + result.caseId())).body(result);
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
