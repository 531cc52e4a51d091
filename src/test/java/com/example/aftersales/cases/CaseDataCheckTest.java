package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import jakarta.validation.Constraint;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;

/**
 * CaseDataCheck answers exactly what Bean Validation answers (passes or not) on cases near every limit of every
 * constraint, and knows every constraint CaseData has.
 */
class CaseDataCheckTest {

    private static final Validator BEAN_VALIDATION = Validation.buildDefaultValidatorFactory().getValidator();

    private static final String[] TEXTS = {null, "", " ", "\t", "\u3000", "\u00a0", " x ", "Hunan", "湖南", "a\u0000b", "a\nb",
            "a\tb", "a\u0085b", "a\u007fb", "\ud83d\ude00", "\ud83d", "x\ude00", "\u2028", "A_1", "a", "A", "1A", "A-1", "_",
            "ZZ9", "MARKETING_BRANCH", "QUALITY_DEPARTMENT", "marketing_branch", "PRODUCT_DEFECT", "IMPROPER_OPERATION",
            "UNDETERMINED", "OTHER"};

    @Test
    @DisplayName("Passes exactly when Bean Validation finds nothing, over 60,000 cases near every limit")
    void sameAnswerAsBeanValidation() {
        Random random = new Random(17);
        int passed = 0;
        for (int i = 0; i < 60_000; i++) {
            CaseData c = randomCase(random, i % 3 == 0 ? 0 : 1 + random.nextInt(4));
            boolean valid = BEAN_VALIDATION.validate(c).isEmpty();
            assertThat(CaseDataCheck.passes(c)).as("%s: %s", c, BEAN_VALIDATION.validate(c)).isEqualTo(valid);
            passed += valid ? 1 : 0;
        }
        assertThat(passed).as("both answers occur").isBetween(5_000, 55_000);
    }

    @Test
    @DisplayName("A case that does not pass is reported by the wrapped validator; one that passes is not walked")
    void wrapperReportsThroughBeanValidation() {
        var spring = new org.springframework.validation.beanvalidation.SpringValidatorAdapter(BEAN_VALIDATION);
        var quick = CaseDataCheck.before(spring);
        CaseData good = base();
        var errors = new BeanPropertyBindingResult(good, "caseData");
        quick.validate(good, errors);
        assertThat(errors.hasErrors()).isFalse();
        CaseData bad = new CaseData(good.externalRef(), good.receivedAt(), "PHONE", good.customer(), good.responsibleUnit(),
                good.product(), " ", good.productionDate(), good.productionSite(), 0, good.problem(), null, good.findings());
        var quickErrors = new BeanPropertyBindingResult(bad, "caseData");
        quick.validate(bad, quickErrors);
        var fullErrors = new BeanPropertyBindingResult(bad, "caseData");
        spring.validate(bad, fullErrors);
        assertThat(quickErrors.getFieldErrors()).hasSize(4);
        assertThat(quickErrors.getFieldErrors().stream().map(e -> e.getField() + ":" + e.getCode()).sorted().toList())
                .isEqualTo(fullErrors.getFieldErrors().stream().map(e -> e.getField() + ":" + e.getCode()).sorted().toList());
    }

