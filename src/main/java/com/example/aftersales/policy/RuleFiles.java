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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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

    /** Reads {@code rules/*.drl} and {@code decision-tables/*.xlsx} under {@code baseDir}. */
    public static RuleFiles load(Path baseDir) {
        Map<String, byte[]> files = new TreeMap<>();
        read(baseDir, DRL_FOLDER, ".drl", files);
        read(baseDir, TABLE_FOLDER, ".xlsx", files);
        if (files.isEmpty()) {
            throw new RuleCompilationException(java.util.List.of(RuleError.inFile(baseDir.toAbsolutePath().toString(), null,
                    "no rule files: expected " + DRL_FOLDER + "/*.drl and " + TABLE_FOLDER + "/*.xlsx here")));
        }
        return new RuleFiles(files);
    }

    private static void read(Path baseDir, String folder, String suffix, Map<String, byte[]> into) {
        Path dir = baseDir.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path p : paths.filter(p -> p.getFileName().toString().endsWith(suffix) && !p.getFileName().toString().startsWith("~$")).toList()) {
                into.put(folder + "/" + p.getFileName(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir, e);
        }
    }

    /** An uploaded file's name as a ruleset's: {@code x.drl} → {@code rules/x.drl}, {@code y.xlsx} → {@code decision-tables/y.xlsx}. */
    public static String nameFor(String uploaded) {
        String name = uploaded == null ? "" : uploaded.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.endsWith(".drl") && name.length() > 4) return DRL_FOLDER + "/" + name;
        if (name.endsWith(".xlsx") && name.length() > 5) return TABLE_FOLDER + "/" + name;
        throw new RuleCompilationException(java.util.List.of(RuleError.inFile(String.valueOf(uploaded), null,
                "not a rule file: only .drl and .xlsx files can be uploaded")));
    }

    public Map<String, byte[]> files() {
        return files;
    }

    public String version() {
        return version;
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
