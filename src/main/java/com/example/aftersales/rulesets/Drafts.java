package com.example.aftersales.rulesets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleCompilationException;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.RulesProperties;

/**
 * Drafts: uploaded rule files that replace or add to the active version's, stored as a version of their own with a
 * validation report — compile errors by file, sheet, row and column, and every scenario of {@code scenarios/} run
 * against the draft. Only a valid draft can be activated.
 */
@Service
public class Drafts {

    /** The validation report of a draft (the contract of DESIGN.md). */
    public record Validation(boolean valid, List<RuleError> errors, List<Scenarios.Failure> scenarioFailures,
                             List<String> warnings) {
    }

    public record Draft(String version, String comment, Validation validation) {
    }

    /**
     * Who uploads a draft.
     *
     * @param name          recorded as the draft's author
     * @param mayChangeCode whether the draft may change rule code (DRL files, the code rows of a workbook) and not
     *                      only values: rule authors may, quality managers may not — cell values are pasted into code
     */
    public record Author(String name, boolean mayChangeCode) {
    }

    /** The authority that may change rule code, not only values (ADMIN holds it too, through the role hierarchy). */
    static final String RULE_AUTHOR = "ROLE_RULE_AUTHOR";

    /** The author of a draft uploaded by this signed-in user or API key. */
    public Author author(Authentication authentication) {
        boolean mayChangeCode = roles.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .anyMatch(a -> RULE_AUTHOR.equals(a.getAuthority()));
        return new Author(authentication.getName(), mayChangeCode);
    }

    private final RulesetStore store;
    private final RoleHierarchy roles;
    private final PolicyEngine engine;
    private final JsonMapper json;
    private final Path scenarios;
    private final Path baseDir;

    Drafts(RulesetStore store, PolicyEngine engine, JsonMapper json, RulesProperties properties, RoleHierarchy roles) {
        this.store = store;
        this.roles = roles;
        this.engine = engine;
        this.json = json;
        this.baseDir = properties.baseDirPath();
        this.scenarios = baseDir.resolve("scenarios");
    }

    /** At most this many files in one draft, each at most {@link #MAX_FILE_BYTES}. */
    static final int MAX_FILES = 20;
    static final int MAX_FILE_BYTES = 5 * 1024 * 1024;

    public Draft create(Map<String, byte[]> uploads, String comment, Author author) {
        List<RuleError> refused = new java.util.ArrayList<>();
        if (uploads.isEmpty() || uploads.size() > MAX_FILES) {
            refused.add(RuleError.inFile("(upload)", null, "a draft takes 1 to " + MAX_FILES + " files, not " + uploads.size()));
        }
        uploads.forEach((name, bytes) -> {
            if (bytes.length > MAX_FILE_BYTES) {
                refused.add(RuleError.inFile(name, null, "larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB"));
            }
        });
        if (!refused.isEmpty()) {
            throw new RuleCompilationException(refused);
        }
        RuleFiles active = store.activeFiles();
        Map<String, byte[]> files = new TreeMap<>(active.files());
        files.putAll(uploads);
        RuleFiles draft = new RuleFiles(files);
        Validation validation = validate(draft);
        List<RuleError> codeChanges = CodeChanges.between(active.files(), uploads);
        if (!codeChanges.isEmpty() && author.mayChangeCode()) {
            List<String> warnings = new java.util.ArrayList<>(validation.warnings());
            codeChanges.forEach(change -> warnings.add("rule code, not only values: " + change));
            validation = new Validation(validation.valid(), validation.errors(), validation.scenarioFailures(), warnings);
        } else if (!codeChanges.isEmpty()) {
            List<RuleError> errors = new java.util.ArrayList<>(validation.errors());
            codeChanges.forEach(c -> errors.add(new RuleError(c.file(), c.sheet(), c.row(), c.column(), c.line(),
                    "only a rule author may change rule code, not only values: " + c.message())));
            validation = new Validation(false, errors, validation.scenarioFailures(), validation.warnings());
        }
        String version = store.store(draft, "DRAFT", comment, json.writeValueAsString(validation), author.name());
        return new Draft(version, comment, validation);
    }

    /**
     * Uploaded files replacing or adding to the active version's, for a replay: stored as a version once they compile.
     * Rule code runs on the server, so code changes (DRL, a workbook's code rows) are refused unless the author may
     * change code, as for a draft. Answers the stored version.
     */
    public String replayCandidate(Map<String, byte[]> uploads, Author author) {
        RuleFiles active = store.activeFiles();
        List<RuleError> codeChanges = CodeChanges.between(active.files(), uploads);
        if (!codeChanges.isEmpty() && !author.mayChangeCode()) {
            throw new RuleCompilationException(codeChanges.stream().map(c -> new RuleError(c.file(), c.sheet(), c.row(),
                    c.column(), c.line(), "only a rule author may change rule code, not only values: " + c.message())).toList());
        }
        Map<String, byte[]> merged = new TreeMap<>(active.files());
        merged.putAll(uploads);
        RuleFiles candidate = new RuleFiles(merged);
        engine.compile(candidate); // refuses files that do not compile, naming their cells, before anything is stored
        return store.store(candidate, "REPLAY_UPLOAD", null, null, author.name());
    }

    /**
     * The files in the rules folder as a draft of their own (what a developer edited on disk), validated like any
     * other; activated at once when valid.
     */
    public Draft reloadFromDisk(String by) {
        RuleFiles disk = RuleFiles.load(baseDir);
        Validation validation = validate(disk);
        String version = store.store(disk, "FILES", "reloaded from the rules folder", json.writeValueAsString(validation), by);
        if (validation.valid() && !version.equals(engine.active().version())) {
            store.activate(version, "reloaded from the rules folder", by);
        }
        return new Draft(version, "reloaded from the rules folder", validation);
    }

    /** The validation report stored with a version; empty for a version that was not validated. */
    public java.util.Optional<Validation> validationOf(String version) {
        return store.validationJson(version).map(v -> json.readValue(v, Validation.class));
    }

    Validation validate(RuleFiles files) {
        CompiledRuleset compiled;
        try {
            compiled = engine.compile(files);
        } catch (RuleCompilationException e) {
            return new Validation(false, e.errors(), List.of(), List.of());
        }
        List<Scenarios.Failure> failures = Scenarios.failures(scenarios, compiled);
        List<RuleError> contradictions = Scenarios.contradictions(scenarios, compiled);
        boolean valid = failures.isEmpty() && contradictions.isEmpty();
        if (valid) {
            store.remember(compiled); // activating it is then only the switch
        }
        List<String> warnings = Scenarios.files(scenarios).isEmpty()
                ? List.of("no scenarios in " + scenarios + ": the draft's decisions were not checked")
                : List.of();
        return new Validation(valid, contradictions, failures, warnings);
    }
}
