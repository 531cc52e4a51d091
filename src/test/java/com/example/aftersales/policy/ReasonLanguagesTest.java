package com.example.aftersales.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.policy.internal.RulesetCompiler;
import com.example.aftersales.rulesets.Scenarios;

/**
 * Every decision type, as the scenarios make them, gives its reason in Chinese and in English: Chinese text in
 * Chinese, English without Chinese characters, and the same figures in both.
 */
class ReasonLanguagesTest {

    @Test
    void everyDecisionTypeHasItsReasonInBothLanguages() throws Exception {
        RuleFiles files = RuleFiles.load(Path.of("."));
        CompiledRuleset rules = new RulesetCompiler(1000).compile(files);
        Set<String> types = new TreeSet<>();
        for (byte[] yaml : Scenarios.of(files).values()) {
            Scenarios.Scenario s = Scenarios.read(yaml);
            for (Decision d : rules.evaluate(s.caseData().toFacts(), Scenarios.priors(s)).decisions()) {
                types.add(d.type());
                assertThat(d.reasonZh()).as("Chinese reason of " + d).containsPattern("\\p{IsHan}");
                assertThat(d.reasonEn()).as("English reason of " + d).isNotBlank().doesNotContainPattern("\\p{IsHan}");
                assertThat(numbers(d.reasonZh())).as("the figures of " + d).isEqualTo(numbers(d.reasonEn()));
            }
        }
        assertThat(types).containsExactlyInAnyOrderElementsOf(CompiledRuleset.DECISION_ORDER);
    }

    /** The figures a text states (dates, amounts, counts), in order of size, without thousands separators. */
    private static Set<String> numbers(String text) {
        Set<String> found = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d[\\d,.:-]*\\d|\\d").matcher(text);
        while (m.find()) {
            found.add(m.group().replace(",", ""));
        }
        return found;
    }
}
