package com.example.aftersales.text;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The language of an answer that asks for none.
 *
 * @param defaultLocale the language of answers, pages, problems and exports when the request's {@code Accept-Language}
 *                      (or an export's {@code lang}) names neither Chinese nor English; Chinese out of the box
 */
@ConfigurationProperties("aftersales.i18n")
public record LanguageProperties(@DefaultValue("zh-CN") Locale defaultLocale) {
}
