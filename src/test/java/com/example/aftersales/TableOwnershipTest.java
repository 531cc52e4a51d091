package com.example.aftersales;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A feature's tables are read and written by that feature only: others learn through its published API or its
 * events, and keep their own read models where they need one (the follow-up's {@code followup_case} ...). This reads
 * the SQL in every feature's main sources and fails when one names a table another feature owns.
 */
class TableOwnershipTest {

    /** Each table, by the feature (top-level package) that owns it. A new table must be given an owner here. */
    private static final Map<String, String> OWNER = Map.ofEntries(
            Map.entry("aftersales_case", "cases"), Map.entry("evaluation", "cases"), Map.entry("decision", "cases"),
            Map.entry("confirmed_defect", "cases"), Map.entry("case_search_term", "cases"),
            Map.entry("case_search_pending", "cases"), Map.entry("case_decision_types", "cases"),
            Map.entry("case_event", "followup"), Map.entry("case_followup", "followup"),
            Map.entry("case_notice", "followup"), Map.entry("case_obligation", "followup"),
            Map.entry("case_obligation_open", "followup"),
            Map.entry("rectification_order", "followup"), Map.entry("rectification_order_case", "followup"),
            // the follow-up's read model of the recorded cases and of the files on its events (V35)
            Map.entry("followup_case", "followup"), Map.entry("followup_evaluation", "followup"),
            Map.entry("case_event_file", "followup"),
            Map.entry("evidence", "evidence"), Map.entry("evidence_event", "evidence"),
            Map.entry("ruleset_version", "rulesets"), Map.entry("ruleset_file", "rulesets"),
            Map.entry("ruleset_activation", "rulesets"), Map.entry("activation_request", "activation"),
            Map.entry("replay_run", "replay"), Map.entry("replay_change", "replay"), Map.entry("replay_worker", "replay"),
            // Spring Batch's job repository (db/vendor/*/V33): replay's jobs are its only jobs
            Map.entry("batch_job_instance", "replay"), Map.entry("batch_job_execution", "replay"),
            Map.entry("batch_job_execution_params", "replay"), Map.entry("batch_step_execution", "replay"),
            Map.entry("batch_step_execution_context", "replay"), Map.entry("batch_job_execution_context", "replay"),
            Map.entry("shadow_run", "shadow"), Map.entry("shadow_difference", "shadow"),
            Map.entry("import_job", "imports"),
            Map.entry("api_key", "security"), Map.entry("app_user", "security"), Map.entry("login_failure", "security"));

    private static final Pattern TABLE_USE = Pattern.compile(
            "\\b(?:from|join|into|update|table|exists)\\s+([a-z_]+)\\b", Pattern.CASE_INSENSITIVE);
    private static final Path MAIN = Path.of("src/main/java/com/example/aftersales");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db"); // db/migration and db/vendor/*

    @Test
    void everyTableHasAnOwner() throws IOException {
        Set<String> created = new TreeSet<>();
        Pattern create = Pattern.compile("create table (?:if not exists )?([a-z_]+)", Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Stream.concat(Files.walk(MIGRATIONS), Files.walk(Path.of("src/main/java/db/migration")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = create.matcher(Files.readString(file));
                while (m.find()) {
                    created.add(m.group(1).toLowerCase());
                }
            }
        }
        assertThat(OWNER.keySet()).as("tables the migrations create, each with its owning feature")
                .containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void noFeatureNamesAnotherFeaturesTable() throws IOException {
        Map<String, Set<String>> crossings = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = MAIN.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the application class
                }
                String feature = relative.getName(0).toString();
                Matcher m = TABLE_USE.matcher(Files.readString(file));
                while (m.find()) {
                    String owner = OWNER.get(m.group(1).toLowerCase());
                    if (owner != null && !owner.equals(feature)) {
                        crossings.computeIfAbsent(feature + " -> " + m.group(1).toLowerCase(), k -> new TreeSet<>())
                                .add(relative.toString());
                    }
                }
            }
        }
        assertThat(crossings).as("features naming another feature's table (feature -> table: files)").isEmpty();
    }
}
