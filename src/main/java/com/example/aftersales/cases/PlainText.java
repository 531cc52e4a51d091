package com.example.aftersales.cases;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text a record can hold and a screen can show: no control characters (NUL cannot even be stored in PostgreSQL)
 * and no broken surrogate pairs. {@code multiline} text may hold tabs and line breaks.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlainText.Validator.class)
public @interface PlainText {

    String message() default "{aftersales.plainText}";

    boolean multiline() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {

        private boolean multiline;

        @Override
        public void initialize(PlainText annotation) {
            multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null) {
                return true;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return violation(context, "{aftersales.plainText.surrogate}", null, i);
                } else if (Character.getType(c) == Character.CONTROL && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                    return violation(context, "{aftersales.plainText.control}", "%04X".formatted((int) c), i);
                }
            }
            return true;
        }

        /** Whether {@link #isValid} passes the text (no violation to report): for {@link CaseDataCheck}. */
        static boolean plain(String text, boolean multiline) {
            if (text == null) {
                return true;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)
                        || Character.getType(c) == Character.CONTROL && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean violation(ConstraintValidatorContext context, String template, String controlChar, int position) {
            context.disableDefaultConstraintViolation();
            var hibernate = context.unwrap(org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext.class);
            if (controlChar != null) hibernate.addMessageParameter("controlChar", controlChar);
            hibernate.addMessageParameter("position", position).buildConstraintViolationWithTemplate(template)
                    .addConstraintViolation();
            return false;
        }
    }
}
