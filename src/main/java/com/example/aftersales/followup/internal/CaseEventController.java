package com.example.aftersales.followup.internal;

import com.example.aftersales.followup.CaseEvent;
import com.example.aftersales.followup.CaseEventService;
import com.example.aftersales.followup.EventRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;

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

@RestController
@RequestMapping("/api/cases/{id}/events")
@Tag(name = "Follow-up", description = "Events of a case after its evaluation, deadlines, rectification orders, notices, monthly summary")
class CaseEventController {

    private final CaseEventService events;

    CaseEventController(CaseEventService events) {
        this.events = events;
    }

    @PostMapping
    @Operation(summary = "Record an event of a case (append-only)",
            description = "recordedBy is the signed-in user when there is one, else the request's recordedBy; recordedAt is the server's clock.")
    ResponseEntity<CaseEvent> record(@PathVariable long id, @Valid @RequestBody EventRequest body, Principal principal) {
        CaseEvent event = events.record(id, body, principal == null ? null : principal.getName());
        return ResponseEntity.created(URI.create("/api/cases/" + id + "/events/" + event.id())).body(event);
    }

    @GetMapping
    @Operation(summary = "The events of a case, in the order they were recorded")
    List<CaseEvent> list(@PathVariable long id) {
        return events.list(id);
    }
}
