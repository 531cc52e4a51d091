package com.example.aftersales.exports;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;

import com.example.aftersales.glossary.Glossary;

/** The words of one export in one language; a key the bundle lacks is a mistake, so it fails loudly. */
public final class ExportText {

    private final MessageSource messages;
    private final ExportLanguage language;

    ExportText(MessageSource messages, ExportLanguage language) {
        this.messages = messages;
        this.language = language;
    }

    public ExportLanguage language() {
        return language;
    }

    public String get(String key, Object... args) {
        return messages.getMessage(key, args, language.locale());
    }

    /**
     * A heading of times, with the zone they are written in named: {@code 受理时间（Asia/Shanghai）},
     * {@code Received at (Asia/Shanghai)}.
     */
    public String inZone(String key, java.time.ZoneId zone) {
        return get("exports.inZone", get(key), zone.getId());
    }

    /** A code's label in this language ({@link Glossary}); the code itself when the glossary does not know it. */
    public String label(String codeSet, String code) {
        return code == null ? null : Glossary.label(codeSet, code, language.locale());
    }

    public String decisionType(String type) {
        return label(Glossary.DECISION_TYPES, type);
    }

    /** Decision values given as codes joined by commas, by their labels. */
    public String decisionValues(String type, String values) {
        if (values == null || values.isEmpty()) {
            return values;
        }
        return Arrays.stream(values.split(",")).map(v -> label(Glossary.DECISION_VALUES + type, v))
                .collect(Collectors.joining(language == ExportLanguage.ZH_CN ? "、" : "; "));
    }
}
