package com.example.aftersales.rulesets;

import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
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

    RulesetController(RulesetStore store) {
        this.store = store;
    }

    @GetMapping
    @Operation(summary = "Every stored ruleset version, newest first")
    List<RulesetStore.Version> list() {
        return store.versions();
    }

    @GetMapping("/active")
    @Operation(summary = "The version that decides new cases")
    RulesetStore.Version active() {
        return store.versions().stream().filter(RulesetStore.Version::active).findFirst().orElseThrow();
    }

    @GetMapping("/{version}")
    @Operation(summary = "One version and its files")
    RulesetStore.Version find(@PathVariable String version) {
        return store.versions().stream().filter(v -> v.version().equals(version)).findFirst()
                .orElseThrow(() -> new UnknownRulesetException(version));
    }

    @GetMapping("/{version}/files/{*name}")
    @Operation(summary = "A file of a version, as stored (the .xlsx a quality manager opens in Excel)")
    ResponseEntity<byte[]> file(@PathVariable String version, @PathVariable String name) {
        String file = name.startsWith("/") ? name.substring(1) : name;
        byte[] content = store.file(version, file);
        MediaType type = file.endsWith(".xlsx")
                ? MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                : MediaType.parseMediaType("text/plain;charset=UTF-8");
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.substring(file.lastIndexOf('/') + 1)).build().toString())
                .body(content);
    }
}
