package com.example.aftersales.bench;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Varied cases as the API receives them (JSON), for tests that need many different cases: 5 product categories,
 * 40 products, 10 provinces, 10 problem categories, 70 % with findings, losses and remedy values across every tier,
 * received over 2026. bench/cases.lua sends the same kind of cases to the service under wrk.
 */
public final class RandomCases {

    private static final String[] CATEGORIES = {"EMULSION_EXPLOSIVE", "POWDER_EXPLOSIVE", "DETONATOR", "DETONATING_CORD", "PRIMER"};
    private static final String[] PROVINCES = {"Hunan", "Hubei", "Guangdong", "Guangxi", "Sichuan", "Yunnan", "Guizhou", "Jiangxi", "Anhui", "Shanxi"};
    private static final String[] PROBLEMS = {"MISFIRE", "PERFORMANCE", "PACKAGING", "LABELLING", "HARDENING",
            "DENSITY", "DELAY_TIME", "LEAD_WIRE", "MOISTURE", "SHELL_DAMAGE"};
    private static final String[] CAUSES = {"PRODUCT_DEFECT", "IMPROPER_OPERATION", "UNDETERMINED"};

    private RandomCases() {
    }

    public static String randomCase(SplittableRandom r, String ref) {
        OffsetDateTime received = OffsetDateTime.of(2026, 1, 1, 8, 0, 0, 0, ZoneOffset.ofHours(8))
                .plusMinutes(r.nextInt(330 * 24 * 60));
        LocalDate produced = received.toLocalDate().minusDays(1 + r.nextInt(900));
        String customerProvince = PROVINCES[r.nextInt(PROVINCES.length)];
        String unitProvince = r.nextInt(3) == 0 ? PROVINCES[r.nextInt(PROVINCES.length)] : customerProvince;
        int product = r.nextInt(40);
        String category = CATEGORIES[product % CATEGORIES.length];
        String findings = "";
        if (r.nextInt(10) < 7) {
            findings = """
                    , "findings": {"cause": "%s", "repairable": %s, "problemProductOnSite": %s, "directLossCny": %d,
                      "compensationClaimed": %s, "remedyValueCny": %d, "staffDispatched": %d, "representative": %s}"""
                    .formatted(CAUSES[r.nextInt(CAUSES.length)], r.nextBoolean(), r.nextInt(4) != 0, r.nextInt(40_000),
                            r.nextBoolean(), r.nextInt(150_000), 1 + r.nextInt(3), r.nextInt(20) == 0);
        }
        return """
                {"externalRef": "LOAD-%s", "receivedAt": "%s", "channel": "MARKETING_BRANCH",
                 "customer": {"name": "Customer %d", "province": "%s", "contact": "0731-5550%03d"},
                 "responsibleUnit": {"code": "SUB-%02d", "province": "%s"},
                 "product": {"code": "P-%03d", "name": "Product %d", "category": "%s", "spec": "std", "regulated": %s},
                 "batchNumber": "B%s-%02d", "productionDate": "%s", "productionSite": "SITE-%c", "quantity": %d,
                 "problem": {"category": "%s", "description": "load test"}, "remoteReplyPossible": %s%s}
                """.formatted(ref, received, r.nextInt(1000), customerProvince, r.nextInt(1000), r.nextInt(12), unitProvince,
                product, product, category, r.nextInt(10) != 0, produced.toString().replace("-", ""), r.nextInt(5),
                produced, (char) ('A' + r.nextInt(3)), 1 + r.nextInt(500), PROBLEMS[r.nextInt(PROBLEMS.length)],
                r.nextInt(5) == 0, findings);
    }
}
