package com.example.aftersales;

import java.io.IOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The tests of the shipped default language extend this: their context answers in the language application.properties
 * ships (Chinese), not the tests' English (application-test.properties). One method for them all, so that Spring's
 * context cache sees one configuration and starts their context once.
 */
public abstract class ShippedDefaultLanguage {

    @DynamicPropertySource
    static void shippedDefaultLanguage(DynamicPropertyRegistry registry) throws IOException {
        String shipped = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"))
                .getProperty("aftersales.i18n.default-locale");
        registry.add("aftersales.i18n.default-locale", () -> shipped);
    }
}
