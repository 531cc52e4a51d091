package com.example.aftersales.rulesets;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.multipart.MultipartFile;

import com.example.aftersales.policy.RuleCompilationException;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.text.Text;

/** Uploaded rule files, named as a ruleset's and read within bounds: at most {@link #MAX_FILES} of {@link #MAX_FILE_BYTES}. */
public final class Uploads {

    public static final int MAX_FILES = 20;
    public static final int MAX_FILE_BYTES = 5 * 1024 * 1024;

    private Uploads() {
    }

    /** The files by their names in a ruleset ({@code decision-tables/x.xlsx}); refused by name and size before any is parsed. */
    public static Map<String, byte[]> read(List<MultipartFile> files) throws IOException {
        List<MultipartFile> given = files == null ? List.of() : files.stream().filter(f -> f != null && !f.isEmpty()).toList();
        if (given.isEmpty() || given.size() > MAX_FILES) {
            throw new RuleCompilationException(List.of(RuleError.inFile("(upload)", null,
                    Text.of("upload.count", MAX_FILES, given.size()))));
        }
        Map<String, byte[]> uploads = new TreeMap<>();
        for (MultipartFile file : given) {
            String name = RuleFiles.nameFor(file.getOriginalFilename());
            if (uploads.containsKey(name)) {
                throw new RuleCompilationException(List.of(RuleError.inFile(name, null, Text.of("upload.twice"))));
            }
            uploads.put(name, bounded(name, file));
        }
        return uploads;
    }

    private static byte[] bounded(String name, MultipartFile file) throws IOException {
        if (file.getSize() > MAX_FILE_BYTES) {
            throw tooLarge(name);
        }
        try (InputStream in = file.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw tooLarge(name);
            }
            return bytes;
        }
    }

    private static RuleCompilationException tooLarge(String name) {
        return new RuleCompilationException(List.of(RuleError.inFile(name, null,
                Text.of("workbook.tooLarge", MAX_FILE_BYTES / (1024 * 1024), Text.of("kind.decisionTable")))));
    }
}