    /**
     * The constraints CaseDataCheck was written for: a constraint added to (or changed on) CaseData or its parts fails
     * here until CaseDataCheck checks it too and this list names it.
     */
    @Test
    void knowsEveryConstraint() throws NoSuchFieldException {
        TreeSet<String> found = new TreeSet<>();
        for (Class<?> type : List.of(CaseData.class, CaseData.Customer.class, CaseData.ResponsibleUnit.class,
                CaseData.Product.class, CaseData.Problem.class, CaseData.Findings.class)) {
            for (Annotation a : type.getAnnotations()) {
                if (a.annotationType().isAnnotationPresent(Constraint.class)) {
                    found.add(type.getSimpleName() + " " + describe(a));
                }
            }
            for (RecordComponent component : type.getRecordComponents()) {
                for (Annotation a : type.getDeclaredField(component.getName()).getAnnotations()) {
                    if (a.annotationType().isAnnotationPresent(Constraint.class) || a instanceof jakarta.validation.Valid) {
                        found.add(type.getSimpleName() + "." + component.getName() + " " + describe(a));
                    }
                }
            }
        }
        assertThat(String.join("\n", found)).isEqualTo(String.join("\n", new TreeSet<>(List.of(
                "CaseData ProductionNotAfterReceipt",
                "CaseData.batchNumber NotBlank", "CaseData.batchNumber PlainText(multiline=false)", "CaseData.batchNumber Size(0..100)",
                "CaseData.channel NotNull", "CaseData.channel Pattern(MARKETING_BRANCH|QUALITY_DEPARTMENT)",
                "CaseData.customer NotNull", "CaseData.customer Valid",
                "CaseData.externalRef PlainText(multiline=false)", "CaseData.externalRef Size(0..100)",
                "CaseData.findings Valid",
                "CaseData.problem NotNull", "CaseData.problem Valid",
                "CaseData.product NotNull", "CaseData.product Valid",
                "CaseData.productionDate NotNull", "CaseData.productionDate StorableDate",
                "CaseData.productionSite NotBlank", "CaseData.productionSite PlainText(multiline=false)", "CaseData.productionSite Size(0..100)",
                "CaseData.quantity NotNull", "CaseData.quantity Positive",
                "CaseData.receivedAt NotNull", "CaseData.receivedAt StorableDate",
                "CaseData.remoteReplyPossible NotNull",
                "CaseData.responsibleUnit NotNull", "CaseData.responsibleUnit Valid",
                "Customer.contact PlainText(multiline=false)", "Customer.contact Size(0..200)",
                "Customer.name NotBlank", "Customer.name PlainText(multiline=false)", "Customer.name Size(0..200)",
                "Customer.province NotBlank", "Customer.province PlainText(multiline=false)", "Customer.province Size(0..100)",
                "Findings.cause NotNull", "Findings.cause Pattern(PRODUCT_DEFECT|IMPROPER_OPERATION|UNDETERMINED)",
                "Findings.directLossCny Digits(13,2)", "Findings.directLossCny PositiveOrZero",
                "Findings.remedyValueCny Digits(13,2)", "Findings.remedyValueCny PositiveOrZero",
                "Findings.staffDispatched PositiveOrZero",
                "Problem.category NotNull", "Problem.category Pattern([A-Z][A-Z0-9_]*)", "Problem.category Size(0..100)",
                "Problem.description PlainText(multiline=true)", "Problem.description Size(0..4000)",
                "Product.category NotNull", "Product.category Pattern([A-Z][A-Z0-9_]*)", "Product.category Size(0..100)",
                "Product.code NotBlank", "Product.code PlainText(multiline=false)", "Product.code Size(0..100)",
                "Product.name PlainText(multiline=false)", "Product.name Size(0..200)",
                "Product.regulated NotNull",
                "Product.spec PlainText(multiline=false)", "Product.spec Size(0..200)",
                "ResponsibleUnit.code NotBlank", "ResponsibleUnit.code PlainText(multiline=false)", "ResponsibleUnit.code Size(0..100)",
                "ResponsibleUnit.province NotBlank", "ResponsibleUnit.province PlainText(multiline=false)", "ResponsibleUnit.province Size(0..100)"))));
    }

    private static String describe(Annotation a) {
        String name = a.annotationType().getSimpleName();
        if (a instanceof jakarta.validation.constraints.Size s) {
            return name + "(" + s.min() + ".." + s.max() + ")";
        }
        if (a instanceof jakarta.validation.constraints.Pattern p) {
            return name + "(" + p.regexp() + (p.flags().length > 0 ? " flags" : "") + ")";
        }
        if (a instanceof jakarta.validation.constraints.Digits d) {
            return name + "(" + d.integer() + "," + d.fraction() + ")";
        }
        if (a instanceof PlainText p) {
            return name + "(multiline=" + p.multiline() + ")";
        }
        if (a instanceof jakarta.validation.constraints.NotNull n && n.groups().length > 0
                || a instanceof jakarta.validation.constraints.NotBlank b && b.groups().length > 0) {
            return name + " with groups";
        }
        return name;
    }

    static CaseData base() {
        return new CaseData("EXT-1", OffsetDateTime.of(2026, 6, 1, 9, 30, 0, 0, ZoneOffset.ofHours(8)), "MARKETING_BRANCH",
                new CaseData.Customer("Xiangtan Mining Co.", "Hunan", "0731-5550123"),
                new CaseData.ResponsibleUnit("SUB-01", "Hunan"),
                new CaseData.Product("EX-201", "Rock emulsion explosive", "EMULSION_EXPLOSIVE", "32 mm", true),
                "B2026-0601-03", LocalDate.of(2025, 12, 1), "SITE-A", 120, new CaseData.Problem("MISFIRE", "Three holes misfired"),
                false, new CaseData.Findings("PRODUCT_DEFECT", false, true, new BigDecimal("25000"), true,
                        new BigDecimal("8000"), 2, false));
    }

