package com.example.aftersales.exports;

import com.example.aftersales.text.LanguageProperties;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Which language an export is written in, and its words ({@code exports/messages*.properties}): the {@code lang}
 * parameter when given; else, from the API, {@code Accept-Language}, and from the console, the console's language;
 * else {@code aftersales.i18n.default-locale} (zh-CN).
 */
@Component
public class ExportLanguages {

    /** The {@code lang} parameter of a download, for the OpenAPI document. */
    public static final String LANG_PARAMETER = "The export's language, zh-CN (Chinese) or en (English). Without it, "
            + "the first of these in Accept-Language; without that, aftersales.i18n.default-locale (zh-CN).";

    private final ExportLanguage fallback;
    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    ExportLanguages(LanguageProperties language) {
        this.fallback = ExportLanguage.parse(language.defaultLocale().toLanguageTag());
        messages.setBasename("exports/messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false); // English is the base bundle, whatever the server's locale
    }

    /** For an API download: {@code lang}, else the first supported language of {@code Accept-Language}, else the default. */
    public ExportLanguage forApi(ExportLanguage lang, HttpServletRequest request) {
        if (lang != null) {
            return lang;
        }
        String header = request.getHeader(HttpHeaders.ACCEPT_LANGUAGE);
        if (header == null || header.isBlank()) {
            return fallback;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                if (range.getWeight() > 0 && !range.getRange().startsWith("*")) {
                    var language = ExportLanguage.of(Locale.forLanguageTag(range.getRange()));
                    if (language.isPresent()) {
                        return language.get();
                    }
                }
            }
        } catch (IllegalArgumentException malformed) {
            // a header that is not a language list asks for nothing
        }
        return fallback;
    }

    /**
     * For a console download: {@code lang} (the page's links carry it), else the console's language (the request's
     * locale as the console resolves it), else the default.
     */
    public ExportLanguage forConsole(ExportLanguage lang, Locale console) {
        return lang != null ? lang : ExportLanguage.of(console).orElse(fallback);
    }

    /** The export words of a language. */
    public ExportText text(ExportLanguage language) {
        return new ExportText(messages, language);
    }
}
