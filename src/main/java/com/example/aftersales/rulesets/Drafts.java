package com.example.aftersales.rulesets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleCompilationException;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.RulesProperties;
import com.example.aftersales.text.Text;

/**
 * Drafts: uploaded rule files that replace or add to the active version's, stored as a version of their own with a
 * validation report — compile errors by file, sheet, row and column, and every scenario of the draft (its own
 * {@code scenarios/}) run against it. Only a valid draft can be activated.
 * <p>
 * Who may upload what is decided from the files' names before any file is read: rule code (DRL, table definitions)
 * needs a rule author; decision tables and scenarios are data, which quality managers and analysts may change and
 * which never becomes code. Validation compiles and runs rules, so only a few run at once.
 */
@Service
public class Drafts {

    /**
     * The validation report of a draft (the contract of DESIGN.md). Warnings in Chinese and English
     * ({@code warningMessages}); in JSON, {@code warnings} in the request's language.
     */
    @JsonPropertyOrder({"valid", "compiled", "errors", "scenarioFailures", "warnings", "warningMessages"})
    public record Validation(boolean valid, boolean compiled, List<RuleError> errors, List<Scenarios.Failure> scenarioFailures,
                             List<Text> warningMessages) {

        /** Reads a stored report: one written before there was Chinese has only {@code warnings}, in English. */
        @JsonCreator
        static Validation read(@JsonProperty("valid") boolean valid, @JsonProperty("compiled") Boolean compiled,
                               @JsonProperty("errors") List<RuleError> errors,
                               @JsonProperty("scenarioFailures") List<Scenarios.Failure> scenarioFailures,
                               @JsonProperty("warnings") List<String> warnings,
                               @JsonProperty("warningMessages") List<Text> warningMessages) {
            // a report stored before "compiled" was kept: its version compiled when stored, or fails again when run
            return new Validation(valid, compiled == null || compiled, errors == null ? List.of() : errors,
                    scenarioFailures == null ? List.of() : scenarioFailures,
                    warningMessages != null ? warningMessages
                            : warnings == null ? List.of() : warnings.stream().map(w -> new Text(null, w)).toList());
        }

        /** In English (tests, logs); JSON's {@code warnings} are in the request's language. */
        public List<String> warnings() {
            return warningMessages.stream().map(Text::en).toList();
        }

        @JsonProperty("warnings")
        List<String> warningsInRequestLanguage() {
            return warningMessages.stream().map(Text::inRequestLanguage).toList();
        }
    }

    public record Draft(String version, String comment, Validation validation) {
    }

    /**
     * Who uploads a draft.
     *
     * @param name          recorded as the draft's author
     * @param mayChangeCode whether the draft may change rule code (DRL files, table definitions) and not only
     *                      data: rule authors may, quality managers and analysts may not
     */
    public record Author(String name, boolean mayChangeCode) {
    }

    /** The authority that may change rule code, not only values (ADMIN holds it too, through the role hierarchy). */
    static final String RULE_AUTHOR = "ROLE_RULE_AUTHOR";

    /** Whether this user or key may make drafts (quality managers, rule authors, and through them administrators). */
    public boolean mayDraft(Authentication authentication) {
        return roles.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .anyMatch(a -> RULE_AUTHOR.equals(a.getAuthority()) || "ROLE_QUALITY_MANAGER".equals(a.getAuthority()));
    }

    /** The author of a draft uploaded by this signed-in user or API key. */
    public Author author(Authentication authentication) {
        boolean mayChangeCode = roles.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .anyMatch(a -> RULE_AUTHOR.equals(a.getAuthority()));
        return new Author(authentication.getName(), mayChangeCode);
    }

    private static final java.time.ZoneId CHINA = java.time.ZoneId.of("Asia/Shanghai");

    private final RulesetStore store;
    private final RoleHierarchy roles;
    private final PolicyEngine engine;
    private final JsonMapper json;
    private final Path baseDir;
    /** Validations running at once: each compiles a rule base and runs every scenario. */
    private final Semaphore validations;

