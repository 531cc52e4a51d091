package com.example.aftersales.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.example.aftersales.policy.facts.Decision;

/** The engine's own sort of an evaluation's decisions orders them exactly as the comparator it stands for. */
class DecisionOrderTest {

    @Test
    @DisplayName("Decisions sort as by type rank, type and value, ties kept in the order found, any number of them")
    void sortsAsTheComparator() {
        Random random = new Random(17);
        List<String> types = new ArrayList<>(CompiledRuleset.decisionTypes());
        types.add("ZZ_UNKNOWN");
        types.add("AA_UNKNOWN");
        for (int round = 0; round < 20_000; round++) {
            int n = random.nextInt(round % 100 == 0 ? 60 : 16);
            List<Decision> decisions = new ArrayList<>();
            for (int i = 0; i < n; i++) { // few values, so that equal types and values occur, told apart by rule
                decisions.add(new Decision(types.get(random.nextInt(types.size())), "V" + random.nextInt(3), null,
                        "rule" + i, null, null, null));
            }
            List<Decision> expected = new ArrayList<>(decisions);
            expected.sort(CompiledRuleset.BY_TYPE_AND_VALUE);
            CompiledRuleset.sort(decisions);
            assertThat(decisions).containsExactlyElementsOf(expected);
        }
    }
}
