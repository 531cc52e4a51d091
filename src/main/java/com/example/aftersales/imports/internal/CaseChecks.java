package com.example.aftersales.imports.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.HibernateValidator;

import com.example.aftersales.cases.CaseData;
import com.example.aftersales.cases.CaseDataCheck;
import com.example.aftersales.text.Text;

/**
 * The case contract's Bean Validation, as the API runs it, each violation said in Chinese and in English; a row that
 * plainly passes every constraint ({@link CaseDataCheck}) is not walked by it.
 */
final class CaseChecks {

    /** A violation: its property path ({@code quantity}, {@code customer.province}; empty for the case) and words. */
    record Violation(String path, Text message) {
    }

    private CaseChecks() {
    }

    static List<Violation> validate(CaseData data) {
        if (CaseDataCheck.passes(data)) {
            return List.of(); // a plainly valid row needs no walk by Bean Validation, twice (as cases.internal.CaseBinding)
        }
        Map<String, String> zh = new HashMap<>();
        for (ConstraintViolation<CaseData> v : Validators.ZH.validate(data)) {
            zh.putIfAbsent(key(v), v.getMessage());
        }
        List<Violation> violations = new ArrayList<>();
        for (ConstraintViolation<CaseData> v : Validators.EN.validate(data)) {
            violations.add(new Violation(v.getPropertyPath().toString(), new Text(zh.getOrDefault(key(v), v.getMessage()), v.getMessage())));
        }
        return violations;
    }

    private static String key(ConstraintViolation<?> v) {
        return v.getPropertyPath() + "\u0000" + v.getMessageTemplate() + "\u0000"
                + v.getConstraintDescriptor().getAnnotation().annotationType().getName();
    }

    /** Built on first use. */
    private static final class Validators {
        static final Validator ZH = validator(Locale.SIMPLIFIED_CHINESE);
        static final Validator EN = validator(Locale.ENGLISH);

        private static Validator validator(Locale locale) {
            return Validation.byProvider(HibernateValidator.class).configure().defaultLocale(locale)
                    .buildValidatorFactory().getValidator();
        }
    }
}
