package com.example.aftersales.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.example.aftersales.policy.internal.DrlRules;
import com.example.aftersales.text.Text;

/**
 * The files of one ruleset, by their path relative to the rules folder ({@code rules/x.drl},
 * {@code decision-tables/y.xlsx}). The version is the SHA-256 of the names and bytes, in name order.
 */
public final class RuleFiles {

    public static final String DRL_FOLDER = "rules";
    public static final String TABLE_FOLDER = "decision-tables";

    private final Map<String, byte[]> files;
    private final String version;

    public RuleFiles(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
        this.version = sha256(this.files);
    }

    public static final String SCENARIO_FOLDER = "scenarios";
    public static final String TABLE_DEFINITION = ".table.yaml";

    /**
     * Reads {@code rules/*.drl} and {@code rules/*.table.yaml} (rule code), {@code decision-tables/*.xlsx} and
     * {@code *.xls} (data) and {@code scenarios/**.yaml} and {@code **.scenarios.xlsx} (the expectations a version is
     * checked against) under {@code baseDir}.
     */
    public static RuleFiles load(Path baseDir) {
        Map<String, byte[]> files = new TreeMap<>();
        read(baseDir, DRL_FOLDER, false, files);
        read(baseDir, TABLE_FOLDER, false, files);
        read(baseDir, SCENARIO_FOLDER, true, files);
        if (files.keySet().stream().noneMatch(RuleFiles::isDrl)) {
            throw new RuleCompilationException(java.util.List.of(RuleError.inFile(baseDir.toAbsolutePath().toString(), null,
                    Text.of("files.none", DRL_FOLDER, TABLE_FOLDER))));
        }
        return new RuleFiles(files);
    }

