package com.example.aftersales.web.internal;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.StreamReadFeature;

/**
 * JSON bodies with a key given twice are refused (400 naming the key) instead of the last one silently winning: a
 * proxy or a validator that reads the first could see another request than the one recorded. Spring Boot 4 has no
 * property for Jackson 3's stream read features ({@code spring.jackson.json.read.*} covers JsonReadFeature only), so a
 * customizer of the application's JsonMapper sets it.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer duplicateKeysRefused() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
