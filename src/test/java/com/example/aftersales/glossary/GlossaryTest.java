package com.example.aftersales.glossary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.demo.DemoHistory;
import com.example.aftersales.followup.Deadlines;
import com.example.aftersales.followup.EventRequest;
import com.example.aftersales.followup.EventType;
import com.example.aftersales.followup.RectificationOrders;
import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.tables.TableDefinition;
import com.example.aftersales.replay.ReplayRun;
import com.example.aftersales.rulesets.Scenarios;
import com.example.aftersales.security.Role;

/**
 * Every code the code base emits has a Chinese and an English label, so a new code without labels fails the build;
 * the labels themselves are sound; an unknown code is its own label.
 */
class GlossaryTest {

    private static final Locale ZH = Locale.forLanguageTag("zh-CN");
    /** Decision types whose value is not a code. */
    private static final Set<String> FREE_VALUES = Set.of("RESPONSE_DEADLINE");
    /** The code set of each CODE column of the shipped table definitions (rules/*.table.yaml). */
    private static final Map<String, String> TABLE_COLUMNS = Map.of(
            "cause", Glossary.CAUSES,
            "warranty", Glossary.DECISION_VALUES + "WARRANTY",
            "remedy", Glossary.DECISION_VALUES + "REMEDY",
            "authority", Glossary.DECISION_VALUES + "APPROVAL",
            "measure", Glossary.RECTIFICATION_MEASURES,
            "category", Glossary.PRODUCT_CATEGORIES);
    private static final Pattern DRL_DECISION = Pattern.compile("Decision\\.(?:of|by)\\(\\s*[$\\w]+\\s*,\\s*\"([A-Z_]+)\"\\s*,\\s*\"([A-Z_]+)\"");

    private final Map<String, Set<String>> missing = new LinkedHashMap<>();

    @Test
    @DisplayName("every label has both languages; Chinese ones are Chinese, English ones are not")
    void labelsAreSound() {
        assertThat(Glossary.codeSets()).isNotEmpty();
        for (Glossary.CodeSet set : Glossary.codeSets()) {
            assertLabel(set.name(), set.title());
            assertThat(set.codes()).as(set.name()).isNotEmpty();
            for (Glossary.Code code : set.codes()) {
                assertLabel(set.name() + "." + code.code(), code.label());
            }
        }
    }

    private static void assertLabel(String what, Glossary.Label label) {
        assertThat(label.zh()).as(what + " zh").isNotBlank().matches(GlossaryTest::hasHan, "has Chinese characters");
        assertThat(label.en()).as(what + " en").isNotBlank().matches(s -> !hasHan(s), "has no Chinese characters");
    }

    private static boolean hasHan(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    @Test
    @DisplayName("every decision type and every value the rules, tables and scenarios can decide has labels")
    void everyDecisionHasLabels() throws IOException {
        for (String type : CompiledRuleset.decisionTypes()) {
            need(Glossary.DECISION_TYPES, type);
            if (!FREE_VALUES.contains(type)) {
                assertThat(Glossary.codeSet(Glossary.DECISION_VALUES + type)).as("values of " + type).isPresent();
            }
        }
        try (Stream<Path> drl = Files.list(Path.of("rules")).filter(p -> p.toString().endsWith(".drl"))) {
            for (Path file : drl.toList()) {
                Matcher m = DRL_DECISION.matcher(Files.readString(file));
                while (m.find()) {
                    need(Glossary.DECISION_TYPES, m.group(1));
                    need(Glossary.DECISION_VALUES + m.group(1), m.group(2));
                }
            }
        }
        try (Stream<Path> tables = Files.list(Path.of("rules")).filter(p -> p.toString().endsWith(".table.yaml"))) {
            for (Path file : tables.toList()) {
                List<RuleError> errors = new ArrayList<>();
                TableDefinition table = TableDefinition.read(file.toString(), Files.readAllBytes(file), errors);
                assertThat(errors).as(file.toString()).isEmpty();
                for (TableDefinition.Column column : table.columns()) {
                    if (column.type() == TableDefinition.Type.CODE) {
                        assertThat(TABLE_COLUMNS).as("the code set of " + file + " column " + column.name()
                                + ": add it to TABLE_COLUMNS and its codes to the glossary").containsKey(column.name());
                        column.values().forEach(v -> need(TABLE_COLUMNS.get(column.name()), v));
                    }
                }
            }
        }
        for (Path file : Scenarios.files(Path.of("scenarios"))) {
            Scenarios.Scenario scenario = Scenarios.read(file);
            for (Scenarios.Expected e : scenario.expect()) {
                need(Glossary.DECISION_TYPES, e.type());
                if (!FREE_VALUES.contains(e.type()) && e.value() != null) {
                    need(Glossary.DECISION_VALUES + e.type(), e.value());
                }
            }
        }
        assertThat(missing).as("codes without labels in glossary/glossary.yaml").isEmpty();
    }

    @Test
    @DisplayName("every event type, deadline kind, status, role, disposition, channel and cause has labels")
    void everyCodeOfTheFollowUpAndAccessHasLabels() throws Exception {
        Arrays.stream(EventType.values()).forEach(t -> need(Glossary.EVENT_TYPES, t.name()));
        Deadlines.KINDS.forEach(k -> need(Glossary.DEADLINE_KINDS, k));
        Arrays.stream(RectificationOrders.Status.values()).forEach(s -> need(Glossary.ORDER_STATUSES, s.name()));
        for (Field f : ReplayRun.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                need(Glossary.REPLAY_STATUSES, (String) f.get(null));
            }
        }
        Arrays.stream(Role.values()).forEach(r -> need(Glossary.ROLES, r.name()));
        allowed(EventRequest.ResultLine.class, "disposition").forEach(d -> need(Glossary.DISPOSITIONS, d));
        allowed(CaseData.class, "channel").forEach(c -> need(Glossary.CHANNELS, c));
        allowed(CaseData.Findings.class, "cause").forEach(c -> need(Glossary.CAUSES, c));
        for (int p = 1; p <= 21; p++) {
            need(Glossary.CLAUSES, "P" + p);
        }
        assertThat(missing).as("codes without labels in glossary/glossary.yaml").isEmpty();
    }

