package com.example.aftersales.text;

import java.util.Collection;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.context.i18n.LocaleContextHolder;

/**
 * A sentence in Chinese and in English, both made where the sentence is made (a validation error, a scenario failure,
 * an error answered), so that either can be shown later: {@code {"zh": …, "en": …}} in JSON. Either may be missing
 * (a report stored before there was Chinese has English only); {@link #in} falls back to the other.
 */
public record Text(String zh, String en) {

    private static final String BUNDLE = "text/messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final ResourceBundle EN = ResourceBundle.getBundle(BUNDLE, Locale.ROOT, NO_FALLBACK);
    private static final ResourceBundle ZH = ResourceBundle.getBundle(BUNDLE, Locale.SIMPLIFIED_CHINESE, NO_FALLBACK);
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d)}");

    /**
     * The sentence of {@code key} in both languages, {@code {0}}, {@code {1}}… replaced by the arguments: a Text in
     * the sentence's language, a collection as its items joined ("A, B" / "A、B"), anything else as
     * {@code String.valueOf} (numbers plain, never grouped).
     */
    public static Text of(String key, Object... arguments) {
        return new Text(format(ZH.getString(key), arguments, true), format(EN.getString(key), arguments, false));
    }

    /** The same text in both languages: a name, a code, a value, words from elsewhere. */
    public static Text same(String text) {
        return new Text(text, text);
    }

    /** The texts joined with "; " (Chinese "；"). */
    public static Text join(Collection<Text> texts) {
        return new Text(texts.stream().map(t -> t.in(Locale.CHINESE)).collect(Collectors.joining("；")),
                texts.stream().map(t -> t.in(Locale.ENGLISH)).collect(Collectors.joining("; ")));
    }

    /** In Chinese for a Chinese locale, else in English; the other language when this one is missing. */
    public String in(Locale locale) {
        boolean chinese = locale != null && "zh".equals(locale.getLanguage());
        String text = chinese ? zh : en;
        return text != null ? text : chinese ? en : zh;
    }

    /** In the language of the request being answered ({@code Accept-Language}, see {@code aftersales.i18n.default-locale}). */
    public String inRequestLanguage() {
        return in(LocaleContextHolder.getLocale());
    }

    /** The language of the request being answered. */
    public static Locale requestLanguage() {
        return LocaleContextHolder.getLocale();
    }

    private static String format(String pattern, Object[] arguments, boolean chinese) {
        Matcher m = ARGUMENT.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(i < arguments.length ? argument(arguments[i], chinese) : m.group()));
        }
        return m.appendTail(out).toString();
    }

    private static String argument(Object argument, boolean chinese) {
        if (argument instanceof Text text) {
            return text.in(chinese ? Locale.CHINESE : Locale.ENGLISH);
        }
        if (argument instanceof Collection<?> items) {
            return items.stream().map(item -> argument(item, chinese)).collect(Collectors.joining(chinese ? "、" : ", "));
        }
        if (argument instanceof java.math.BigDecimal number) {
            return number.toPlainString();
        }
        return String.valueOf(argument);
    }
}
