package com.example.aftersales.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.example.aftersales.policy.facts.CaseFacts;
import com.example.aftersales.policy.facts.PriorDefect;

/**
 * A fixed, varied set of cases for the engine benchmark and the determinism test: intake-only cases, product
 * defects in and out of validity (the last valid day included), improper operation, unknown categories, both
 * province rules, the loss and remedy-value tiers, and 0–10 prior defects that do or do not cluster.
 */
public final class BenchCases {

    /** One case with the prior confirmed defects the service would load for it. */
    public record Input(CaseFacts facts, List<PriorDefect> priorDefects) {
    }

    private static final String[] CATEGORIES = {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR",
            "DETONATING_CORD", "PRIMER", "SAFETY_FUSE"};
    private static final String[] PROVINCES = {"Hunan", "Hubei", "Guangxi", "hunan "};
    private static final String[] PROBLEMS = {"MISFIRE", "PERFORMANCE", "PACKAGING", "LABELLING"};
    private static final String[] PRODUCTS = {"EX-200", "EX-300", "DT-10"};
    private static final String[] SITES = {"SITE-A", "SITE-B", "SITE-C"};
    private static final String[] CAUSES = {null, "PRODUCT_DEFECT", "PRODUCT_DEFECT", "IMPROPER_OPERATION", "UNDETERMINED"};
    private static final BigDecimal[] AMOUNTS = {null, BigDecimal.ZERO, new BigDecimal("3000"), new BigDecimal("5000"),
            new BigDecimal("5000.01"), new BigDecimal("12000"), new BigDecimal("20000"), new BigDecimal("25000.50"),
            new BigDecimal("100000"), new BigDecimal("150000")};
    private static final Boolean[] TRISTATE = {null, Boolean.TRUE, Boolean.FALSE};

    private BenchCases() {
    }

    /** {@code count} cases, always the same for the same count. */
    public static List<Input> generate(int count) {
        SplittableRandom random = new SplittableRandom(20261120L);
        List<Input> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ZoneOffset offset = i % 7 == 0 ? ZoneOffset.UTC : ZoneOffset.ofHours(8);
            OffsetDateTime receivedAt = OffsetDateTime.of(2026, 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), 0, 0, offset);
            String category = pick(random, CATEGORIES);
            int validityMonths = category.contains("EXPLOSIVE") ? 6 : 24;
            LocalDate received = receivedAt.toLocalDate();
            LocalDate produced = switch (i % 4) {
                case 0 -> received.minusMonths(validityMonths); // the last valid day
                case 1 -> received.minusMonths(validityMonths).minusDays(1); // the first day after it
                default -> received.minusDays(random.nextInt(1000));
            };
            String cause = pick(random, CAUSES);
            CaseFacts.Findings findings = cause == null && i % 3 != 0 ? null : new CaseFacts.Findings(cause,
                    pick(random, TRISTATE), pick(random, TRISTATE), pick(random, AMOUNTS), pick(random, TRISTATE),
                    pick(random, AMOUNTS), random.nextInt(5) == 0 ? null : random.nextInt(4), pick(random, TRISTATE));
            String product = pick(random, PRODUCTS);
            String problem = pick(random, PROBLEMS);
            CaseFacts facts = new CaseFacts(receivedAt, i % 5 == 0 ? "QUALITY_DEPARTMENT" : "MARKETING_BRANCH",
                    pick(random, PROVINCES), "SUB-0" + (1 + random.nextInt(3)), pick(random, PROVINCES), product,
                    category, random.nextBoolean(), "B" + random.nextInt(5), produced, pick(random, SITES),
                    1 + random.nextInt(500), problem, random.nextInt(3) == 0, findings);
            inputs.add(new Input(facts, priorDefects(random, i, receivedAt, product, problem)));
        }
        return List.copyOf(inputs);
    }

    /** 0–10 prior defects, mostly of this product and problem, some outside the 180-day window or after the case. */
    private static List<PriorDefect> priorDefects(SplittableRandom random, int caseIndex, OffsetDateTime receivedAt,
                                                  String product, String problem) {
        int count = caseIndex % 3 == 0 ? 0 : random.nextInt(11);
        List<PriorDefect> priors = new ArrayList<>(count);
        for (int j = 0; j < count; j++) {
            OffsetDateTime at = receivedAt.minusDays(random.nextInt(220)).minusHours(random.nextInt(24));
            if (j == 0 && caseIndex % 5 == 1) {
                at = receivedAt.minusDays(180); // exactly the window's start
            }
            priors.add(new PriorDefect(100_000L * caseIndex + j, at,
                    random.nextInt(4) == 0 ? pick(random, PRODUCTS) : product,
                    random.nextInt(4) == 0 ? pick(random, PROBLEMS) : problem,
                    "B" + random.nextInt(5), pick(random, SITES)));
        }
        return List.copyOf(priors);
    }

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
