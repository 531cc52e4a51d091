package com.example.aftersales.exports;

import java.util.Locale;
import java.util.Optional;

/** The languages exports are written in: Chinese (simplified) and English. */
public enum ExportLanguage {

    ZH_CN("zh-CN", Locale.SIMPLIFIED_CHINESE),
    EN("en", Locale.ENGLISH);

    private final String tag;
    private final Locale locale;

    ExportLanguage(String tag, Locale locale) {
        this.tag = tag;
        this.locale = locale;
    }

    /** The BCP 47 tag, as the {@code lang} parameter takes it. */
    public String tag() {
        return tag;
    }

    public Locale locale() {
        return locale;
    }

    /** The export language of a locale: any Chinese is zh-CN, any English is en; none for other languages. */
    public static Optional<ExportLanguage> of(Locale locale) {
        if (locale == null) {
            return Optional.empty();
        }
        return switch (locale.getLanguage()) {
            case "zh" -> Optional.of(ZH_CN);
            case "en" -> Optional.of(EN);
            default -> Optional.empty();
        };
    }

    /** {@code zh-CN}, {@code en} (also {@code zh}, {@code zh_CN}, {@code en-US}, any case); anything else is refused. */
    public static ExportLanguage parse(String tag) {
        String t = tag == null ? "" : tag.trim().replace('_', '-');
        return of(t.isEmpty() || t.equals("*") ? null : Locale.forLanguageTag(t))
                .orElseThrow(() -> new IllegalArgumentException("'" + tag + "' is not zh-CN or en"));
    }
}
