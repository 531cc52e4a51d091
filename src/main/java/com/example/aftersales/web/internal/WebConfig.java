package com.example.aftersales.web.internal;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class WebConfig {

    /** Wall-clock time for record timestamps only; rules never read it (they use the case's receivedAt). */
    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    /**
     * The language of an answer: the request's Accept-Language when it asks for Chinese or English, else
     * {@code aftersales.i18n.default-locale} (Chinese out of the box). Work done off a request (a replay's worker) records
     * both languages and never depends on it.
     */
    @Bean
    org.springframework.web.servlet.LocaleResolver localeResolver(
            com.example.aftersales.text.LanguageProperties language) {
        var resolver = new org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver();
        resolver.setSupportedLocales(java.util.List.of(java.util.Locale.SIMPLIFIED_CHINESE, java.util.Locale.ENGLISH));
        resolver.setDefaultLocale(language.defaultLocale());
        return resolver;
    }

    @Bean
    OpenAPI aftersalesOpenApi() {
        return new OpenAPI().info(new Info().title("Aftersales Decision Service")
                .description("Evaluates product-quality complaint cases against the after-sales policy and records every decision with its reason, clause and source.")
                .version("1"));
    }
}
