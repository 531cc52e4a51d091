package com.example.aftersales.glossary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The labels of every code set, in Chinese and English, read once from {@code glossary/glossary.yaml}. Codes stay
 * codes; a person reads {@link #label}. An unknown code (problem categories and units are open lists) is its own
 * label.
 */
public final class Glossary {

    public static final String DECISION_TYPES = "decisionTypes";
    /** Followed by a decision type: the code set of that type's values, e.g. {@code decisionValues.REMEDY}. */
    public static final String DECISION_VALUES = "decisionValues.";
    public static final String CAUSES = "causes";
    public static final String CHANNELS = "channels";
    public static final String PRODUCT_CATEGORIES = "productCategories";
    public static final String PROBLEM_CATEGORIES = "problemCategories";
    public static final String PROVINCES = "provinces";
    public static final String UNITS = "units";
    public static final String EVENT_TYPES = "eventTypes";
    public static final String DISPOSITIONS = "dispositions";
    public static final String DEADLINE_KINDS = "deadlineKinds";
    public static final String REPLAY_STATUSES = "replayStatuses";
    public static final String ORDER_STATUSES = "rectificationOrderStatuses";
    public static final String NOTICE_STATUSES = "noticeStatuses";
    public static final String RECTIFICATION_MEASURES = "rectificationMeasures";
    public static final String ROLES = "roles";
    public static final String CLAUSES = "clauses";

    static final String RESOURCE = "/glossary/glossary.yaml";

    private Glossary() {
    }

    /** A label in both languages. */
    public record Label(String zh, String en) {

        public String in(Locale locale) {
            return chinese(locale) ? zh : en;
        }
    }

    /** One code, its labels and the other spellings data may use for it. */
    public record Code(String code, Label label, List<String> aliases) {
    }

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    /** A code set: its title and its codes, in the order of the file. */
    public static final class CodeSet {

        private final String name;
        private final Label title;
        private final List<Code> codes;
        private final Map<String, Code> index = new HashMap<>();

        CodeSet(String name, Label title, List<Code> codes) {
            this.name = name;
            this.title = title;
            this.codes = List.copyOf(codes);
            for (Code c : codes) {
                index.putIfAbsent(c.code(), c);
            }
            for (Code c : codes) {
                index.putIfAbsent(loose(c.code()), c);
                c.aliases().forEach(a -> index.putIfAbsent(loose(a), c));
            }
        }

        public String name() {
            return name;
        }

        public Label title() {
            return title;
        }

        public List<Code> codes() {
            return codes;
        }

        /** The code as spelled, else ignoring case and spaces (as the P2 rule compares provinces), else an alias. */
        public Optional<Code> find(String code) {
            if (code == null) {
                return Optional.empty();
            }
            Code exact = index.get(code);
            return Optional.ofNullable(exact != null ? exact : index.get(loose(code)));
        }

        private static String loose(String code) {
            return "~" + SPACES.matcher(code).replaceAll("").toLowerCase(Locale.ROOT);
        }
    }

    /** Chinese for any {@code zh} locale and when none is given; English otherwise. */
    public static boolean chinese(Locale locale) {
        return locale == null || "zh".equals(locale.getLanguage());
    }

    /** Every code set, in the order of the file. */
    public static List<CodeSet> codeSets() {
        return Data.SETS;
    }

    public static Optional<CodeSet> codeSet(String name) {
        return Optional.ofNullable(Data.BY_NAME.get(name));
    }

    /** The code's label in the locale's language; the code itself when the set does not know it (or is unknown). */
    public static String label(String codeSet, String code, Locale locale) {
        if (code == null) {
            return null;
        }
        return codeSet(codeSet).flatMap(s -> s.find(code)).map(c -> c.label().in(locale)).orElse(code);
    }

    public static String decisionType(String type, Locale locale) {
        return label(DECISION_TYPES, type, locale);
    }

    /** A decision's value by its type ({@code RESPONSE_DEADLINE}'s time stays as it is). */
    public static String decisionValue(String type, String value, Locale locale) {
        return label(DECISION_VALUES + type, value, locale);
    }

    private static final class Data {

        static final List<CodeSet> SETS = load();
        /** By name: rules look labels up while they decide, so a look-up is one hash probe. */
        static final Map<String, CodeSet> BY_NAME = SETS.stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(CodeSet::name, s -> s));

        record RawCode(String zh, String en, List<String> aliases) {
        }

        record RawSet(Label title, LinkedHashMap<String, RawCode> codes) {
        }

        private static List<CodeSet> load() {
            YAMLMapper yaml = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
            Map<String, RawSet> raw;
            try (InputStream in = Glossary.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                raw = yaml.readValue(in, new TypeReference<LinkedHashMap<String, RawSet>>() { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<CodeSet> sets = new ArrayList<>();
            raw.forEach((name, set) -> {
                require(set.title() != null && !blank(set.title().zh()) && !blank(set.title().en()), name + ": title needs zh and en");
                require(set.codes() != null && !set.codes().isEmpty(), name + ": no codes");
                List<Code> codes = new ArrayList<>();
                set.codes().forEach((code, c) -> {
                    require(c != null && !blank(c.zh()) && !blank(c.en()), name + "." + code + ": needs zh and en");
                    codes.add(new Code(code, new Label(c.zh().strip(), c.en().strip()),
                            c.aliases() == null ? List.of() : List.copyOf(c.aliases())));
                });
                sets.add(new CodeSet(name, set.title(), codes));
            });
            return List.copyOf(sets);
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalStateException(RESOURCE + ": " + message);
            }
        }
    }
}
