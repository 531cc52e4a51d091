package com.example.aftersales;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Settings are read through {@code @ConfigurationProperties} records only: one place per feature that names its keys,
 * their defaults and their meaning, checked at start-up. A {@code @Value} repeats a key and its default where it is
 * used (the follow-up zone was re-read with its default in two classes before this test).
 */
class SettingsAsRecordsTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.example.aftersales");

    @Test
    void noSettingIsReadThroughValue() {
        List<String> found = new ArrayList<>();
        for (JavaClass type : MAIN) {
            for (JavaField field : type.getFields()) {
                if (field.isAnnotatedWith(Value.class)) found.add(field.getFullName());
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                if (unit.isAnnotatedWith(Value.class)) found.add(unit.getFullName());
                for (JavaParameter parameter : unit.getParameters()) {
                    if (parameter.isAnnotatedWith(Value.class)) found.add(unit.getFullName() + " parameter " + parameter.getIndex());
                }
            }
        }
        assertThat(found).as("settings read through @Value instead of a @ConfigurationProperties record").isEmpty();
    }

    @Test
    void everySettingsRecordIsARecordUnderAftersales() {
        List<JavaClass> settings = MAIN.stream().filter(c -> c.isAnnotatedWith(ConfigurationProperties.class)).toList();
        assertThat(settings).hasSizeGreaterThanOrEqualTo(10);
        for (JavaClass type : settings) {
            assertThat(type.isRecord()).as(type.getName() + " is a record").isTrue();
            String prefix = type.getAnnotationOfType(ConfigurationProperties.class).value();
            assertThat(prefix).as(type.getName() + "'s prefix").startsWith("aftersales.");
        }
    }
}
