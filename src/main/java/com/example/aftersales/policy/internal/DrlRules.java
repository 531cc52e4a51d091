package com.example.aftersales.policy.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the rules declared in DRL text, with their line numbers. */
public final class DrlRules {

    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

    private DrlRules() {
    }

    /** The rule declared on this line, or null. */
    static String ruleName(String line) {
        Matcher m = RULE.matcher(line);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** Rule name to its 1-based line. */
    public static Map<String, Integer> lines(byte[] drl) {
        Map<String, Integer> rules = new LinkedHashMap<>();
        String[] lines = new String(drl, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String name = ruleName(lines[i]);
            if (name != null) {
                rules.putIfAbsent(name, i + 1);
            }
        }
        return rules;
    }
}