    Drafts(RulesetStore store, PolicyEngine engine, JsonMapper json, RulesProperties properties, RoleHierarchy roles) {
        this.store = store;
        this.roles = roles;
        this.engine = engine;
        this.json = json;
        this.baseDir = properties.baseDirPath();
        this.validations = new Semaphore(properties.concurrentValidations(), true);
    }

    /**
     * A draft of the uploaded files (replacing or adding to the active version's) less the removed ones. Refused,
     * with nothing read or stored, when it would change rule code and its author may not. The same files as a stored
     * version answer that version as stored.
     */
    public Draft create(Map<String, byte[]> uploads, java.util.Collection<String> removed, String comment, Author author) {
        List<String> changed = new java.util.ArrayList<>(uploads.keySet());
        changed.addAll(removed);
        mayChange(changed, author);
        RuleFiles active = store.activeFiles();
        List<RuleError> unknown = removed.stream().filter(r -> !active.files().containsKey(r))
                .map(r -> RuleError.inFile(r, null, Text.of("draft.notInActive"))).toList();
        if (!unknown.isEmpty()) {
            throw new RuleCompilationException(unknown);
        }
        return draft(active.with(uploads, removed), comment, author, changed);
    }

    /** Stores the files as a validated draft, or answers the version already stored with the same files. */
    private Draft draft(RuleFiles draft, String comment, Author author, List<String> changed) {
        if (store.exists(draft.version())) {
            // the same files again: the version as stored (validated now if it was stored without a report, as at start-up)
            return new Draft(draft.version(), store.comment(draft.version()),
                    validationOf(draft.version()).orElseGet(() -> validate(draft)));
        }
        Validation validation = withCodeWarnings(validate(draft), changed);
        String version = store.store(draft, "DRAFT", comment, json.writeValueAsString(validation), author.name());
        return new Draft(version, comment, validation);
    }

    /**
     * A new draft of a version in which the named failing scenarios expect what the version decides: the quality
     * manager accepts the new decisions as the policy, recorded with who and why (the draft's comment and each
     * scenario's notes).
     */
    public Draft acceptScenarios(String version, List<String> names, String why, Author author, java.time.Clock clock) {
        if (why == null || why.isBlank()) {
            throw new RuleCompilationException(List.of(RuleError.inFile("(comment)", null, Text.of("accept.why"))));
        }
        RuleFiles files = store.files(version);
        Map<String, byte[]> scenarios = Scenarios.of(files);
        CompiledRuleset compiled = store.compiled(version);
        Map<String, byte[]> accepted = new java.util.TreeMap<>();
        Map<String, Map<String, byte[]>> acceptedRows = new java.util.TreeMap<>(); // by workbook, by row id
        List<String> acceptedNames = new java.util.ArrayList<>();
        List<RuleError> problems = new java.util.ArrayList<>();
        String note = "Expectation accepted on " + java.time.LocalDate.now(clock.withZone(CHINA)) + " by " + author.name()
                + ": " + why.strip();
        for (String name : names) {
            byte[] yaml = scenarios.get(name);
            if (yaml == null) {
                problems.add(RuleError.inFile(name, null, Text.of("accept.notScenario", version)));
                continue;
            }
            try {
                Scenarios.Scenario s = Scenarios.read(yaml);
                var evaluation = compiled.evaluate(s.caseData().toFacts(), Scenarios.priors(s));
                if (Scenarios.problems(s, evaluation).isEmpty()) {
                    problems.add(RuleError.inFile(name, null, Text.of("accept.notFailing")));
                    continue;
                }
                String workbook = Scenarios.workbookOf(name);
                if (workbook == null) {
                    accepted.put(name, Scenarios.accepted(yaml, evaluation, note));
                } else {
                    acceptedRows.computeIfAbsent(workbook, w -> new java.util.LinkedHashMap<>())
                            .put(name.substring(workbook.length() + 1), Scenarios.accepted(yaml, evaluation, note));
                }
                acceptedNames.add(name);
            } catch (Scenarios.UnreadableScenarioException e) {
                problems.add(RuleError.inFile(name, null, Text.join(e.problems())).withDetail(e.detail()));
            } catch (java.io.IOException | RuntimeException e) {
                problems.add(RuleError.inFile(name, null, Text.of("scenario.cannotRun")).withDetail(e.getMessage()));
            }
        }
        acceptedRows.forEach((workbook, rows) -> {
            try {
                accepted.put(workbook, Scenarios.acceptedRows(workbook, files.files().get(workbook), rows));
            } catch (java.io.IOException | RuntimeException e) {
                problems.add(RuleError.inFile(workbook, null, Text.of("accept.cannotRewrite")).withDetail(e.getMessage()));
            }
        });
        if (!problems.isEmpty() || accepted.isEmpty()) {
            throw new RuleCompilationException(problems.isEmpty()
                    ? List.of(RuleError.inFile("(scenarios)", null, Text.of("accept.nameOne"))) : problems);
        }
        String comment = "Accepted as the new expectation: " + String.join(", ", acceptedNames.stream().sorted().toList()) + " — " + why.strip();
        return draft(files.with(accepted, List.of()), comment, author, List.copyOf(accepted.keySet()));
    }

