package com.example.aftersales.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.aftersales.bench.BenchCases;
import com.example.aftersales.policy.facts.Decision;
import com.example.aftersales.policy.internal.RulesetCompiler;

/**
 * The engine gives the same evaluation for the same input, again and again and from several threads at once,
 * and still stops a rule that keeps re-triggering itself.
 */
class EngineDeterminismTest {

    private static final List<BenchCases.Input> CASES = BenchCases.generate(300);
    private static CompiledRuleset ruleset;
    private static List<Evaluation> reference;
    private static ExecutorService threads;

    @BeforeAll
    static void compile() {
        ruleset = new RulesetCompiler(1000).compile(RuleFiles.load(Path.of(".")));
        reference = evaluateAll(ruleset);
        threads = Executors.newFixedThreadPool(2);
    }

    /** The shipped rules with one more DRL file, compiled with the given firing limit. */
    private static CompiledRuleset shippedWith(String file, String drl, int maxFirings) {
        Map<String, byte[]> files = new HashMap<>(RuleFiles.load(Path.of(".")).files());
        files.put(file, drl.getBytes(StandardCharsets.UTF_8));
        return new RulesetCompiler(maxFirings).compile(new RuleFiles(files));
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    @Test
    void theCasesExerciseEveryKindOfDecision() {
        List<String> types = reference.stream().flatMap(e -> e.decisions().stream()).map(Decision::type).distinct().toList();
        assertThat(types).containsAll(CompiledRuleset.DECISION_ORDER);
        assertThat(reference.stream().flatMap(e -> e.decisions().stream()).map(d -> d.type() + "=" + d.value()))
                .contains("WARRANTY=IN_VALIDITY", "WARRANTY=EXPIRED", "WARRANTY=UNDETERMINED",
                        "RECTIFICATION_ORDER=RECURRING", "RECTIFICATION_ORDER=SYSTEMIC");
    }

    @Test
    void evaluatingAgainGivesTheSameEvaluation() {
        assertThat(evaluateAll(ruleset)).isEqualTo(reference);
        for (Evaluation evaluation : reference) {
            assertThat(evaluation.decisions()).isSortedAccordingTo(decisionOrder());
            assertThat(evaluation.decisions()).allSatisfy(d -> assertThat(d.source()).isNotBlank());
            assertThat(evaluation.firedRules()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
        }
    }

    @Test
    void twoThreadsAtOnceGetTheSameEvaluations() throws Exception {
        Callable<List<Evaluation>> task = () -> {
            List<Evaluation> last = null;
            for (int round = 0; round < 5; round++) {
                last = evaluateAll(ruleset);
                assertThat(last).isEqualTo(reference);
            }
            return last;
        };
        List<Future<List<Evaluation>>> results = List.of(threads.submit(task), threads.submit(task));
        for (Future<List<Evaluation>> result : results) {
            assertThat(result.get()).isEqualTo(reference);
        }
    }

    @Test
    void theFiringLimitIsExactAndEnforced() {
        BenchCases.Input input = CASES.stream()
                .max(java.util.Comparator.comparingInt((BenchCases.Input i) -> ruleset.evaluate(i.facts(), i.priorDefects()).firedRules().size()))
                .orElseThrow();
        int fired = ruleset.evaluate(input.facts(), input.priorDefects()).firedRules().size();
        RuleFiles shipped = RuleFiles.load(Path.of("."));

        CompiledRuleset justEnough = new RulesetCompiler(fired).compile(shipped);
        assertThat(justEnough.evaluate(input.facts(), input.priorDefects()).firedRules()).hasSize(fired);
        CompiledRuleset oneShort = new RulesetCompiler(fired - 1).compile(shipped);
        assertThatThrownBy(() -> oneShort.evaluate(input.facts(), input.priorDefects()))
                .isInstanceOf(RunawayRulesException.class);
    }

    @Test
    void aRuleThatKeepsTriggeringItselfIsStopped() {
        CompiledRuleset looping = shippedWith("rules/zz-loop.drl", """
                package aftersales.policy;
                import com.example.aftersales.policy.facts.*;
                rule "Loop: every decision makes another"
                when
                    Decision()
                then
                    insert( new Decision( "LOOP", "AGAIN", "P0", "Loop: every decision makes another", null, "再来", "again" ) );
                end
                """, 20);
        BenchCases.Input input = CASES.get(0);
        assertThatThrownBy(() -> looping.evaluate(input.facts(), input.priorDefects()))
                .isInstanceOfSatisfying(RunawayRulesException.class,
                        e -> assertThat(e.lastRules()).contains("Loop: every decision makes another").hasSizeLessThanOrEqualTo(10));
        // The session that ran away does not leak into the next evaluation.
        assertThatThrownBy(() -> looping.evaluate(input.facts(), input.priorDefects()))
                .isInstanceOf(RunawayRulesException.class);
        assertThat(ruleset.evaluate(input.facts(), input.priorDefects())).isEqualTo(reference.get(0));
    }

    /**
     * The rule base is immutable, and its sessions keep no fact that no pattern can match: a decision no rule reads is
     * still decided, and one a rule deletes is not.
     */
    @Test
    void aDecisionNoRuleReadsIsKeptAndOneARuleDeletesIsNot() {
        assertThat(((org.drools.core.impl.InternalRuleBase) ruleset.kieBase()).getKieBaseConfiguration().isMutabilityEnabled())
                .isFalse();
        CompiledRuleset extra = shippedWith("rules/zz-extra.drl", """
                package aftersales.policy;
                import com.example.aftersales.policy.facts.*;
                rule "Extra: a decision no rule reads"
                when
                    CaseFacts()
                then
                    Decision d = new Decision( "ZZ_EXTRA", "UNREAD", "P0", "Extra: a decision no rule reads", null, "未读", "unread" );
                    insert( d );
                    insert( d );
                end
                rule "Extra: no satisfaction call"
                when
                    $d : Decision( type == "SATISFACTION_CALL" )
                then
                    delete( $d );
                end
                """, 1000);
        for (int i = 0; i < CASES.size(); i++) {
            BenchCases.Input input = CASES.get(i);
            List<String> expected = new ArrayList<>(reference.get(i).decisions().stream().map(Decision::type)
                    .filter(t -> !t.equals("SATISFACTION_CALL")).toList());
            expected.add("ZZ_EXTRA");
            Evaluation evaluation = extra.evaluate(input.facts(), input.priorDefects());
            assertThat(evaluation.decisions()).extracting(Decision::type).containsExactlyElementsOf(expected);
            assertThat(evaluation.firedRules()).extracting(FiredRule::rule)
                    .contains("Extra: a decision no rule reads", "Extra: no satisfaction call");
        }
    }

    @Test
    void aRuleThatFailsDoesNotSpoilTheNextEvaluation() {
        CompiledRuleset failing = shippedWith("rules/zz-fail.drl", """
                package aftersales.policy;
                import com.example.aftersales.policy.facts.*;
                rule "Fail: unknown category"
                when
                    CaseFacts( productCategory == "SAFETY_FUSE" )
                then
                    throw new IllegalStateException( "no such category" );
                end
                """, 1000);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < CASES.size(); i++) {
                BenchCases.Input input = CASES.get(i);
                if (input.facts().getProductCategory().equals("SAFETY_FUSE")) {
                    assertThatThrownBy(() -> failing.evaluate(input.facts(), input.priorDefects()))
                            .hasRootCauseInstanceOf(IllegalStateException.class);
                } else {
                    Evaluation evaluation = failing.evaluate(input.facts(), input.priorDefects());
                    assertThat(evaluation.decisions()).isEqualTo(reference.get(i).decisions());
                    assertThat(evaluation.firedRules()).isEqualTo(reference.get(i).firedRules());
                }
            }
        }
    }

    private static List<Evaluation> evaluateAll(CompiledRuleset rules) {
        List<Evaluation> evaluations = new ArrayList<>(CASES.size());
        for (BenchCases.Input input : CASES) {
            evaluations.add(rules.evaluate(input.facts(), input.priorDefects()));
        }
        return evaluations;
    }

    private static java.util.Comparator<Decision> decisionOrder() {
        return java.util.Comparator.comparingInt((Decision d) -> {
            int i = CompiledRuleset.DECISION_ORDER.indexOf(d.type());
            return i < 0 ? CompiledRuleset.DECISION_ORDER.size() : i;
        }).thenComparing(Decision::type).thenComparing(Decision::value);
    }
}
