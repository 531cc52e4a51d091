package com.example.aftersales.exports;

import org.springframework.context.MessageSource;

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
}