    /** Refuses changes to rule code by an author who may change data only; decided by name, before any file is read. */
    public static void mayChange(java.util.Collection<String> names, Author author) {
        List<String> code = names.stream().filter(RuleFiles::isCode).sorted().toList();
        if (!code.isEmpty() && !author.mayChangeCode()) {
            throw new RuleCodeForbiddenException(code);
        }
    }

    private static Validation withCodeWarnings(Validation validation, List<String> changed) {
        List<String> code = changed.stream().filter(RuleFiles::isCode).sorted().toList();
        if (code.isEmpty()) {
            return validation;
        }
        List<Text> warnings = new java.util.ArrayList<>(validation.warningMessages());
        code.forEach(name -> warnings.add(Text.of("warning.ruleCode", name)));
        return new Validation(validation.valid(), validation.compiled(), validation.errors(), validation.scenarioFailures(), warnings);
    }

    /**
     * Uploaded files replacing or adding to the active version's, for a replay: validated and stored as a version once
     * they compile (a version that fails its scenarios is stored too, for replaying, but cannot be activated). Rule
     * code needs a rule author, as for a draft. Answers the stored version.
     */
    public String replayCandidate(Map<String, byte[]> uploads, Author author) {
        mayChange(uploads.keySet(), author);
        RuleFiles candidate = store.activeFiles().with(uploads, List.of());
        if (store.exists(candidate.version())) {
            Validation stored = validationOf(candidate.version()).orElse(null);
            if (stored != null && !stored.compiled()) {
                throw new RuleCompilationException(stored.errors()); // stored as a draft that does not compile
            }
            return candidate.version();
        }
        Validation validation = validate(candidate);
        if (!validation.compiled()) {
            throw new RuleCompilationException(validation.errors()); // nothing stored: files that do not compile never run
        }
        return store.store(candidate, "REPLAY_UPLOAD", null, json.writeValueAsString(validation), author.name());
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
        try {
            if (!validations.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new ValidationBusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationBusyException();
        }
        try {
            CompiledRuleset compiled;
            try {
                compiled = engine.compile(files);
            } catch (RuleCompilationException e) {
                return new Validation(false, false, e.errors(), List.of(), List.of(Text.of("warning.doesNotCompile")));
            }
            Map<String, byte[]> scenarios = Scenarios.of(files);
            List<Scenarios.Failure> failures = Scenarios.failures(scenarios, compiled);
            List<RuleError> contradictions = Scenarios.contradictions(scenarios, compiled);
            boolean valid = failures.isEmpty() && contradictions.isEmpty();
            if (valid) {
                store.remember(compiled); // activating it is then only the switch
            }
            List<Text> warnings = new java.util.ArrayList<>(compiled.warnings());
            if (scenarios.isEmpty()) {
                warnings.add(Text.of("warning.noScenarios"));
            }
            return new Validation(valid, true, contradictions, failures, warnings);
        } finally {
            validations.release();
        }
    }
}
