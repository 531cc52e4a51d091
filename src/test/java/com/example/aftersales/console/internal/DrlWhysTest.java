package com.example.aftersales.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.example.aftersales.policy.RuleFiles;

/**
 * Every rule written in rules/*.drl has its declared why ({@link DrlWhys}), and every declared why names a rule that
 * is written there: a new DRL rule cannot silently lack one, and a renamed rule cannot leave a stale one behind.
 * (That each rule's declared checks agree with what it did on real cases is {@code CaseWhyRulesTest}.)
 */
class DrlWhysTest {

    @Test
    void everyRuleInTheShippedDrlFilesHasAWhyAndEveryWhyARule() {
        Map<String, String> rules = RuleFiles.load(Path.of(".")).drlRuleSources();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(19);
        assertThat(withoutWhy(rules.keySet())).as("DRL rules without a why in console/DrlWhys").isEmpty();
        assertThat(new TreeSet<>(DrlWhys.ENTRIES.keySet())).as("whys naming no rule").isEqualTo(new TreeSet<>(rules.keySet()));
        assertThat(rules.get("满意度回访：每个案件 / Satisfaction call: every case")).matches("rules/follow-up\\.drl:\\d+");
    }

    @Test
    void aRuleAddedWithoutAWhyIsFound() {
        Map<String, byte[]> files = new HashMap<>(RuleFiles.load(Path.of(".")).files());
        files.put("rules/extra.drl", """
                package aftersales.policy;
                import com.example.aftersales.policy.facts.*;
                rule "新规则 / A new rule"
                when
                    CaseFacts( quantity > 1000 )
                then
                    insert( Decision.of( kcontext, "HANDLING", "ON_SITE", "大量", "Large" ) );
                end
                """.getBytes(StandardCharsets.UTF_8));
        Map<String, String> rules = new RuleFiles(files).drlRuleSources();
        assertThat(rules).containsEntry("新规则 / A new rule", "rules/extra.drl:3");
        assertThat(withoutWhy(rules.keySet())).containsExactly("新规则 / A new rule");
    }

    @Test
    void everyWhyDecidesAKnownTypeAndHasChecks() {
        List<String> types = com.example.aftersales.policy.CompiledRuleset.decisionTypes();
        for (DrlWhys.Entry e : DrlWhys.ENTRIES.values()) {
            assertThat(types).as(e.rule()).contains(e.type());
            assertThat(e.checks()).as(e.rule()).isNotEmpty();
        }
    }

    private static Set<String> withoutWhy(Set<String> rules) {
        Set<String> missing = new TreeSet<>(rules);
        missing.removeAll(DrlWhys.ENTRIES.keySet());
        return missing;
    }
}
