package com.example.aftersales.cases;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A date both databases store and the rules can reason about: in the years 1900 to 9999. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {StorableDate.ForDate.class, StorableDate.ForDateTime.class})
public @interface StorableDate {

    String message() default "{aftersales.storableDate}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class ForDate implements ConstraintValidator<StorableDate, LocalDate> {
        @Override
        public boolean isValid(LocalDate date, ConstraintValidatorContext context) {
            return date == null || inRange(date.getYear());
        }

        static boolean inRange(int year) {
            return year >= 1900 && year <= 9999;
        }
    }


    class ForDateTime implements ConstraintValidator<StorableDate, OffsetDateTime> {
        @Override
        public boolean isValid(OffsetDateTime time, ConstraintValidatorContext context) {
            // In UTC too, where the databases keep the instant.
            return time == null || ForDate.inRange(time.getYear()) && ForDate.inRange(time.withOffsetSameInstant(ZoneOffset.UTC).getYear());
        }
    }
}