    @Test
    @DisplayName("the demo history's categories, problems, provinces and units all have labels")
    void theDemoHistoryIsReadByName() {
        for (CaseData c : new DemoHistory(42, 5_000)) {
            need(Glossary.PRODUCT_CATEGORIES, c.product().category());
            need(Glossary.PROBLEM_CATEGORIES, c.problem().category());
            need(Glossary.PROVINCES, c.customer().province());
            need(Glossary.PROVINCES, c.responsibleUnit().province());
            need(Glossary.UNITS, c.responsibleUnit().code());
        }
        assertThat(missing).as("codes without labels in glossary/glossary.yaml").isEmpty();
    }

    @Test
    @DisplayName("labels in Chinese for zh locales and by default, English otherwise; an unknown code is its own label")
    void labelsByLocale() {
        assertThat(Glossary.decisionType("MAJOR_INCIDENT", ZH)).isEqualTo("较大以上质量事故");
        assertThat(Glossary.decisionValue("MAJOR_INCIDENT", "REPORT_TO_LEADERS", Locale.CHINESE)).isEqualTo("立即报告领导");
        assertThat(Glossary.decisionType("RECTIFICATION_ORDER", null)).isEqualTo("质量整改令");
        assertThat(Glossary.decisionType("FOUR_NO_LET_GO", Locale.ENGLISH)).isEqualTo("Four no-let-go");
        assertThat(Glossary.label(Glossary.PRODUCT_CATEGORIES, "EMULSION_EXPLOSIVE", Locale.US)).isEqualTo("Emulsion explosive");
        assertThat(Glossary.label(Glossary.PROBLEM_CATEGORIES, "MISFIRE", ZH)).isEqualTo("拒爆");
        assertThat(Glossary.label(Glossary.PROBLEM_CATEGORIES, "GLOWING_CARTRIDGES", ZH)).isEqualTo("GLOWING_CARTRIDGES");
        assertThat(Glossary.label("noSuchSet", "X", ZH)).isEqualTo("X");
        assertThat(Glossary.label(Glossary.PROBLEM_CATEGORIES, null, ZH)).isNull();
        assertThat(Glossary.decisionValue("RESPONSE_DEADLINE", "2026-11-21T09:30+08:00", ZH)).isEqualTo("2026-11-21T09:30+08:00");
    }

    @Test
    @DisplayName("provinces are found as the P2 rule compares them (case and spaces ignored) and by their other spellings")
    void provincesAsDataSpellsThem() {
        assertThat(Glossary.label(Glossary.PROVINCES, "Hunan", ZH)).isEqualTo("湖南");
        assertThat(Glossary.label(Glossary.PROVINCES, " hunan ", ZH)).isEqualTo("湖南");
        assertThat(Glossary.label(Glossary.PROVINCES, "InnerMongolia", ZH)).isEqualTo("内蒙古");
        assertThat(Glossary.label(Glossary.PROVINCES, "Shaanxi", ZH)).isEqualTo("陕西");
        assertThat(Glossary.label(Glossary.PROVINCES, "Shanxi", ZH)).isEqualTo("山西");
        assertThat(Glossary.label(Glossary.PROVINCES, "Xizang", Locale.ENGLISH)).isEqualTo("Tibet");
        assertThat(Glossary.codeSet(Glossary.PROVINCES).orElseThrow().codes()).hasSize(34);
    }

    private void need(String codeSet, String code) {
        boolean known = Glossary.codeSet(codeSet).flatMap(s -> s.find(code)).isPresent();
        if (!known) {
            missing.computeIfAbsent(codeSet, k -> new TreeSet<>()).add(code);
        }
    }

    /** The codes a record component's {@code @Pattern} allows ({@code A|B|C}). */
    private static List<String> allowed(Class<?> record, String component) throws NoSuchFieldException {
        String regexp = record.getDeclaredField(component).getAnnotation(jakarta.validation.constraints.Pattern.class).regexp();
        assertThat(regexp).as(record.getSimpleName() + "." + component).matches("[A-Z_]+(\\|[A-Z_]+)+");
        return List.of(regexp.split("\\|"));
    }
}
