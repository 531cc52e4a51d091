package com.example.aftersales.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.rulesets.Scenarios.Expected;

/** How a scenario's expected source matches a decision's source. */
class ScenarioSourceTest {

    private static boolean matches(String expected, String source) {
        return Scenarios.matches(new Expected("RECTIFICATION_ORDER", "SYSTEMIC", null, expected),
                new Decision("RECTIFICATION_ORDER", "SYSTEMIC", "P20", "rule", source, "理由", "reason"));
    }

    @Test
    void aWorkbookMatchesWhetherSavedAsXlsxOrXls() {
        assertThat(matches("decision-tables/rectification-triggers.xlsx", "decision-tables/rectification-triggers.xls!Triggers!11")).isTrue();
        assertThat(matches("decision-tables/rectification-triggers.xlsx", "decision-tables/rectification-triggers.XLS!Triggers!11")).isTrue();
        assertThat(matches("decision-tables/rectification-triggers.xls!Triggers!11", "decision-tables/rectification-triggers.xlsx!Triggers!11")).isTrue();
        assertThat(matches("decision-tables/rectification-triggers.xlsx", "decision-tables/rectification-triggers.xlsx!Triggers!11")).isTrue();
    }

    @Test
    void stillOnlyTheSameTableAndRow() {
        assertThat(matches("decision-tables/rectification-triggers.xlsx", "decision-tables/remedy-matrix.xls!Remedy!11")).isFalse();
        assertThat(matches("decision-tables/rectification-triggers.xls!Triggers!1", "decision-tables/rectification-triggers.xlsx!Triggers!11")).isFalse();
        assertThat(matches("decision-tables/rectification-triggers.xlsx!Triggers!11", "decision-tables/rectification-triggers.xls!Triggers!12")).isFalse();
        assertThat(matches("rules/remedy.drl:2", "rules/remedy.drl:29")).isFalse();
        assertThat(matches("rules/remedy.drl", "rules/remedy.drl:29")).isTrue();
    }
}
