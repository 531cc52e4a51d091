package com.example.aftersales.cases;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A product cannot be produced after the complaint about it was received. Reported on {@code productionDate}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ProductionNotAfterReceipt.Validator.class)
public @interface ProductionNotAfterReceipt {

    String message() default "{aftersales.productionNotAfterReceipt}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ProductionNotAfterReceipt, CaseData> {
        @Override
        public boolean isValid(CaseData data, ConstraintValidatorContext context) {
            if (data.productionDate() == null || data.receivedAt() == null
                    || !data.productionDate().isAfter(data.receivedAt().toLocalDate())) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("productionDate").addConstraintViolation();
            return false;
        }
    }
}
