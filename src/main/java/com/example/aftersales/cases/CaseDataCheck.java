package com.example.aftersales.cases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.springframework.validation.Errors;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;

/**
 * Every constraint of {@link CaseData} (its annotations, those of its parts, {@link PlainText}, {@link StorableDate},
 * {@link ProductionNotAfterReceipt}) written out as plain code, to answer one question fast: does a case pass them all?
 * A case that passes needs no Bean Validation run; any other one is validated by Bean Validation as before, which
 * reports what is wrong in its own words. Never looser than the annotations, which stay the contract (OpenAPI) and the
 * report: CaseDataCheckTest compares the two on many thousands of cases near every limit, and fails when a constraint
 * is added to CaseData without being added here.
 * <p>Why: Hibernate Validator's walk over the case's 40-odd constraints took about 20 µs per request, twice the JSON
 * read, and every {@code POST /api/cases} and {@code POST /api/evaluate} paid it (issue 17: a lean HTTP path).
 */
public final class CaseDataCheck {

    private CaseDataCheck() {
    }

    /** True only when Bean Validation would find nothing wrong with the case (false: let it say what). */
    public static boolean passes(CaseData c) {
        if (c == null) {
            return false;
        }
        return plain(c.externalRef(), 100)
                && storable(c.receivedAt())
                && ("MARKETING_BRANCH".equals(c.channel()) || "QUALITY_DEPARTMENT".equals(c.channel()))
                && passes(c.customer())
                && passes(c.responsibleUnit())
                && passes(c.product())
                && filled(c.batchNumber(), 100)
                && c.productionDate() != null && storable(c.productionDate())
                && filled(c.productionSite(), 100)
                && c.quantity() != null && c.quantity() > 0
                && passes(c.problem())
                && c.remoteReplyPossible() != null
                && (c.findings() == null || passes(c.findings()))
                && !c.productionDate().isAfter(c.receivedAt().toLocalDate());
    }

    private static boolean passes(CaseData.Customer c) {
        return c != null && filled(c.name(), 200) && filled(c.province(), 100) && plain(c.contact(), 200);
    }

    private static boolean passes(CaseData.ResponsibleUnit u) {
        return u != null && filled(u.code(), 100) && filled(u.province(), 100);
    }

    private static boolean passes(CaseData.Product p) {
        return p != null && filled(p.code(), 100) && plain(p.name(), 200) && code(p.category()) && plain(p.spec(), 200)
                && p.regulated() != null;
    }

    private static boolean passes(CaseData.Problem p) {
        return p != null && code(p.category()) && (p.description() == null
                || p.description().length() <= 4000 && PlainText.Validator.plain(p.description(), true));
    }

    private static boolean passes(CaseData.Findings f) {
        return ("PRODUCT_DEFECT".equals(f.cause()) || "IMPROPER_OPERATION".equals(f.cause()) || "UNDETERMINED".equals(f.cause()))
                && amount(f.directLossCny()) && amount(f.remedyValueCny())
                && (f.staffDispatched() == null || f.staffDispatched() >= 0);
    }

    /** {@code @PlainText @Size(max)}: null passes. */
    private static boolean plain(String text, int max) {
        return text == null || text.length() <= max && PlainText.Validator.plain(text, false);
    }

    /** {@code @NotBlank @PlainText @Size(max)}; blank by either definition (trim or whitespace) fails. */
    private static boolean filled(String text, int max) {
        return text != null && plain(text, max) && !text.isBlank() && !text.trim().isEmpty();
    }

    /** {@code @NotNull @Pattern([A-Z][A-Z0-9_]*) @Size(max = 100)}. */
    private static boolean code(String text) {
        if (text == null || text.isEmpty() || text.length() > 100 || text.charAt(0) < 'A' || text.charAt(0) > 'Z') {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!(ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@code @PositiveOrZero @Digits(integer = 13, fraction = 2)}: null passes (Hibernate Validator's digit count). */
    private static boolean amount(BigDecimal value) {
        if (value == null) {
            return true;
        }
        if (value.signum() < 0) {
            return false;
        }
        int integerDigits = value.precision() - value.scale(); // as written: 0.150 has 3 fraction digits
        int fractionDigits = Math.max(value.scale(), 0);
        return integerDigits <= 13 && fractionDigits <= 2;
    }

    /** {@code @NotNull @StorableDate}. */
    private static boolean storable(OffsetDateTime time) {
        return time != null && new StorableDate.ForDateTime().isValid(time, null);
    }

    private static boolean storable(LocalDate date) {
        return new StorableDate.ForDate().isValid(date, null);
    }

    /**
     * A Spring validator that lets a case {@link #passes} through at once and gives every other target (and every case
     * that does not pass) to the validator it wraps, which reports as before.
     */
    public static SmartValidator before(Validator validator) {
        return new SmartValidator() {
            @Override
            public boolean supports(Class<?> type) {
                return validator.supports(type);
            }

            @Override
            public void validate(Object target, Errors errors) {
                if (!(target instanceof CaseData c && passes(c))) {
                    validator.validate(target, errors);
                }
            }

            @Override
            public void validate(Object target, Errors errors, Object... hints) {
                if (target instanceof CaseData c && hints.length == 0 && passes(c)) {
                    return;
                }
                if (validator instanceof SmartValidator smart) {
                    smart.validate(target, errors, hints);
                } else {
                    validator.validate(target, errors);
                }
            }

            @Override
            public <T> T unwrap(Class<T> type) {
                return validator instanceof SmartValidator smart ? smart.unwrap(type) : SmartValidator.super.unwrap(type);
            }
        };
    }
}