    private static void read(Path baseDir, String folder, boolean subFolders, Map<String, byte[]> into) {
        Path dir = baseDir.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = subFolders ? Files.walk(dir) : Files.list(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
                String name = folder + "/" + dir.relativize(p).toString().replace('\\', '/');
                if (!p.getFileName().toString().startsWith("~$") && belongsIn(folder, name)) {
                    into.put(name, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
    }

    private static boolean belongsIn(String folder, String name) {
        return switch (folder) {
            case DRL_FOLDER -> isDrl(name) || isTableDefinition(name);
            case TABLE_FOLDER -> isWorkbook(name);
            default -> isScenario(name);
        };
    }

    public static boolean isDrl(String name) {
        return name.startsWith(DRL_FOLDER + "/") && name.endsWith(".drl");
    }

    public static boolean isTableDefinition(String name) {
        return name.startsWith(DRL_FOLDER + "/") && name.endsWith(TABLE_DEFINITION);
    }

    public static boolean isWorkbook(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith(TABLE_FOLDER + "/") && (lower.endsWith(".xlsx") || lower.endsWith(".xls"));
    }

    /** A scenario file: {@code scenarios/**.yaml} (one scenario) or a scenario workbook (one scenario a row). */
    public static boolean isScenario(String name) {
        return name.startsWith(SCENARIO_FOLDER + "/") && (name.endsWith(".yaml") || name.endsWith(".yml") || isScenarioWorkbook(name));
    }

    public static final String SCENARIO_WORKBOOK = ".scenarios";

    /** {@code scenarios/**.scenarios.xlsx} or {@code .xls}: scenarios kept one a row, edited in a spreadsheet program. */
    public static boolean isScenarioWorkbook(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith(SCENARIO_FOLDER + "/")
                && (lower.endsWith(SCENARIO_WORKBOOK + ".xlsx") || lower.endsWith(SCENARIO_WORKBOOK + ".xls"));
    }

    /**
     * Whether the file is rule code (DRL, a table's definition and template), which only rule authors may change; a
     * workbook and a scenario are data.
     */
    public static boolean isCode(String name) {
        return !isWorkbook(name) && !isScenario(name);
    }

    /** The table a workbook or definition is for: {@code decision-tables/major-incident.xlsx} → {@code major-incident}. */
    public static String tableBase(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        if (file.endsWith(TABLE_DEFINITION)) return file.substring(0, file.length() - TABLE_DEFINITION.length());
        return file.substring(0, file.lastIndexOf('.'));
    }

    /** The workbook holding a definition's data ({@code .xlsx}, else {@code .xls}), or null. */
    public String workbookFor(String definition) {
        String base = TABLE_FOLDER + "/" + tableBase(definition);
        return files.containsKey(base + ".xlsx") ? base + ".xlsx" : files.containsKey(base + ".xls") ? base + ".xls" : null;
    }

    /** The definition of a workbook's table, or null. */
    public String definitionFor(String workbook) {
        String name = DRL_FOLDER + "/" + tableBase(workbook) + TABLE_DEFINITION;
        return files.containsKey(name) ? name : null;
    }

    /**
     * These files with others replacing or adding to them, and some removed. A workbook replaces its other format too
     * ({@code x.xls} uploaded replaces {@code x.xlsx}).
     */
    public RuleFiles with(Map<String, byte[]> uploads, java.util.Collection<String> removed) {
        Map<String, byte[]> merged = new TreeMap<>(files);
        for (String name : uploads.keySet()) {
            if (isWorkbook(name) || isScenarioWorkbook(name)) {
                String base = name.substring(0, name.lastIndexOf('.'));
                merged.remove(base + ".xlsx");
                merged.remove(base + ".xls");
            }
        }
        merged.keySet().removeAll(removed);
        merged.putAll(uploads);
        return new RuleFiles(merged);
    }

    private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._()\\-]{0,119}");

    /**
     * An uploaded file's name as a ruleset's: {@code x.drl} and {@code x.table.yaml} → {@code rules/},
     * {@code y.xlsx} and {@code y.xls} → {@code decision-tables/}, {@code z.yaml} and {@code z.scenarios.xlsx} →
     * {@code scenarios/}.
     */
    public static String nameFor(String uploaded) {
        String name = uploaded == null ? "" : uploaded.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        Text problem;
        if (!FILE_NAME.matcher(name).matches()) {
            problem = Text.of("upload.badName");
        } else if (lower.endsWith(".ods")) {
            problem = Text.of("upload.ods");
        } else if (lower.endsWith(".drl") || lower.endsWith(TABLE_DEFINITION)) {
            return DRL_FOLDER + "/" + name;
        } else if (lower.endsWith(SCENARIO_WORKBOOK + ".xlsx") || lower.endsWith(SCENARIO_WORKBOOK + ".xls")) {
            return SCENARIO_FOLDER + "/" + name.substring(0, name.lastIndexOf('.')) + lower.substring(lower.lastIndexOf('.'));
        } else if (lower.endsWith(".xlsx") || lower.endsWith(".xls")) {
            return TABLE_FOLDER + "/" + name.substring(0, name.lastIndexOf('.')) + lower.substring(lower.lastIndexOf('.'));
        } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return SCENARIO_FOLDER + "/" + name;
        } else {
            problem = Text.of("upload.notRuleFile");
        }
        throw new RuleCompilationException(java.util.List.of(RuleError.inFile(String.valueOf(uploaded), null, problem)));
    }

    /** Each rule declared in the DRL files, by name, and where: {@code rules/x.drl:12} (as the compiler records it). */
    public Map<String, String> drlRuleSources() {
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        files.forEach((name, bytes) -> {
            if (isDrl(name)) {
                DrlRules.lines(bytes).forEach((rule, line) -> sources.putIfAbsent(rule, name + ":" + line));
            }
        });
        return sources;
    }

    public Map<String, byte[]> files() {
        return files;
    }

    public String version() {
        return version;
    }

    /** The SHA-256 of one file's bytes, in hex: what a file read once is kept by (workbooks, scenario workbooks). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                byte[] name = file.getKey().getBytes(StandardCharsets.UTF_8);
                digest.update(longBytes(name.length));
                digest.update(name);
                digest.update(longBytes(file.getValue().length));
                digest.update(file.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }
}
