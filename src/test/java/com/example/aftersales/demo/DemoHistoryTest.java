package com.example.aftersales.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.example.aftersales.cases.CaseData;

/** The demo history generator: deterministic, streamed in receipt order, valid and realistic cases. */
class DemoHistoryTest {

    private static final List<CaseData> HISTORY = new DemoHistory(42, 5000).stream().toList();

    @Test
    @DisplayName("The same seed gives the same cases; another seed other cases")
    void deterministic() {
        assertThat(new DemoHistory(42, 5000).stream().toList()).isEqualTo(HISTORY);
        assertThat(new DemoHistory(42, 5000).iterator().next()).isEqualTo(HISTORY.get(0));
        List<CaseData> other = new DemoHistory(43, 5000).stream().toList();
        assertThat(other.get(10)).isNotEqualTo(HISTORY.get(10));
    }

    @Test
    @DisplayName("Cases come in receivedAt order, over the period, each with its own DEMO-<seed>-<n> reference")
    void orderedAndUnique() {
        for (int i = 1; i < HISTORY.size(); i++) {
            assertThat(HISTORY.get(i).receivedAt()).isAfterOrEqualTo(HISTORY.get(i - 1).receivedAt());
        }
        assertThat(HISTORY.get(0).externalRef()).isEqualTo("DEMO-42-0");
        assertThat(HISTORY.get(4999).externalRef()).isEqualTo("DEMO-42-4999");
        assertThat(HISTORY.stream().map(CaseData::externalRef).distinct().count()).isEqualTo(5000);
        DemoHistory h = new DemoHistory(42, 5000);
        assertThat(HISTORY.get(0).receivedAt().toLocalDate()).isEqualTo(h.from());
        assertThat(HISTORY.get(4999).receivedAt().toLocalDate()).isEqualTo(h.to());
        assertThat(new DemoHistory(1, 10, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 1)).stream()
                .map(c -> c.receivedAt().toLocalDate()).distinct().toList()).containsExactly(LocalDate.of(2025, 1, 1));
    }

    @Test
    @DisplayName("Every case passes the validation the HTTP contract applies")
    void valid() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        for (CaseData c : HISTORY) {
            assertThat(validator.validate(c)).as(c.externalRef()).isEmpty();
        }
    }

    @Test
    @DisplayName("Catalogue, units, provinces, problems and sites as described; customers mostly in the unit's province")
    void catalogue() {
        assertThat(distinct(c -> c.product().code())).hasSize(30);
        assertThat(distinct(c -> c.product().category())).containsExactlyInAnyOrder(DemoHistory.CATEGORIES);
        assertThat(distinct(c -> c.responsibleUnit().code())).hasSize(8);
        assertThat(distinct(c -> c.customer().province())).hasSize(15);
        assertThat(distinct(c -> c.problem().category())).hasSize(12);
        assertThat(distinct(CaseData::productionSite)).containsExactlyInAnyOrder("SITE-A", "SITE-B", "SITE-C", "SITE-D");
        assertThat(share(c -> c.customer().province().equals(c.responsibleUnit().province()))).isBetween(0.7, 0.85);
        // a batch is one product, one production date, one site
        Map<String, String> batch = new HashMap<>();
        for (CaseData c : HISTORY) {
            String key = c.product().code() + "|" + c.productionDate() + "|" + c.productionSite();
            assertThat(batch.computeIfAbsent(c.batchNumber(), b -> key)).isEqualTo(key);
        }
    }

    @Test
    @DisplayName("Causes about 45/35/20 %, some expired, losses with a long tail, remedy values in every tier")
    void distributions() {
        List<CaseData.Findings> findings = HISTORY.stream().map(CaseData::findings).filter(f -> f != null).toList();
        assertThat(findings.size()).isBetween(4500, 4900);
        Map<String, Long> causes = findings.stream().collect(Collectors.groupingBy(CaseData.Findings::cause, Collectors.counting()));
        assertThat(causes.get("PRODUCT_DEFECT") / (double) findings.size()).isBetween(0.42, 0.52);
        assertThat(causes.get("IMPROPER_OPERATION") / (double) findings.size()).isBetween(0.30, 0.38);
        assertThat(causes.get("UNDETERMINED") / (double) findings.size()).isBetween(0.16, 0.23);
        assertThat(share(c -> c.receivedAt().toLocalDate().isAfter(
                c.productionDate().plusMonths(c.product().category().endsWith("EXPLOSIVE") ? 6 : 24)))).isBetween(0.03, 0.12);
        long major = findings.stream().filter(f -> f.directLossCny().compareTo(BigDecimal.valueOf(20_000)) >= 0).count();
        assertThat(major).isBetween(10L, 150L);
        long none = findings.stream().filter(f -> f.directLossCny().signum() == 0).count();
        assertThat(none).isGreaterThan(findings.size() / 4);
        Set<Integer> tiers = new HashSet<>();
        for (CaseData.Findings f : findings) {
            double v = f.remedyValueCny().doubleValue();
            tiers.add(v <= 5_000 ? 1 : v <= 20_000 ? 2 : v <= 100_000 ? 3 : 4);
        }
        assertThat(tiers).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(findings.stream().filter(f -> Boolean.TRUE.equals(f.representative())).count()).isBetween(5L, 80L);
    }

    @Test
    @DisplayName("Clusters: some product and problem get three or more defects within a few weeks")
    void clusters() {
        Map<String, List<CaseData>> defects = HISTORY.stream()
                .filter(c -> c.findings() != null && c.findings().cause().equals("PRODUCT_DEFECT"))
                .collect(Collectors.groupingBy(c -> c.product().code() + "|" + c.problem().category()));
        long bursts = defects.values().stream().filter(list -> {
            for (int i = 2; i < list.size(); i++) {
                if (!list.get(i).receivedAt().isAfter(list.get(i - 2).receivedAt().plusDays(42))) return true;
            }
            return false;
        }).count();
        assertThat(bursts).isGreaterThanOrEqualTo(10);
    }

    private Set<String> distinct(Function<CaseData, String> f) {
        return HISTORY.stream().map(f).collect(Collectors.toSet());
    }

    private double share(java.util.function.Predicate<CaseData> p) {
        return HISTORY.stream().filter(p).count() / (double) HISTORY.size();
    }

    @Test
    @DisplayName("The loader's settings bind from the command line's text, with the generator's defaults when unset")
    void settingsBindAsTheCommandLineGivesThem() {
        DemoProperties given = bind(Map.of("aftersales.demo.cases", "3000", "aftersales.demo.seed", "7",
                "aftersales.demo.from", "2020-01-01", "aftersales.demo.to", "2020-12-31"));
        DemoHistory history = new DemoHistoryLoader(null, null, given).history();
        assertThat(history.from()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(history.to()).isEqualTo(LocalDate.of(2020, 12, 31));
        assertThat(history.externalRef(0)).isEqualTo(new DemoHistory(7, 3000, history.from(), history.to()).externalRef(0));

        DemoProperties defaults = bind(Map.of("aftersales.demo.cases", "5000"));
        assertThat(defaults.seed()).isEqualTo(42);
        assertThat(defaults.batchSize()).isEqualTo(com.example.aftersales.cases.HistoryRecorder.DEFAULT_BATCH_SIZE);
        DemoHistory byDefault = new DemoHistoryLoader(null, null, defaults).history();
        assertThat(byDefault.to()).isEqualTo(DemoHistory.DEFAULT_END);
        assertThat(byDefault.from()).isEqualTo(DemoHistory.DEFAULT_END.minusDays(DemoHistory.defaultDays(5000) - 1L));
        assertThat(new DemoHistoryLoader(null, null, defaults).history().iterator().next()).isEqualTo(HISTORY.get(0));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of("aftersales.demo.cases", "-1")))
                .hasRootCauseMessage("aftersales.demo.cases must be 0 or more");
    }

    private static DemoProperties bind(Map<String, String> properties) {
        return new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(properties))
                .bindOrCreate("aftersales.demo", DemoProperties.class);
    }
}