    /** The base case with {@code changes} of its values replaced by one near a limit (or any value at all). */
    private static CaseData randomCase(Random r, int changes) {
        Object[] v = components(base());
        for (int k = 0; k < changes; k++) {
            int which = r.nextInt(13);
            v[which] = switch (which) {
                case 0 -> text(r, 100);
                case 1 -> r.nextInt(8) == 0 ? null : time(r);
                case 2 -> text(r, 20);
                case 3 -> r.nextInt(8) == 0 ? null : new CaseData.Customer(text(r, 200), text(r, 100), text(r, 200));
                case 4 -> r.nextInt(8) == 0 ? null : new CaseData.ResponsibleUnit(text(r, 100), text(r, 100));
                case 5 -> r.nextInt(8) == 0 ? null : new CaseData.Product(text(r, 100), text(r, 200), text(r, 100),
                        text(r, 200), r.nextInt(5) == 0 ? null : r.nextBoolean());
                case 6, 8 -> text(r, 100);
                case 7 -> r.nextInt(8) == 0 ? null : date(r);
                case 9 -> r.nextInt(8) == 0 ? null : r.nextInt(5) - 2;
                case 10 -> r.nextInt(8) == 0 ? null : new CaseData.Problem(text(r, 100), text(r, 4000));
                case 11 -> r.nextInt(3) == 0 ? null : r.nextBoolean();
                default -> r.nextInt(5) == 0 ? null : new CaseData.Findings(text(r, 20), r.nextBoolean(), null,
                        amount(r), r.nextBoolean(), amount(r), r.nextInt(5) == 0 ? null : r.nextInt(4) - 1, null);
            };
        }
        return new CaseData((String) v[0], (OffsetDateTime) v[1], (String) v[2], (CaseData.Customer) v[3],
                (CaseData.ResponsibleUnit) v[4], (CaseData.Product) v[5], (String) v[6], (LocalDate) v[7], (String) v[8],
                (Integer) v[9], (CaseData.Problem) v[10], (Boolean) v[11], (CaseData.Findings) v[12]);
    }

    private static Object[] components(CaseData c) {
        return new Object[] {c.externalRef(), c.receivedAt(), c.channel(), c.customer(), c.responsibleUnit(), c.product(),
                c.batchNumber(), c.productionDate(), c.productionSite(), c.quantity(), c.problem(), c.remoteReplyPossible(),
                c.findings()};
    }

    /** A text from the list, or one of about the limit's length (one below, at, one above), or a valid short one. */
    private static String text(Random r, int limit) {
        return switch (r.nextInt(4)) {
            case 0 -> TEXTS[r.nextInt(TEXTS.length)];
            case 1 -> "A".repeat(limit - 1 + r.nextInt(3));
            case 2 -> "Z" + "\u4e00".repeat(r.nextInt(3)) + TEXTS[r.nextInt(TEXTS.length)];
            default -> "OK";
        };
    }

    private static BigDecimal amount(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> null;
            case 1 -> new BigDecimal("-0.01");
            case 2 -> new BigDecimal("9999999999999.99");
            case 3 -> new BigDecimal("10000000000000");
            case 4 -> new BigDecimal("1.005");
            case 5 -> new BigDecimal("1.500").scaleByPowerOfTen(r.nextInt(30) - 15);
            default -> BigDecimal.valueOf(r.nextInt(100_000));
        };
    }

    private static OffsetDateTime time(Random r) {
        int[] years = {1899, 1900, 1901, 2026, 9999, 10000};
        int year = years[r.nextInt(years.length)];
        return OffsetDateTime.of(year, r.nextBoolean() ? 1 : 12, r.nextBoolean() ? 1 : 31, r.nextInt(24), 0, 0, 0,
                ZoneOffset.ofHours(r.nextInt(37) - 18));
    }

    private static LocalDate date(Random r) {
        int[] years = {1899, 1900, 2025, 2026, 2027, 9999};
        return LocalDate.of(years[r.nextInt(years.length)], 1 + r.nextInt(12), 1 + r.nextInt(28));
    }
}
